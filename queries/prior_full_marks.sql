-- Full marks from before a quarter: one row per (category, indicator) with the full mark of the
-- latest quarter earlier than $quarter in the current data. Parameters: $quarter.
SELECT
    i.category,
    i.name AS indicator,
    arg_max(s.full_mark, e.quarter) AS full_mark
FROM entries AS e
JOIN entry_scores AS s USING (entry_id)
JOIN indicators AS i USING (indicator_id)
WHERE e.valid_to IS NULL
    AND e.quarter < $quarter
GROUP BY ALL;
