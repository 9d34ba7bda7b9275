-- How many current cells a rollback to $target removes without replacement (cells that did not
-- exist as of $target): one row, column `removed`. Run before closing. Parameters: $target.
SELECT count(*) AS removed
FROM entries AS c
WHERE c.valid_to IS NULL
    AND NOT visible_in(c.valid_from, c.valid_to, $target)
    AND NOT EXISTS (
        SELECT 1
        FROM entries AS t
        WHERE t.branch_id = c.branch_id
            AND t.quarter = c.quarter
            AND t.category = c.category
            AND visible_in(t.valid_from, t.valid_to, $target)
    );
