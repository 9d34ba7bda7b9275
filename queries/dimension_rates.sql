-- One row per branch × party dimension applicable in the quarters $quarters, as of version $as_of
-- (SPEC §3.2, §3.11): rate = Σscore / Σfull_mark over the dimension's applicable indicators
-- (0…1) per quarter, then the mean over the quarters that have it. An indicator without a
-- dimension is its own dimension (named after the indicator).
-- Columns: committee, branch, branch_id, dimension, rate, quarters (how many contributed),
--   position (column order of the dimension's first indicator, for ordering axes).
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER).
-- Groups by branch id and names the rows afterwards (grouping by names costs more).
WITH visible AS (
    SELECT entry_id, branch_id, quarter
    FROM entries
    WHERE category = 'party'
      AND list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
),

dimension_quarter_rates AS (
    SELECT
        v.branch_id, v.quarter,
        coalesce(s.dimension, i.name) AS dimension,
        sum(s.score) / nullif(sum(s.full_mark), 0) AS rate,
        min(s.position) AS position
    FROM visible AS v
    JOIN entry_scores AS s ON s.entry_id = v.entry_id
    JOIN indicators AS i ON i.indicator_id = s.indicator_id
    WHERE s.score IS NOT NULL
    GROUP BY v.branch_id, v.quarter, coalesce(s.dimension, i.name)
),

dimension_rates AS (
    SELECT
        branch_id,
        dimension,
        avg(rate) AS rate,
        count(*) AS quarters,
        min(position) AS position
    FROM dimension_quarter_rates
    GROUP BY branch_id, dimension
)

SELECT
    b.committee,
    b.branch,
    d.branch_id,
    d.dimension,
    d.rate,
    d.quarters,
    d.position
FROM dimension_rates AS d
JOIN branches AS b ON b.branch_id = d.branch_id
ORDER BY b.committee, b.branch, d.position, d.dimension
