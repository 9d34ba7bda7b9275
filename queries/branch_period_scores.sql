-- One row per branch having a party score P or a business score B in the quarters $quarters,
-- as of version $as_of (SPEC §3.1–3.3, §3.11):
--   party_score / business_score: S = max(0, 100 × Σscore / Σfull_mark + min(bonus, $bonus_cap)
--     − deduction) per quarter and category (NULL when no indicator applies), then the mean over
--     the quarters in which the branch has it (a quarter is its own mean);
--   min_dimension_rate: the lowest party dimension rate Σscore / Σfull_mark (0…1; an indicator
--     without a dimension is its own), each dimension averaged over the quarters it has;
--   veto: any visible entry with a veto reason; veto_reason: the distinct reasons joined by '；'
--     (prefixed with their quarter when $quarters spans several quarters);
--   general_branch: that of the latest quarter; party_quarters / business_quarters: how many
--     quarters contributed to P / B.
-- Rows come unordered (the caller ranks and sorts them).
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER), $bonus_cap (DOUBLE).
WITH visible AS (
    SELECT
        entry_id, branch_id, quarter, category, general_branch, bonus, deduction,
        nullif(trim(veto_reason), '') AS veto_reason, score_sum, mark_sum
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
),

category_scores AS (
    SELECT
        branch_id, quarter, category, general_branch, veto_reason,
        category_score(score_sum, mark_sum, bonus, deduction, $bonus_cap) AS score
    FROM visible
),

dimension_quarter_rates AS (
    SELECT
        v.branch_id, v.quarter,
        coalesce(s.dimension, i.name) AS dimension,
        sum(s.score) / nullif(sum(s.full_mark), 0) AS rate
    FROM visible AS v
    JOIN entry_scores AS s ON s.entry_id = v.entry_id
    JOIN indicators AS i ON i.indicator_id = s.indicator_id
    WHERE v.category = 'party' AND s.score IS NOT NULL
    GROUP BY v.branch_id, v.quarter, coalesce(s.dimension, i.name)
),

min_dimension_rates AS (
    SELECT branch_id, min(rate) AS min_dimension_rate
    FROM (
        SELECT branch_id, dimension, avg(rate) AS rate
        FROM dimension_quarter_rates
        GROUP BY branch_id, dimension
    )
    GROUP BY branch_id
),

veto_labels AS (
    SELECT
        branch_id,
        CASE WHEN len($quarters) > 1 THEN quarter || '：' || veto_reason ELSE veto_reason END
            AS label,
        min(quarter || CASE category WHEN 'party' THEN '0' ELSE '1' END) AS sort_key
    FROM visible
    WHERE veto_reason IS NOT NULL
    GROUP BY ALL
),

veto_reasons AS (
    SELECT branch_id, string_agg(label, '；' ORDER BY sort_key, label) AS veto_reason
    FROM veto_labels
    GROUP BY branch_id
),

per_branch AS (
    SELECT
        branch_id,
        avg(score) FILTER (WHERE category = 'party') AS party_score,
        avg(score) FILTER (WHERE category = 'business') AS business_score,
        count(score) FILTER (WHERE category = 'party') AS party_quarters,
        count(score) FILTER (WHERE category = 'business') AS business_quarters,
        arg_max_null(general_branch, quarter || CASE category WHEN 'party' THEN '1' ELSE '0' END)
            AS general_branch
    FROM category_scores
    GROUP BY branch_id
)

SELECT
    b.committee,
    p.general_branch,
    b.branch,
    p.branch_id,
    p.party_score,
    p.business_score,
    m.min_dimension_rate,
    r.veto_reason IS NOT NULL AS veto,
    r.veto_reason,
    p.party_quarters,
    p.business_quarters
FROM per_branch AS p
JOIN branches AS b ON b.branch_id = p.branch_id
LEFT JOIN min_dimension_rates AS m ON m.branch_id = p.branch_id
LEFT JOIN veto_reasons AS r ON r.branch_id = p.branch_id
WHERE p.party_score IS NOT NULL OR p.business_score IS NOT NULL
