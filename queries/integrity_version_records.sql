-- Versions whose record disagrees with the data: a gap in the numbering 1…latest, an upload
-- without its files, a rollback without its target, or a count of written cells that differs
-- from the entry rows the version wrote. One row per problem (version, kind, detail).
-- A consistent store returns no row. No parameters.
WITH latest AS (
    SELECT coalesce(max(version), 0) AS version FROM versions
),
expected AS (
    SELECT range AS version FROM range(1, (SELECT version FROM latest) + 1)
),
written AS (  -- entry rows and evaluation rows (SPEC §3.16) a version wrote
    SELECT version, count(*) AS entry_rows
    FROM (
        SELECT valid_from AS version FROM entries
        UNION ALL
        SELECT valid_from AS version FROM evaluations
    )
    GROUP BY version
),
files AS (
    SELECT version, count(*) AS file_count FROM version_files GROUP BY version
)
SELECT
    x.version::INTEGER AS version,
    'missing_version' AS kind,
    format('version {} is missing from 1…{}', x.version, (SELECT version FROM latest)) AS detail
FROM expected AS x
WHERE x.version NOT IN (SELECT version FROM versions)
UNION ALL
SELECT
    v.version,
    'upload_without_files' AS kind,
    format('upload version {} keeps no file', v.version) AS detail
FROM versions AS v
LEFT JOIN files AS f USING (version)
WHERE v.action = 'upload' AND f.file_count IS NULL
UNION ALL
SELECT
    v.version,
    'rollback_without_target' AS kind,
    format('rollback version {} names no existing version it restores', v.version) AS detail
FROM versions AS v
WHERE v.action = 'rollback'
    AND (v.restored_version IS NULL OR v.restored_version NOT IN (SELECT version FROM versions))
UNION ALL
SELECT
    v.version,
    'written_count' AS kind,
    format('version {} records {} cells written but wrote {} entry rows',
           v.version, v.entries_written, coalesce(w.entry_rows, 0)) AS detail
FROM versions AS v
LEFT JOIN written AS w USING (version)
WHERE v.entries_written <> coalesce(w.entry_rows, 0)
ORDER BY version, kind;
