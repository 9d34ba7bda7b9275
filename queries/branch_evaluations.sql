-- One row per branch with a year-end evaluation score E (群众评价, SPEC §3.16) for year $year
-- visible as of version $as_of: branch_id, evaluation (0–100).
-- Parameters: $year (VARCHAR 'YYYY'), $as_of (INTEGER).
SELECT branch_id, score AS evaluation
FROM evaluations
WHERE year = $year
    AND visible_in(valid_from, valid_to, $as_of)
ORDER BY branch_id;
