-- Schema 1 → 2 (assess.db): the values a fingerprint covers (assess.fingerprint) of every stored
-- cell with an entry id in [$first_id, $last_id], current or not, one row per entries row.
-- Parameters: $first_id, $last_id.
SELECT entry_id, general_branch, bonus, deduction, veto_reason, note
FROM entries
WHERE entry_id BETWEEN $first_id AND $last_id
ORDER BY entry_id;
