-- One stored original file: one row (file_name, content) or none. Parameters: $version, $position.
SELECT file_name, content
FROM version_files
WHERE version = $version AND position = $position;
