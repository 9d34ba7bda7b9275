-- Copy the scores of the restored cells. Needs stage_restored_entries. No parameters.
INSERT INTO entry_scores (entry_id, indicator_id, dimension, full_mark, score, position)
SELECT r.entry_id, s.indicator_id, s.dimension, s.full_mark, s.score, s.position
FROM restored_entries AS r
JOIN entry_scores AS s ON s.entry_id = r.source_entry_id;
