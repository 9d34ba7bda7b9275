-- The stored scores as of a data version: one row per quarter × committee × branch × category ×
-- indicator visible as of $as_of (score NULL = not applicable), with the cell's bonus, deduction
-- and veto. Parameters: $as_of (data version), $quarters (list of 'YYYYQn'; empty list = all).
SELECT
    e.quarter,
    b.committee,
    e.general_branch,
    b.branch,
    e.category,
    i.name AS indicator,
    s.dimension,
    s.full_mark,
    s.score,
    e.bonus,
    e.deduction,
    e.veto_reason,
    e.valid_from AS version
FROM entries AS e
JOIN branches AS b USING (branch_id)
JOIN entry_scores AS s USING (entry_id)
JOIN indicators AS i USING (indicator_id)
WHERE visible_in(e.valid_from, e.valid_to, $as_of)
    AND (len($quarters) = 0 OR list_contains($quarters, e.quarter))
ORDER BY e.quarter, b.committee, b.branch, e.category, s.position;
