-- One row per branch with at least one entry visible as of version $as_of, in any quarter
-- (the options of the committee and branch pickers and of the URL check).
-- Columns: committee, branch, first_quarter, last_quarter. Parameters: $as_of (INTEGER).
SELECT
    b.committee,
    b.branch,
    min(e.quarter) AS first_quarter,
    max(e.quarter) AS last_quarter
FROM entries AS e
JOIN branches AS b ON b.branch_id = e.branch_id
WHERE e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
GROUP BY b.committee, b.branch
ORDER BY b.committee, b.branch
