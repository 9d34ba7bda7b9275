-- Generated scale data (assess.scale), step 2: one quarter's values, to be written as one data
-- version the way store.ingest would write it (step 3, scale_quarter_write, once assess.scale
-- has computed the cells' fingerprints). Creates the temp tables scale_cells (one row per
-- (branch, category) of the quarter, with its fresh entry_id) and scale_scores (one row per
-- (entry, indicator)), and closes the current cells the quarter replaces. Values are a
-- deterministic function of (seed, branch, quarter, revision): branch quality, committee effect
-- and a trend per branch, noise per cell; some 不适用 cells, bonuses, deductions and vetoes.
-- Revision 0 writes every branch; revision r > 0 re-writes the share `share` of the branches (a
-- correction upload: their current cells are closed).
-- Reads the frames registered on the cursor: scale_spec (one row: branches, committees, seed,
-- quarter, qi (year × 4 + quarter − 1), version, revision, share, created_at) and
-- scale_indicators (indicator_id, category, dimension, name, full_mark, position, description).
-- No parameters.
CREATE OR REPLACE TEMP MACRO scale_u(seed, a, b, c, d) AS hash(seed, a, b, c, d) / 18446744073709551616.0;

CREATE OR REPLACE TEMP TABLE scale_cells AS
WITH spec AS (
    SELECT * FROM scale_spec
),
picked AS (
    SELECT
        b.branch_id,
        (b.branch_id - 1) * spec.committees // spec.branches AS ci
    FROM branches AS b, spec
    WHERE spec.revision = 0
        OR scale_u(spec.seed, b.branch_id, spec.qi, spec.revision, 100) < spec.share
),
cells AS (
    SELECT p.branch_id, p.ci, c.category, c.cat, spec.*
    FROM picked AS p, spec, (VALUES ('party', 0), ('business', 1)) AS c(category, cat)
)
SELECT
    (SELECT coalesce(max(entry_id), 0) FROM entries)
        + row_number() OVER (ORDER BY cat, branch_id) AS entry_id,
    branch_id, ci, category, cat, seed, qi, quarter, version, revision,
    CASE WHEN ci % 4 = 0 THEN '第' || ((branch_id - 1) // 6 % 3 + 1) || '总支' END AS general_branch,
    CASE WHEN scale_u(seed, branch_id, qi, revision, 8 + cat) < 0.08
        THEN floor(1 + 3 * scale_u(seed, branch_id, qi, revision, 10 + cat)) ELSE 0 END::DOUBLE AS bonus,
    CASE WHEN scale_u(seed, branch_id, qi, revision, 12 + cat) < 0.05
        THEN [0.5, 1.0, 2.0][1 + floor(3 * scale_u(seed, branch_id, qi, revision, 14 + cat))::INTEGER]
        ELSE 0 END::DOUBLE AS deduction,
    CASE
        WHEN cat = 0 AND scale_u(seed, branch_id, qi, revision, 16) < 0.003
            THEN ['违反中央八项规定精神', '发生重大负面舆情', '党员发生严重违纪']
                [1 + floor(3 * scale_u(seed, branch_id, qi, revision, 17))::INTEGER]
        WHEN cat = 1 AND scale_u(seed, branch_id, qi, revision, 18) < 0.0015
            THEN '发生安全生产责任事故'
    END AS veto_reason,
    -- the branch's level in its category (party and business levels are correlated)
    CASE cat
        WHEN 0 THEN 0.58 + 0.36 * scale_u(seed, branch_id, 0, 0, 1)
        ELSE 0.50 + 0.42 * (0.6 * scale_u(seed, branch_id, 0, 0, 1) + 0.4 * scale_u(seed, branch_id, 0, 0, 3))
    END
        + 0.10 * (scale_u(seed, -1 - ci, 0, 0, 11) - 0.5)                      -- committee effect
        + (scale_u(seed, branch_id, 0, 0, 2) - 0.5) * 0.008 * (qi - 8084)        -- improving or declining
        AS level
FROM cells;

CREATE OR REPLACE TEMP TABLE scale_scores AS
SELECT
    c.entry_id,
    i.indicator_id,
    i.name,
    i.dimension,
    i.full_mark::DOUBLE AS full_mark,
    i.position,
    CASE
        WHEN i.name = '成本控制' AND scale_u(c.seed, c.branch_id, 0, 0, 6) < 0.05 THEN NULL
        WHEN i.name = '安全生产' AND scale_u(c.seed, c.branch_id, 0, 0, 7) < 0.08 THEN NULL
        WHEN i.name = '党员发展' AND scale_u(c.seed, c.branch_id, 0, 0, 5) < 0.03 THEN NULL
        ELSE round(2 * i.full_mark * least(1.0, greatest(0.0, c.level + 0.16 * (
            scale_u(c.seed, c.branch_id, c.qi, c.revision, 40 + i.indicator_id)
            + scale_u(c.seed, c.branch_id, c.qi, c.revision, 80 + i.indicator_id) - 1)))) / 2
    END::DOUBLE AS score
FROM scale_cells AS c
JOIN scale_indicators AS i ON i.category = c.category;

UPDATE entries
SET valid_to = (SELECT version FROM scale_spec)
WHERE valid_to IS NULL
    AND quarter = (SELECT quarter FROM scale_spec)
    AND branch_id IN (SELECT branch_id FROM scale_cells);

