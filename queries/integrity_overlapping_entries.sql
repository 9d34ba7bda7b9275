-- Pairs of entry rows of the same (branch, quarter, category) visible in a common version — two
-- current rows included — which would make "as of N" ambiguous: one row per such pair
-- (branch_id, committee, branch, quarter, category, entry_id, other_entry_id, detail).
-- A consistent store returns no row. No parameters.
SELECT
    a.branch_id,
    b.committee,
    b.branch,
    a.quarter,
    a.category,
    a.entry_id,
    o.entry_id AS other_entry_id,
    format('{} {} {} {}: entries {} [{}, {}) and {} [{}, {}) are visible in the same version',
           b.committee, b.branch, a.quarter, a.category,
           a.entry_id, a.valid_from, coalesce(a.valid_to::VARCHAR, 'current'),
           o.entry_id, o.valid_from, coalesce(o.valid_to::VARCHAR, 'current')) AS detail
FROM entries AS a
JOIN entries AS o
    ON o.branch_id = a.branch_id
    AND o.quarter = a.quarter
    AND o.category = a.category
    AND o.entry_id > a.entry_id
LEFT JOIN branches AS b ON b.branch_id = a.branch_id
WHERE a.valid_from < coalesce(o.valid_to, 2147483647)
    AND o.valid_from < coalesce(a.valid_to, 2147483647)
ORDER BY a.branch_id, a.quarter, a.category, a.entry_id, o.entry_id;
