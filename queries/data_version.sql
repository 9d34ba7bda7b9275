-- The latest data version: one row, one column `version` (0 when nothing is stored). No parameters.
SELECT coalesce(max(version), 0) AS version FROM versions;
