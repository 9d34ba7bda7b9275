-- The fast path of prior_quarters: the newest quarter before $quarter that any upload touched
-- (every stored cell's quarter is in its version's `quarters`), with each category's current
-- cells there and the range of their entry ids. Reads one quarter's row groups instead of every
-- current cell, so it does not grow with the years stored. A category missing from the result
-- (not uploaded for that quarter, or rolled away) needs prior_quarters. Parameters: $quarter.
WITH newest AS (
    SELECT max(touched) AS quarter
    FROM versions, unnest(quarters) AS t(touched)
    WHERE touched < $quarter
)
SELECT category, quarter, min(entry_id) AS first_id, max(entry_id) AS last_id
FROM entries
WHERE valid_to IS NULL AND quarter = (SELECT quarter FROM newest)
GROUP BY ALL;
