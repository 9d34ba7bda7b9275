-- The rules several queries share, written once (queries/*.sql call them; DuckDB expands a
-- macro in place, so filters on it still prune). Created with the schema (assess/db.py); a store
-- opened read-only that predates them gets them per cursor, as temporary macros.

-- A stored row (an `entries` cell) is current in data version `version`: rows live in the
-- versions [valid_from, valid_to), valid_to NULL while current (see assess/schema.sql).
CREATE OR REPLACE MACRO visible_in(valid_from, valid_to, version) AS
    valid_from <= version AND (valid_to IS NULL OR valid_to > version);

-- SPEC §3.1 before its floor: R = 100 × Σscore / Σfull_mark + min(bonus, bonus_cap) − deduction of
-- one cell (the split of a change, SPEC §3.13, needs R itself: the floor part is max(0, −R)).
CREATE OR REPLACE MACRO category_raw(score_sum, mark_sum, bonus, deduction, bonus_cap) AS
    100.0 * score_sum / mark_sum + least(bonus, bonus_cap) - deduction;

-- SPEC §3.1: a category score S = max(0, 100 × Σscore / Σfull_mark + min(bonus, bonus_cap) −
-- deduction) of one cell; NULL when no indicator applies (mark_sum NULL or 0).
CREATE OR REPLACE MACRO category_score(score_sum, mark_sum, bonus, deduction, bonus_cap) AS
    CASE WHEN mark_sum > 0 THEN
        greatest(0.0, category_raw(score_sum, mark_sum, bonus, deduction, bonus_cap))
    END;
