-- How many staged cells have each status (new_branch | new | changed | unchanged). Needs
-- stage_upload. No parameters.
SELECT status, count(*) AS cells
FROM staged
GROUP BY status;
