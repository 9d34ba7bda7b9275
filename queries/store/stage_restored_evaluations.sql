-- The evaluation scores visible as of version $target that are no longer current, with fresh
-- ids: temp table restored_evaluations (evaluation_id new, source_id old). Parameters: $target.
CREATE OR REPLACE TEMP TABLE restored_evaluations AS
SELECT
    (SELECT coalesce(max(evaluation_id), 0) FROM evaluations)
        + row_number() OVER (ORDER BY evaluation_id) AS evaluation_id,
    evaluation_id AS source_id
FROM evaluations
WHERE visible_in(valid_from, valid_to, $target)
    AND valid_to IS NOT NULL;
