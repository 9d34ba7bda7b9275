-- One row per staged cell (quarter × committee × branch × category): status against the current
-- data (new_branch | new | changed | unchanged). Needs stage_upload first. No parameters.
SELECT quarter, committee, branch, category, status
FROM staged_status
ORDER BY quarter, committee, branch, category;
