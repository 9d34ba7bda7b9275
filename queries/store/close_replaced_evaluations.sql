-- Close the current evaluation scores an upload changes (version $version replaces them).
-- Needs stage_evaluations. Parameters: $version.
UPDATE evaluations
SET valid_to = $version
WHERE evaluation_id IN (
    SELECT current_id FROM staged_evaluations WHERE status = 'changed'
);
