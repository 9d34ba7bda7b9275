-- The first version that stored a file with this content: one row (version, position,
-- file_name) or none. Parameters: $sha256.
SELECT version, position, file_name
FROM version_files
WHERE sha256 = $sha256
ORDER BY version, position
LIMIT 1;
