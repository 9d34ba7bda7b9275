-- Rows that point at something missing: scores of no entry or of an unknown indicator, entries
-- of an unknown branch, files of an unknown version. One row per orphan (kind, id, detail).
-- A consistent store returns no row. No parameters.
SELECT
    'score_without_entry' AS kind,
    s.entry_id::VARCHAR AS id,
    format('a score row points at entry {}, which does not exist', s.entry_id) AS detail
FROM entry_scores AS s
WHERE s.entry_id NOT IN (SELECT entry_id FROM entries)
UNION ALL
SELECT
    'score_of_unknown_indicator' AS kind,
    s.indicator_id::VARCHAR AS id,
    format('entry {} scores indicator {}, which does not exist', s.entry_id, s.indicator_id) AS detail
FROM entry_scores AS s
WHERE s.indicator_id NOT IN (SELECT indicator_id FROM indicators)
UNION ALL
SELECT
    'entry_of_unknown_branch' AS kind,
    e.entry_id::VARCHAR AS id,
    format('entry {} belongs to branch {}, which does not exist', e.entry_id, e.branch_id) AS detail
FROM entries AS e
WHERE e.branch_id NOT IN (SELECT branch_id FROM branches)
UNION ALL
SELECT
    'file_of_unknown_version' AS kind,
    f.version::VARCHAR || '/' || f.position::VARCHAR AS id,
    format('file {} (#{}) belongs to version {}, which does not exist', f.file_name, f.position, f.version) AS detail
FROM version_files AS f
WHERE f.version NOT IN (SELECT version FROM versions)
ORDER BY kind, id;
