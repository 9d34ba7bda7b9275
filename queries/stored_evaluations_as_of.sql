-- The year-end evaluation scores visible as of version $as_of: one row per (year, branch):
-- year, committee, general_branch, branch, score (E, 0–100), version (the version that wrote
-- it); sorted by year, committee, branch. Parameters: $as_of (INTEGER).
SELECT e.year, b.committee, e.general_branch, b.branch, e.score, e.valid_from AS version
FROM evaluations AS e
JOIN branches AS b USING (branch_id)
WHERE visible_in(e.valid_from, e.valid_to, $as_of)
ORDER BY e.year, b.committee, b.branch;
