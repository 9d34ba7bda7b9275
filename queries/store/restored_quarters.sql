-- The quarters a rollback to $target touches (restored or closed cells), sorted.
-- Needs stage_restored_entries. Parameters: $target.
SELECT DISTINCT quarter
FROM entries
WHERE entry_id IN (SELECT source_entry_id FROM restored_entries)
    OR (valid_to IS NULL AND NOT visible_in(valid_from, valid_to, $target))
ORDER BY quarter;
