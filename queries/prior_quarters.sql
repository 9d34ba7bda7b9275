-- The latest stored quarter before $quarter, per category (SPEC §4: full marks missing from a
-- workbook come from "the latest stored quarter"): one row per category with that quarter and
-- the range of its current cells' entry ids. Parameters: $quarter.
WITH latest AS (
    SELECT category, max(quarter) AS quarter
    FROM entries
    WHERE valid_to IS NULL AND quarter < $quarter
    GROUP BY category
)
SELECT l.category, l.quarter, min(e.entry_id) AS first_id, max(e.entry_id) AS last_id
FROM entries AS e
JOIN latest AS l ON e.category = l.category AND e.quarter = l.quarter
WHERE e.valid_to IS NULL
GROUP BY ALL;
