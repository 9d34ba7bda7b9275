-- Every stored branch name: one row per (committee, branch), whether or not it has current data
-- (a new upload's names are compared with them). No parameters.
SELECT committee, branch
FROM branches;
