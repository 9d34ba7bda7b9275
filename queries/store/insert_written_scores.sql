-- Write the scores of written_entries. Needs stage_written_entries and the new indicators.
-- No parameters.
INSERT INTO entry_scores (entry_id, indicator_id, dimension, full_mark, score, position)
SELECT w.entry_id, i.indicator_id, sc.dimension, sc.full_mark, sc.score, sc.position
FROM staged_scores AS sc
JOIN written_entries AS w USING (cell_id)
JOIN indicators AS i ON i.category = sc.category AND i.name = sc.indicator;
