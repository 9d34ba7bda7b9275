-- Set indicator descriptions from the registered frame upload_catalog (category, indicator,
-- description); a non-empty description in the latest upload wins. No parameters.
UPDATE indicators AS i
SET description = c.description
FROM (
    SELECT category, indicator, any_value(description) AS description
    FROM upload_catalog
    WHERE description IS NOT NULL AND trim(description) <> ''
    GROUP BY ALL
) AS c
WHERE i.category = c.category AND i.name = c.indicator;
