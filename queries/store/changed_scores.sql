-- One row per indicator whose value differs between a changed staged cell and the current data
-- (quarter × committee × branch × category × indicator), with old and new score (NULL = N/A,
-- absent side = indicator added or dropped). Needs stage_upload first. No parameters.
WITH old AS (
    SELECT st.quarter, st.committee, st.branch, st.category, i.name AS indicator, es.score
    FROM staged AS st
    JOIN entry_scores AS es ON es.entry_id = st.current_entry_id
    JOIN indicators AS i USING (indicator_id)
    WHERE st.status = 'changed'
),
new AS (
    SELECT st.quarter, st.committee, st.branch, st.category, b.indicator, sc.score
    FROM upload_scores AS sc
    JOIN staged AS st USING (cell_id)
    JOIN staged_blocks AS b USING (block)
    WHERE st.status = 'changed'
)
SELECT
    coalesce(n.quarter, o.quarter) AS quarter,
    coalesce(n.committee, o.committee) AS committee,
    coalesce(n.branch, o.branch) AS branch,
    coalesce(n.category, o.category) AS category,
    coalesce(n.indicator, o.indicator) AS indicator,
    o.score AS old_score,
    n.score AS new_score
FROM new AS n
FULL OUTER JOIN old AS o USING (quarter, committee, branch, category, indicator)
WHERE o.score IS DISTINCT FROM n.score OR o.indicator IS NULL OR n.indicator IS NULL
ORDER BY quarter, committee, branch, category, indicator;
