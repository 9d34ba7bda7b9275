-- One row per branch × quarter of $quarters in which the branch has a party score P or a business
-- score B, as of version $as_of: the rows branch_period_scores.sql gives for each quarter on its
-- own, in one pass (the trends and the profile history read twelve quarters at once).
--   party_score / business_score: S = max(0, 100 × Σscore / Σfull_mark + min(bonus, $bonus_cap)
--     − deduction) of the quarter (NULL when no indicator applies);
--   min_dimension_rate: the quarter's lowest party dimension rate Σscore / Σfull_mark (0…1; an
--     indicator without a dimension is its own), grouped by entry id (one visible party entry per
--     branch and quarter) rather than by the branch and quarter names;
--   veto: a visible entry of the quarter with a veto reason; veto_reason: the distinct reasons
--     joined by '；', party first.
-- Columns: quarter, committee, branch, branch_id, party_score, business_score,
--   min_dimension_rate, veto, veto_reason. Rows come unordered (the caller ranks them).
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER), $bonus_cap (DOUBLE).
WITH visible AS (
    SELECT
        entry_id, branch_id, quarter, category, bonus, deduction,
        nullif(trim(veto_reason), '') AS veto_reason, score_sum, mark_sum
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
),

category_scores AS (
    SELECT
        branch_id, quarter, category,
        category_score(score_sum, mark_sum, bonus, deduction, $bonus_cap) AS score
    FROM visible
),

party_entries AS (
    SELECT entry_id, branch_id, quarter
    FROM visible
    WHERE category = 'party'
),

dimension_rates AS (
    SELECT
        s.entry_id,
        sum(s.score) / nullif(sum(s.full_mark), 0) AS rate
    FROM entry_scores AS s
    JOIN indicators AS i ON i.indicator_id = s.indicator_id
    WHERE s.entry_id IN (SELECT entry_id FROM party_entries) AND s.score IS NOT NULL
    GROUP BY s.entry_id, coalesce(s.dimension, i.name)
),

min_dimension_rates AS (
    SELECT e.branch_id, e.quarter, min(d.rate) AS min_dimension_rate
    FROM dimension_rates AS d
    JOIN party_entries AS e ON e.entry_id = d.entry_id
    GROUP BY e.branch_id, e.quarter
),

veto_labels AS (
    SELECT
        branch_id, quarter, veto_reason AS label,
        min(CASE category WHEN 'party' THEN '0' ELSE '1' END) AS sort_key
    FROM visible
    WHERE veto_reason IS NOT NULL
    GROUP BY ALL
),

veto_reasons AS (
    SELECT branch_id, quarter, string_agg(label, '；' ORDER BY sort_key, label) AS veto_reason
    FROM veto_labels
    GROUP BY branch_id, quarter
),

per_quarter AS (
    SELECT
        branch_id,
        quarter,
        avg(score) FILTER (WHERE category = 'party') AS party_score,
        avg(score) FILTER (WHERE category = 'business') AS business_score
    FROM category_scores
    GROUP BY branch_id, quarter
)

SELECT
    p.quarter,
    b.committee,
    b.branch,
    p.branch_id,
    p.party_score,
    p.business_score,
    m.min_dimension_rate,
    r.veto_reason IS NOT NULL AS veto,
    r.veto_reason
FROM per_quarter AS p
JOIN branches AS b ON b.branch_id = p.branch_id
LEFT JOIN min_dimension_rates AS m ON m.branch_id = p.branch_id AND m.quarter = p.quarter
LEFT JOIN veto_reasons AS r ON r.branch_id = p.branch_id AND r.quarter = p.quarter
WHERE p.party_score IS NOT NULL OR p.business_score IS NOT NULL
