-- Entry rows whose validity [valid_from, valid_to) names a version that was never committed, or
-- is empty: one row per such entry row (entry_id, branch_id, quarter, category, valid_from,
-- valid_to, detail). A consistent store returns no row. No parameters.
WITH committed AS (
    SELECT version FROM versions
)
SELECT
    e.entry_id,
    e.branch_id,
    e.quarter,
    e.category,
    e.valid_from,
    e.valid_to,
    CASE
        WHEN e.valid_from NOT IN (SELECT version FROM committed)
            THEN format('entry {} (branch {}, {}, {}) is valid from version {}, which was never committed',
                        e.entry_id, e.branch_id, e.quarter, e.category, e.valid_from)
        WHEN e.valid_to NOT IN (SELECT version FROM committed)
            THEN format('entry {} (branch {}, {}, {}) was closed by version {}, which was never committed',
                        e.entry_id, e.branch_id, e.quarter, e.category, e.valid_to)
        ELSE format('entry {} (branch {}, {}, {}) is closed by version {} before it starts at version {}',
                    e.entry_id, e.branch_id, e.quarter, e.category, e.valid_to, e.valid_from)
    END AS detail
FROM entries AS e
WHERE e.valid_from NOT IN (SELECT version FROM committed)
    OR e.valid_to NOT IN (SELECT version FROM committed)
    OR e.valid_to <= e.valid_from
ORDER BY e.entry_id;
