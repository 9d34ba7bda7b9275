-- Close the current cells that the staged upload changes: they stay visible up to $version − 1.
-- Needs stage_upload. Parameters: $version (the new data version).
UPDATE entries
SET valid_to = $version
WHERE valid_to IS NULL
    AND entry_id IN (SELECT current_entry_id FROM staged WHERE status = 'changed');
