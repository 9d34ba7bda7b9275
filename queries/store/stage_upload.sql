-- Stage an upload for comparison and writing. Parameters: $first_quarter and $last_quarter,
-- the first and last quarter of the upload.
-- Reads the frames registered on the cursor:
--   upload_entries — one row per quarter × committee × branch × category, numbered by cell_id
--                    (from 0), with branch_key numbering its (committee, branch) (from 0) and
--                    its fingerprint (assess.fingerprint: every value the cell stores);
--   upload_blocks  — one row per indicator column of the upload (block, category, indicator,
--                    dimension, position);
--   upload_scores  — one row per score: cell_id, block, full_mark, score (NULL = not applicable).
--                    Numbers only: the names are in the two frames above, so no text is
--                    repeated per score.
-- Creates temp tables:
--   staged_blocks — upload_blocks with typed columns;
--   staged        — one row per uploaded cell: its values, score_sum, mark_sum, fingerprint,
--                   status against the current data (new_branch | new | changed | unchanged),
--                   the current entry it replaces, its branch_id (a fresh one for a new branch)
--                   and, when it is to be written, its fresh entry_id. Fresh ids are the
--                   largest id + 1 + cell_id (or branch_key): unique without a sort; ids are
--                   keys, not counts, so the gaps of unchanged cells mean nothing.
CREATE OR REPLACE TEMP TABLE staged_blocks AS
SELECT
    CAST(block AS BIGINT) AS block,
    CAST(category AS VARCHAR) AS category,
    CAST(indicator AS VARCHAR) AS indicator,
    CAST(dimension AS VARCHAR) AS dimension,
    CAST(position AS INTEGER) AS position
FROM upload_blocks;

CREATE OR REPLACE TEMP TABLE staged AS
WITH sums AS (
    SELECT
        cell_id,
        sum(score) AS score_sum,
        sum(full_mark) FILTER (WHERE score IS NOT NULL) AS mark_sum
    FROM upload_scores
    GROUP BY cell_id
),
cells AS (
    SELECT
        CAST(e.cell_id AS BIGINT) AS cell_id,
        CAST(e.branch_key AS BIGINT) AS branch_key,
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
        CAST(e.fingerprint AS VARCHAR) AS fingerprint
    FROM upload_entries AS e
    LEFT JOIN sums AS s USING (cell_id)
),
matched AS (
    SELECT
        s.*,
        b.branch_id AS known_branch_id,
        c.entry_id AS current_entry_id,
        c.fingerprint AS current_fingerprint
    FROM cells AS s
    LEFT JOIN branches AS b USING (committee, branch)
    LEFT JOIN (
        -- the current cells of the upload's quarters; the range lets the scan skip the row
        -- groups of other quarters (entries are written quarter by quarter)
        SELECT entry_id, branch_id, quarter, category, fingerprint
        FROM entries
        WHERE valid_to IS NULL AND quarter BETWEEN $first_quarter AND $last_quarter
    ) AS c
        ON c.branch_id = b.branch_id
        AND c.quarter = s.quarter
        AND c.category = s.category
),
judged AS (
    SELECT
        * EXCLUDE (current_fingerprint),
        CASE
            WHEN known_branch_id IS NULL THEN 'new_branch'
            WHEN current_entry_id IS NULL THEN 'new'
            WHEN current_fingerprint = fingerprint THEN 'unchanged'
            ELSE 'changed'
        END AS status
    FROM matched
)
SELECT
    * EXCLUDE (known_branch_id, branch_key),
    coalesce(known_branch_id, (SELECT coalesce(max(branch_id), 0) FROM branches) + 1 + branch_key)
        AS branch_id,
    CASE WHEN status <> 'unchanged'
        THEN (SELECT coalesce(max(entry_id), 0) FROM entries) + 1 + cell_id
    END AS entry_id
FROM judged;
