-- Evaluation scores of one (branch, year) visible in the same version: one row per overlapping
-- pair (detail). A consistent store returns no row. No parameters.
SELECT format('branch {} year {}: evaluation rows {} and {} overlap', a.branch_id, a.year,
              a.evaluation_id, b.evaluation_id) AS detail
FROM evaluations AS a
JOIN evaluations AS b
    ON a.branch_id = b.branch_id AND a.year = b.year AND a.evaluation_id < b.evaluation_id
WHERE a.valid_from < coalesce(b.valid_to, 2147483647)
    AND b.valid_from < coalesce(a.valid_to, 2147483647)
ORDER BY a.branch_id, a.year, a.evaluation_id;
