-- One row per branch × party dimension applicable in the quarters $quarters, as of version
-- $as_of (SPEC §3.2, §3.14): per quarter Σscore and Σfull_mark over the dimension's applicable
-- indicators, then the means over the quarters that have the dimension:
--   rate: mean of the quarterly rates Σscore / Σfull_mark (0…1; the engine's dimension rate);
--   score / full_mark: mean Σscore and mean Σfull_mark (points); quarters: how many contributed;
--   position: column order of the dimension's first indicator. An indicator without a dimension
--   is its own dimension.
-- Columns: branch_id, dimension, rate, score, full_mark, quarters, position.
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER).
WITH visible AS (
    SELECT entry_id, branch_id, quarter
    FROM entries
    WHERE category = 'party'
      AND list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
),

quarter_points AS (
    SELECT
        v.branch_id,
        v.quarter,
        coalesce(s.dimension, i.name) AS dimension,
        sum(s.score) AS score,
        sum(s.full_mark) AS full_mark,
        min(s.position) AS position
    FROM visible AS v
    JOIN entry_scores AS s ON s.entry_id = v.entry_id
    JOIN indicators AS i ON i.indicator_id = s.indicator_id
    WHERE s.score IS NOT NULL
    GROUP BY v.branch_id, v.quarter, coalesce(s.dimension, i.name)
)

SELECT
    branch_id,
    dimension,
    avg(score / nullif(full_mark, 0)) AS rate,
    avg(score) AS score,
    avg(full_mark) AS full_mark,
    count(*) AS quarters,
    min(position) AS position
FROM quarter_points
GROUP BY branch_id, dimension
