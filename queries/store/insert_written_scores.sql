-- Write the scores of the staged cells that are new or changed. Needs stage_upload and the new
-- indicators inserted. No parameters.
INSERT INTO entry_scores (entry_id, indicator_id, dimension, full_mark, score, position)
SELECT w.entry_id, b.indicator_id, b.dimension, sc.full_mark, sc.score, b.position
FROM upload_scores AS sc
JOIN staged AS w ON w.cell_id = sc.cell_id AND w.entry_id IS NOT NULL
JOIN (
    SELECT b.block, b.dimension, b.position, i.indicator_id
    FROM staged_blocks AS b
    JOIN indicators AS i ON i.category = b.category AND i.name = b.indicator
) AS b USING (block);
