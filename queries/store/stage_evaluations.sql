-- Stage an upload's year-end evaluation scores (registered frame `upload_evaluations`: year,
-- committee, general_branch, branch, score; one row per (year, committee, branch)) against the
-- current ones: temp table staged_evaluations, one row per uploaded score with its branch id
-- (a fresh one for a new branch), status ('new_branch' | 'new' | 'changed' | 'unchanged'), the
-- current row it replaces (current_id, old_score) and a fresh evaluation id. No parameters.
CREATE OR REPLACE TEMP TABLE staged_evaluations AS
WITH upload AS (
    SELECT u.year, u.committee, u.branch, u.general_branch, u.score, b.branch_id AS known_id
    FROM upload_evaluations AS u
    LEFT JOIN branches AS b ON b.committee = u.committee AND b.branch = u.branch
),

new_branches AS (
    SELECT
        committee, branch,
        (SELECT coalesce(max(branch_id), 0) FROM branches)
            + row_number() OVER (ORDER BY committee, branch) AS new_id
    FROM (SELECT DISTINCT committee, branch FROM upload WHERE known_id IS NULL)
),

current AS (
    SELECT evaluation_id, branch_id, year, general_branch, score
    FROM evaluations
    WHERE valid_to IS NULL
)

SELECT
    u.year, u.committee, u.branch, u.general_branch, u.score,
    coalesce(u.known_id, n.new_id) AS branch_id,
    c.evaluation_id AS current_id,
    c.score AS old_score,
    CASE
        WHEN u.known_id IS NULL THEN 'new_branch'
        WHEN c.evaluation_id IS NULL THEN 'new'
        WHEN c.score = u.score AND c.general_branch IS NOT DISTINCT FROM u.general_branch
            THEN 'unchanged'
        ELSE 'changed'
    END AS status,
    (SELECT coalesce(max(evaluation_id), 0) FROM evaluations)
        + row_number() OVER (ORDER BY u.year, u.committee, u.branch) AS evaluation_id
FROM upload AS u
LEFT JOIN new_branches AS n ON n.committee = u.committee AND n.branch = u.branch
LEFT JOIN current AS c ON c.branch_id = u.known_id AND c.year = u.year;
