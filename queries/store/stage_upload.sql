-- Stage an upload for comparison and writing. No parameters.
-- Reads the frames registered on the cursor: upload_entries (one row per quarter × committee ×
-- branch × category) and upload_scores (one row per … × indicator; score NULL = not applicable).
-- Creates temp tables:
--   staged_cells   — upload_entries with typed columns and a number per cell (cell_id)
--   staged_scores  — upload_scores with typed columns and their cell's cell_id
--   staged_entries — one row per uploaded cell with score_sum, mark_sum and the fingerprint
--   staged_status  — staged_entries' status against the current data:
--                    new_branch | new | changed | unchanged, and the current entry it replaces
-- The four text keys (quarter, committee, branch, category) are matched once, when the scores
-- get their cell_id; every later step joins on that integer (several times cheaper).
CREATE OR REPLACE TEMP TABLE staged_cells AS
SELECT
    row_number() OVER () AS cell_id,
    CAST(quarter AS VARCHAR) AS quarter,
    CAST(committee AS VARCHAR) AS committee,
    CAST(general_branch AS VARCHAR) AS general_branch,
    CAST(branch AS VARCHAR) AS branch,
    CAST(category AS VARCHAR) AS category,
    CAST(bonus AS DOUBLE) AS bonus,
    CAST(deduction AS DOUBLE) AS deduction,
    CAST(veto_reason AS VARCHAR) AS veto_reason,
    CAST(note AS VARCHAR) AS note
FROM upload_entries;

CREATE OR REPLACE TEMP TABLE staged_scores AS
SELECT
    c.cell_id,
    c.quarter,
    c.committee,
    c.branch,
    c.category,
    CAST(u.indicator AS VARCHAR) AS indicator,
    CAST(u.dimension AS VARCHAR) AS dimension,
    CAST(u.full_mark AS DOUBLE) AS full_mark,
    CAST(u.score AS DOUBLE) AS score,
    CAST(u.position AS INTEGER) AS position
FROM upload_scores AS u
JOIN staged_cells AS c
    ON c.quarter = CAST(u.quarter AS VARCHAR)
    AND c.committee = CAST(u.committee AS VARCHAR)
    AND c.branch = CAST(u.branch AS VARCHAR)
    AND c.category = CAST(u.category AS VARCHAR);

CREATE OR REPLACE TEMP TABLE staged_entries AS
WITH sums AS (
    SELECT
        cell_id,
        sum(score) AS score_sum,
        sum(full_mark) FILTER (WHERE score IS NOT NULL) AS mark_sum,
        -- order-independent digest of the cell's scores (an ordered string_agg costs 5× more)
        sum(hash(indicator, dimension, full_mark, score)) AS score_digest
    FROM staged_scores
    GROUP BY cell_id
)
SELECT
    e.cell_id,
    e.quarter,
    e.committee,
    e.general_branch,
    e.branch,
    e.category,
    e.bonus,
    e.deduction,
    e.veto_reason,
    e.note,
    s.score_sum,
    s.mark_sum,
    hash(e.general_branch, e.bonus, e.deduction, e.veto_reason, e.note, s.score_digest)::VARCHAR
        AS fingerprint
FROM staged_cells AS e
LEFT JOIN sums AS s USING (cell_id);

CREATE OR REPLACE TEMP TABLE staged_status AS
SELECT
    s.cell_id, s.quarter, s.committee, s.branch, s.category, b.branch_id,
    CASE
        WHEN b.branch_id IS NULL THEN 'new_branch'
        WHEN c.entry_id IS NULL THEN 'new'
        WHEN c.fingerprint = s.fingerprint THEN 'unchanged'
        ELSE 'changed'
    END AS status,
    c.entry_id AS current_entry_id
FROM staged_entries AS s
LEFT JOIN branches AS b USING (committee, branch)
LEFT JOIN entries AS c
    ON c.branch_id = b.branch_id
    AND c.quarter = s.quarter
    AND c.category = s.category
    AND c.valid_to IS NULL;
