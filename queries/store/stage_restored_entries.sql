-- The cells visible as of version $target that are no longer current, with fresh entry ids:
-- temp table restored_entries (entry_id new, source_entry_id old). Parameters: $target.
CREATE OR REPLACE TEMP TABLE restored_entries AS
SELECT
    (SELECT coalesce(max(entry_id), 0) FROM entries)
        + row_number() OVER (ORDER BY entry_id) AS entry_id,
    entry_id AS source_entry_id
FROM entries
WHERE visible_in(valid_from, valid_to, $target)
    AND valid_to IS NOT NULL;
