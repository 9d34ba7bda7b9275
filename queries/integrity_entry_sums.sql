-- Entry rows whose precomputed score_sum / mark_sum differ from their score rows (Σ score and
-- Σ full mark over applicable indicators; NULL when none applies), within 1e-6: one row per
-- such entry (entry_id, score_sum, scores_total, mark_sum, marks_total, detail).
-- A consistent store returns no row. No parameters.
WITH totals AS (
    SELECT
        entry_id,
        sum(score) AS scores_total,
        sum(full_mark) FILTER (WHERE score IS NOT NULL) AS marks_total
    FROM entry_scores
    GROUP BY entry_id
),
compared AS (
    SELECT
        e.entry_id,
        e.score_sum,
        t.scores_total,
        e.mark_sum,
        t.marks_total
    FROM entries AS e
    LEFT JOIN totals AS t USING (entry_id)
)
SELECT
    entry_id,
    score_sum,
    scores_total,
    mark_sum,
    marks_total,
    format('entry {}: stored sums {} / {} but its scores add up to {} / {}',
           entry_id, coalesce(score_sum::VARCHAR, 'NULL'), coalesce(mark_sum::VARCHAR, 'NULL'),
           coalesce(scores_total::VARCHAR, 'NULL'), coalesce(marks_total::VARCHAR, 'NULL')) AS detail
FROM compared
WHERE (score_sum IS NULL) <> (scores_total IS NULL)
    OR (mark_sum IS NULL) <> (marks_total IS NULL)
    OR abs(score_sum - scores_total) > 1e-6
    OR abs(mark_sum - marks_total) > 1e-6
ORDER BY entry_id;
