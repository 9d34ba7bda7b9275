-- One row per branch × category having the category score S in the quarters $quarters, as of
-- version $as_of (SPEC §3.1, §3.13): S = max(0, R) with R = 100 × Σscore / Σfull_mark +
-- min(bonus, $bonus_cap) − deduction, each term averaged over the quarters in which the branch
-- has S (a quarter is its own mean; a year's S is the mean of its quarters, SPEC §3.11):
--   score: mean S; bonus: mean min(bonus, cap); bonus_raw: mean bonus as written; deduction:
--   mean deduction; floor: mean of S − R = max(0, −R) (what the floor at 0 added);
--   quarters: how many quarters have S; notes: the distinct 备注 texts, joined by '；'.
-- Columns: branch_id, category, quarters, score, bonus, bonus_raw, deduction, floor, notes.
-- Parameters: $quarters (VARCHAR[]), $as_of (INTEGER), $bonus_cap (DOUBLE).
WITH scored AS (
    SELECT
        branch_id, quarter, category, bonus, deduction, nullif(trim(note), '') AS note,
        category_raw(score_sum, mark_sum, bonus, deduction, $bonus_cap) AS raw
    FROM entries
    WHERE list_contains($quarters, quarter)
      AND visible_in(valid_from, valid_to, $as_of)
      AND mark_sum > 0
)

SELECT
    branch_id,
    category,
    count(*) AS quarters,
    avg(greatest(0.0, raw)) AS score,
    avg(least(bonus, $bonus_cap)) AS bonus,
    avg(bonus) AS bonus_raw,
    avg(deduction) AS deduction,
    avg(greatest(0.0, -raw)) AS floor,
    string_agg(DISTINCT note, '；' ORDER BY note) AS notes
FROM scored
GROUP BY branch_id, category
