-- How many cells a rollback restores: one row, column `restored`. Needs stage_restored_entries.
-- No parameters.
SELECT count(*) AS restored FROM restored_entries;
