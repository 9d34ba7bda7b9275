-- Write written_entries as entries of version $version. Needs stage_written_entries.
-- Parameters: $version.
INSERT INTO entries (entry_id, branch_id, quarter, category, general_branch, bonus, deduction, veto_reason, note,
    score_sum, mark_sum, fingerprint, valid_from, valid_to
)
SELECT
    entry_id, branch_id, quarter, category, general_branch, bonus, deduction, veto_reason, note,
    score_sum, mark_sum, fingerprint, $version, NULL
FROM written_entries;
