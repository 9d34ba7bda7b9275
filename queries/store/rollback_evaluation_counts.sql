-- What a rollback to $target does to the evaluation scores, before it is done: one row with
-- restored (scores made current again), removed (current scores without one as of $target for
-- their branch and year) and years (the years touched, sorted). Needs
-- stage_restored_evaluations. Parameters: $target.
WITH touched AS (
    SELECT e.year, e.branch_id, 'restored' AS kind
    FROM evaluations AS e
    WHERE e.evaluation_id IN (SELECT source_id FROM restored_evaluations)
    UNION ALL
    SELECT c.year, c.branch_id,
        CASE WHEN EXISTS (
            SELECT 1 FROM evaluations AS t
            WHERE t.branch_id = c.branch_id AND t.year = c.year
                AND visible_in(t.valid_from, t.valid_to, $target)
        ) THEN 'replaced' ELSE 'removed' END AS kind
    FROM evaluations AS c
    WHERE c.valid_to IS NULL
        AND NOT (visible_in(c.valid_from, c.valid_to, $target))
)
SELECT
    count(*) FILTER (WHERE kind = 'restored') AS restored,
    count(*) FILTER (WHERE kind = 'removed') AS removed,
    coalesce(list(DISTINCT year ORDER BY year), []::VARCHAR[]) AS years
FROM touched;
