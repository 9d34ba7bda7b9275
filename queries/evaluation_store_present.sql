-- Whether the store has the evaluations table (schema 3; a read-only store of schema 2 does not):
-- one row, column `present` (BOOLEAN). No parameters.
SELECT count(*) > 0 AS present
FROM duckdb_tables()
WHERE table_name = 'evaluations' AND schema_name = 'main';
