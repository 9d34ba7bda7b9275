-- Add the branches first named by an evaluation upload, with the ids stage_evaluations gave
-- them. No parameters.
INSERT INTO branches (branch_id, committee, branch)
SELECT DISTINCT branch_id, committee, branch
FROM staged_evaluations
WHERE status = 'new_branch';
