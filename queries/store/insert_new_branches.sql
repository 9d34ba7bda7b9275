-- Add the staged branches not yet known, with fresh ids. Needs stage_upload. No parameters.
INSERT INTO branches (branch_id, committee, branch)
SELECT
    (SELECT coalesce(max(branch_id), 0) FROM branches) + row_number() OVER (ORDER BY committee, branch),
    committee,
    branch
FROM (
    SELECT DISTINCT committee, branch FROM staged_entries
    EXCEPT
    SELECT committee, branch FROM branches
);
