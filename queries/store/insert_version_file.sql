-- Keep one uploaded file of version $version, byte for byte.
-- Parameters: $version, $position, $file_name, $sha256, $size_bytes, $quarters, $row_count, $content.
INSERT INTO version_files
VALUES ($version, $position, $file_name, $sha256, $size_bytes, $quarters, $row_count, $content);
