-- The catalog of the cells of some quarters: one row per (category, indicator) with its full
-- mark and its dimension (NULL: its own dimension) in the quarter given for its category (see
-- prior_quarters), each taken from the newest cell written. Parameters: $cells (a list of
-- "category|quarter"), $first_id and $last_id (the range of those cells' entry ids: it lets both
-- scans skip the row groups of other quarters, so the cost does not grow with the years stored).
SELECT
    i.category,
    i.name AS indicator,
    arg_max(s.full_mark, s.entry_id) AS full_mark,
    arg_max_null(s.dimension, s.entry_id) AS dimension
FROM entry_scores AS s
JOIN entries AS e USING (entry_id)
JOIN indicators AS i USING (indicator_id)
WHERE s.entry_id BETWEEN $first_id AND $last_id
    AND e.entry_id BETWEEN $first_id AND $last_id
    AND e.valid_to IS NULL
    AND list_contains($cells, e.category || '|' || e.quarter)
GROUP BY ALL;
