-- Add the staged indicators not yet known, with fresh ids. Needs stage_upload. No parameters.
INSERT INTO indicators (indicator_id, category, name)
SELECT
    (SELECT coalesce(max(indicator_id), 0) FROM indicators)
        + row_number() OVER (ORDER BY category, indicator),
    category,
    indicator
FROM (
    SELECT DISTINCT category, indicator FROM staged_blocks
    EXCEPT
    SELECT category, name FROM indicators
);
