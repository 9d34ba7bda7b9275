-- The smallest and largest entry id stored (NULLs when there is no cell): one row.
-- No parameters.
SELECT min(entry_id) AS first_id, max(entry_id) AS last_id
FROM entries;
