-- How many current cells a rollback to $target removes without replacement (cells that did not
-- exist as of $target): one row, column `removed`. Run before closing. Parameters: $target.
SELECT count(*) AS removed
FROM entries AS c
WHERE c.valid_to IS NULL
    AND NOT (c.valid_from <= $target AND (c.valid_to IS NULL OR c.valid_to > $target))
    AND NOT EXISTS (
        SELECT 1
        FROM entries AS t
        WHERE t.branch_id = c.branch_id
            AND t.quarter = c.quarter
            AND t.category = c.category
            AND t.valid_from <= $target
            AND (t.valid_to IS NULL OR t.valid_to > $target)
    );
