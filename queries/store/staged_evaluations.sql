-- The staged evaluation scores with their status, for the preview: one row per (year,
-- committee, branch): year, committee, branch, status, score, old_score (NULL when none).
-- Needs stage_evaluations. No parameters.
SELECT year, committee, branch, status, score, old_score
FROM staged_evaluations
ORDER BY year, committee, branch;
