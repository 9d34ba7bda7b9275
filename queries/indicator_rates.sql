-- One row per branch × indicator assessed in the quarters $quarters, as of version $as_of (for
-- the heat map): rate = score / full_mark (0…1) averaged over the quarters in which the indicator
-- applies to the branch; NULL when it applied in none of them (不适用).
-- Columns: committee, branch, branch_id, category, dimension (latest quarter's), indicator,
--   position, full_mark (latest quarter's), rate, applicable_quarters.
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER).
-- Aggregates on integer ids first and names the rows afterwards: grouping 16 rows per branch by
-- committee and branch names costs several times more.
WITH visible AS (
    SELECT entry_id, branch_id, quarter, category
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
),

rates AS (
    SELECT
        v.branch_id,
        v.category,
        s.indicator_id,
        arg_max_null(s.dimension, v.quarter) AS dimension,
        min(s.position) AS position,
        arg_max(s.full_mark, v.quarter) AS full_mark,
        avg(s.score / nullif(s.full_mark, 0)) AS rate,
        count(s.score) AS applicable_quarters
    FROM visible AS v
    JOIN entry_scores AS s ON s.entry_id = v.entry_id
    GROUP BY v.branch_id, v.category, s.indicator_id
)

SELECT
    b.committee,
    b.branch,
    r.branch_id,
    r.category,
    r.dimension,
    i.name AS indicator,
    r.position,
    r.full_mark,
    r.rate,
    r.applicable_quarters
FROM rates AS r
JOIN indicators AS i ON i.indicator_id = r.indicator_id
JOIN branches AS b ON b.branch_id = r.branch_id
ORDER BY b.committee, b.branch, r.category DESC, r.position, i.name
