-- One row per branch with at least one entry visible as of version $as_of, in any quarter
-- (the options of the committee and branch pickers and of the URL check).
-- Columns: committee, branch, branch_id, first_quarter, last_quarter. Parameters: $as_of (INTEGER).
-- Groups by branch id and names the rows afterwards (grouping by names costs more).
WITH seen AS (
    SELECT branch_id, min(quarter) AS first_quarter, max(quarter) AS last_quarter
    FROM entries
    WHERE visible_in(valid_from, valid_to, $as_of)
    GROUP BY branch_id
)

SELECT b.committee, b.branch, s.branch_id, s.first_quarter, s.last_quarter
FROM seen AS s
JOIN branches AS b ON b.branch_id = s.branch_id
ORDER BY b.committee, b.branch
