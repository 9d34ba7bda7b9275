-- One row per branch × category × indicator in the quarters $quarters, as of version $as_of, for
-- the branches having that category's score S (SPEC §3.13, the split of a change):
--   contribution: 100 × score / Σfull_mark of the quarter (0 where the indicator does not apply),
--     averaged over the quarters in which the branch has S (so that, over a year, the
--     contributions, bonus, deduction and floor terms of category_terms.sql add up to the mean S);
--   score / full_mark: the mean actual score and full mark over the quarters where it applies
--     (NULL when it applied in none); applicable_quarters: how many quarters it applied;
--   dimension: the latest quarter's (the indicator's own name when it has none); position: the
--     column order.
-- Columns: branch_id, category, indicator, dimension, position, contribution, score, full_mark,
--   applicable_quarters. Rows come unordered.
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER).
WITH scored AS (
    SELECT entry_id, branch_id, quarter, category, mark_sum
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
      AND mark_sum > 0
),

quarter_counts AS (
    SELECT branch_id, category, count(*) AS quarters
    FROM scored
    GROUP BY branch_id, category
),

indicator_sums AS (
    SELECT
        v.branch_id,
        v.category,
        s.indicator_id,
        sum(100.0 * coalesce(s.score, 0.0) / v.mark_sum) AS contribution_sum,
        avg(s.score) AS score,
        avg(s.full_mark) FILTER (WHERE s.score IS NOT NULL) AS full_mark,
        count(s.score) AS applicable_quarters,
        arg_max_null(s.dimension, v.quarter) AS dimension,
        min(s.position) AS position
    FROM scored AS v
    JOIN entry_scores AS s ON s.entry_id = v.entry_id
    GROUP BY v.branch_id, v.category, s.indicator_id
)

SELECT
    c.branch_id,
    c.category,
    i.name AS indicator,
    coalesce(c.dimension, i.name) AS dimension,
    c.position,
    c.contribution_sum / n.quarters AS contribution,
    c.score,
    c.full_mark,
    c.applicable_quarters
FROM indicator_sums AS c
JOIN quarter_counts AS n ON n.branch_id = c.branch_id AND n.category = c.category
JOIN indicators AS i ON i.indicator_id = c.indicator_id
