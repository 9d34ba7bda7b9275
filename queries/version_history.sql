-- One row per data version, newest first, with its files (names, sha256, sizes) aggregated.
-- No parameters.
SELECT
    v.version,
    v.created_at,
    v.user_name,
    v.action,
    v.restored_version,
    v.quarters,
    v.entries_written,
    v.entries_unchanged,
    v.entries_closed,
    list(f.file_name ORDER BY f.position) FILTER (WHERE f.file_name IS NOT NULL) AS file_names,
    list(f.sha256 ORDER BY f.position) FILTER (WHERE f.sha256 IS NOT NULL) AS sha256s,
    coalesce(sum(f.size_bytes), 0) AS size_bytes
FROM versions AS v
LEFT JOIN version_files AS f USING (version)
GROUP BY ALL
ORDER BY v.version DESC;
