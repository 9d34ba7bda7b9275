-- Stage an upload for comparison and writing. No parameters.
-- Reads the frames registered on the cursor: upload_entries (one row per quarter × committee ×
-- branch × category) and upload_scores (one row per … × indicator; score NULL = not applicable).
-- Creates temp tables:
--   staged_scores  — upload_scores with typed columns
--   staged_entries — one row per uploaded cell with score_sum, mark_sum and the fingerprint
--   staged_status  — staged_entries' status against the current data:
--                    new_branch | new | changed | unchanged, and the current entry it replaces
CREATE OR REPLACE TEMP TABLE staged_scores AS
SELECT
    CAST(quarter AS VARCHAR) AS quarter,
    CAST(committee AS VARCHAR) AS committee,
    CAST(branch AS VARCHAR) AS branch,
    CAST(category AS VARCHAR) AS category,
    CAST(indicator AS VARCHAR) AS indicator,
    CAST(dimension AS VARCHAR) AS dimension,
    CAST(full_mark AS DOUBLE) AS full_mark,
    CAST(score AS DOUBLE) AS score,
    CAST(position AS INTEGER) AS position
FROM upload_scores;

CREATE OR REPLACE TEMP TABLE staged_entries AS
WITH sums AS (
    SELECT
        quarter, committee, branch, category,
        sum(score) AS score_sum,
        sum(full_mark) FILTER (WHERE score IS NOT NULL) AS mark_sum,
        -- order-independent digest of the cell's scores (an ordered string_agg costs 5× more)
        sum(hash(indicator, dimension, full_mark, score)) AS score_digest
    FROM staged_scores
    GROUP BY ALL
)
SELECT
    CAST(e.quarter AS VARCHAR) AS quarter,
    CAST(e.committee AS VARCHAR) AS committee,
    CAST(e.general_branch AS VARCHAR) AS general_branch,
    CAST(e.branch AS VARCHAR) AS branch,
    CAST(e.category AS VARCHAR) AS category,
    CAST(e.bonus AS DOUBLE) AS bonus,
    CAST(e.deduction AS DOUBLE) AS deduction,
    CAST(e.veto_reason AS VARCHAR) AS veto_reason,
    CAST(e.note AS VARCHAR) AS note,
    s.score_sum,
    s.mark_sum,
    hash(
        CAST(e.general_branch AS VARCHAR),
        CAST(e.bonus AS DOUBLE),
        CAST(e.deduction AS DOUBLE),
        CAST(e.veto_reason AS VARCHAR),
        CAST(e.note AS VARCHAR),
        s.score_digest
    )::VARCHAR AS fingerprint
FROM upload_entries AS e
LEFT JOIN sums AS s USING (quarter, committee, branch, category);

CREATE OR REPLACE TEMP TABLE staged_status AS
SELECT
    s.quarter, s.committee, s.branch, s.category,
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
