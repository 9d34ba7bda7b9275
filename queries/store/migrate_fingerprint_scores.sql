-- Schema 1 → 2 (assess.db): the scores of the cells of migrate_fingerprint_cells as their
-- fingerprints cover them, one row per entry_scores row with an entry id in
-- [$first_id, $last_id] that belongs to a stored cell (a damaged store may hold others).
-- Parameters: $first_id, $last_id.
SELECT s.entry_id, i.name AS indicator, s.dimension, s.full_mark, s.score
FROM entry_scores AS s
JOIN indicators AS i USING (indicator_id)
WHERE s.entry_id BETWEEN $first_id AND $last_id
    AND s.entry_id IN (SELECT entry_id FROM entries WHERE entry_id BETWEEN $first_id AND $last_id);
