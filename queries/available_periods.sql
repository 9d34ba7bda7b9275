-- Periods with data as of version $as_of: one row per quarter ('YYYYQn') and per year ('YYYY')
-- in which some branch has a visible entry.
-- Columns: period, kind ('quarter' | 'year'), branches (distinct branches with an entry).
-- Parameters: $as_of (INTEGER).
WITH visible AS (
    SELECT branch_id, quarter
    FROM entries
    WHERE valid_from <= $as_of AND (valid_to IS NULL OR valid_to > $as_of)
),

quarters AS (
    SELECT quarter AS period, 'quarter' AS kind, count(DISTINCT branch_id) AS branches
    FROM visible
    GROUP BY quarter
),

years AS (
    SELECT substr(quarter, 1, 4) AS period, 'year' AS kind, count(DISTINCT branch_id) AS branches
    FROM visible
    GROUP BY substr(quarter, 1, 4)
)

SELECT period, kind, branches FROM quarters
UNION ALL
SELECT period, kind, branches FROM years
ORDER BY kind, period
