-- Write the new and changed evaluation scores as current rows of version $version.
-- Needs stage_evaluations. Parameters: $version.
INSERT INTO evaluations (
    evaluation_id, branch_id, year, general_branch, score, valid_from, valid_to
)
SELECT evaluation_id, branch_id, year, general_branch, score, $version, NULL
FROM staged_evaluations
WHERE status <> 'unchanged';
