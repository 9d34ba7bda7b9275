-- Identifiers that must be unique but are not (entries.entry_id has no index, so nothing else
-- enforces it), and indicators scored twice in one entry: one row per duplicated key
-- (kind, id, copies, detail). A consistent store returns no row. No parameters.
SELECT
    'entry_id' AS kind,
    entry_id::VARCHAR AS id,
    count(*) AS copies,
    format('entry id {} is used by {} entry rows', entry_id, count(*)) AS detail
FROM entries
GROUP BY entry_id
HAVING count(*) > 1
UNION ALL
SELECT
    'entry_score' AS kind,
    entry_id::VARCHAR || '/' || indicator_id::VARCHAR AS id,
    count(*) AS copies,
    format('entry {} scores indicator {} {} times', entry_id, indicator_id, count(*)) AS detail
FROM entry_scores
GROUP BY entry_id, indicator_id
HAVING count(*) > 1
ORDER BY kind, id;
