-- Each staged cell's number and status against the current data (new_branch | new | changed |
-- unchanged), in the order of quarter, committee, branch and category. Needs stage_upload.
-- No parameters.
SELECT cell_id, status
FROM staged
ORDER BY quarter, committee, branch, category;
