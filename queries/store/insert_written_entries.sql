-- Write the staged cells that are new or changed as entries of version $version. Needs
-- stage_upload and the new branches inserted. Parameters: $version.
INSERT INTO entries (entry_id, branch_id, quarter, category, general_branch, bonus, deduction, veto_reason, note,
    score_sum, mark_sum, fingerprint, valid_from, valid_to
)
SELECT
    entry_id, branch_id, quarter, category, general_branch, bonus, deduction, veto_reason, note,
    score_sum, mark_sum, fingerprint, $version, NULL
FROM staged
WHERE entry_id IS NOT NULL;
