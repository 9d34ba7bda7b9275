-- Copy the restored cells as current entries of version $version. Needs stage_restored_entries.
-- Parameters: $version.
INSERT INTO entries (
    entry_id, branch_id, quarter, category, general_branch, bonus, deduction, veto_reason, note,
    score_sum, mark_sum, fingerprint, valid_from, valid_to
)
SELECT
    r.entry_id, e.branch_id, e.quarter, e.category, e.general_branch, e.bonus, e.deduction,
    e.veto_reason, e.note, e.score_sum, e.mark_sum, e.fingerprint, $version, NULL
FROM restored_entries AS r
JOIN entries AS e ON e.entry_id = r.source_entry_id;
