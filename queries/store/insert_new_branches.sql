-- Add the staged branches not yet known, with the ids stage_upload gave them. No parameters.
INSERT INTO branches (branch_id, committee, branch)
SELECT DISTINCT branch_id, committee, branch
FROM staged
WHERE status = 'new_branch';
