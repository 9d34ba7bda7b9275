-- One row per branch × indicator assessed in the quarters $quarters, as of version $as_of (for
-- the heat map): rate = score / full_mark (0…1) averaged over the quarters in which the indicator
-- applies to the branch; NULL when it applied in none of them (不适用).
-- Columns: committee, branch, branch_id, category, dimension (latest quarter's), indicator,
--   position, full_mark (latest quarter's), rate, applicable_quarters.
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER).
WITH visible AS (
    SELECT entry_id, branch_id, quarter, category
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND valid_from <= $as_of AND (valid_to IS NULL OR valid_to > $as_of)
)

SELECT
    b.committee,
    b.branch,
    v.branch_id,
    v.category,
    arg_max_null(s.dimension, v.quarter) AS dimension,
    i.name AS indicator,
    min(s.position) AS position,
    arg_max(s.full_mark, v.quarter) AS full_mark,
    avg(s.score / nullif(s.full_mark, 0)) AS rate,
    count(s.score) AS applicable_quarters
FROM visible AS v
JOIN entry_scores AS s ON s.entry_id = v.entry_id
JOIN indicators AS i ON i.indicator_id = s.indicator_id
JOIN branches AS b ON b.branch_id = v.branch_id
GROUP BY b.committee, b.branch, v.branch_id, v.category, i.name
ORDER BY b.committee, b.branch, v.category DESC, position, indicator
