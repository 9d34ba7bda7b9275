-- Generated scale data (assess.scale), step 1 of a synthetic store: one branches row per
-- generated branch (contiguous blocks of branches per committee) and one indicators row per
-- catalog indicator. Reads the frames registered on the cursor: scale_spec (one row: branches,
-- committees, seed) and scale_indicators (indicator_id, category, dimension, name, full_mark,
-- position, description). No parameters.
INSERT INTO branches (branch_id, committee, branch)
SELECT
    n + 1 AS branch_id,
    '第' || (n * s.committees // s.branches + 1) || '党委' AS committee,
    '第' || (n + 1) || '党支部' AS branch
FROM scale_spec AS s, unnest(range(s.branches)) AS r(n)
ORDER BY branch_id;

INSERT INTO indicators (indicator_id, category, name, description)
SELECT indicator_id, category, name, description
FROM scale_indicators
ORDER BY indicator_id;
