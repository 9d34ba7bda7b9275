-- Copy the restored evaluation scores as current rows of version $version. Needs
-- stage_restored_evaluations. Parameters: $version.
INSERT INTO evaluations (
    evaluation_id, branch_id, year, general_branch, score, valid_from, valid_to
)
SELECT r.evaluation_id, e.branch_id, e.year, e.general_branch, e.score, $version, NULL
FROM restored_evaluations AS r
JOIN evaluations AS e ON e.evaluation_id = r.source_id;
