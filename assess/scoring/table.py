"""From per-branch P, B, dimension minimum and veto to the full branch table (SPEC §3.4–3.9).

Pure: a DataFrame in (the rows of ``queries/branch_period_scores.sql``), a DataFrame out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assess.config import EPS, Config
from assess.scoring import model

COLUMNS = [
    "committee", "general_branch", "branch", "period",
    "party_score", "business_score", "coefficient", "composite",
    "rank", "committee_rank", "stars", "standard_met", "solid",
    "grade", "quadrant", "veto", "veto_reason",
]
"""The columns of SPEC §7, in order; :func:`score_table` puts its helper columns after them."""

HELPER_COLUMNS = [
    "branch_id", "min_dimension_rate", "party_quarters", "business_quarters",
    "quadrant_p_threshold", "quadrant_b_threshold",
    "stars_before_quota", "party_quarter_mean", "evaluation", "evaluation_pending",
]
"""After the §7 columns. SPEC §3.16: ``stars_before_quota`` (Int64, the stars the thresholds
give, before any star quota; equal to ``stars`` when no quota moved the branch),
``party_quarter_mean`` (a year: the mean P of its quarters; NaN for a quarter),
``evaluation`` (a year: the year-end evaluation E, NaN where none) and ``evaluation_pending``
(boolean: a year whose P is the quarterly mean alone because the branch has no E — 待测评)."""

BASE_COLUMNS = [
    "committee", "general_branch", "branch", "branch_id", "party_score", "business_score",
    "min_dimension_rate", "veto", "veto_reason", "party_quarters", "business_quarters",
]


def score_inputs(base: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """P, B (NaN where missing), veto (False where missing) and the lowest dimension rate of
    the query's rows, as numpy arrays."""
    return (base["party_score"].to_numpy(dtype=float, na_value=np.nan),
            base["business_score"].to_numpy(dtype=float, na_value=np.nan),
            base["veto"].to_numpy(dtype=bool, na_value=False),
            base["min_dimension_rate"].to_numpy(dtype=float, na_value=np.nan))


def score_table(base: pd.DataFrame, period: str, config: Config) -> pd.DataFrame:
    """The branch table of ``period``: the §7 columns, then :data:`HELPER_COLUMNS`.

    ``base`` has :data:`BASE_COLUMNS`, one row per branch with a P or a B; for a year it may
    also have ``party_quarter_mean``, ``evaluation`` and ``evaluation_pending``
    (:func:`assess.scoring.evaluation.combine`: its party_score is then P_year). ``config``
    is the period's own rules (:func:`assess.rules.rules_for`). Units: scores in
    points (百分制), coefficient a factor, rates 0…1. Missing values: NaN for numbers, <NA> for
    rank/stars (Int64) and standard_met/solid (boolean; missing where there is no P), None for
    grade/quadrant. Rows are sorted by rank, then committee and branch, unranked last.
    ``attrs['quota']`` holds :func:`quota_warning`.
    """
    s = config.scoring
    p, b, veto, min_rate = score_inputs(base)
    has_p = ~np.isnan(p)

    k = model.coefficient(p, veto, config.method)
    c = model.composite(b, k)
    met = model.standard_met(p, min_rate, veto, s)
    star_before = model.stars(p, met, s)
    star = model.star_quota(p, star_before, s.star_quota)
    both = has_p & ~np.isnan(b)
    p_threshold = model.median_threshold(p[both], s.quadrant_p)
    b_threshold = model.median_threshold(b[both], s.quadrant_b)

    out = pd.DataFrame({
        "committee": base["committee"].array,
        "general_branch": base["general_branch"].array,
        "branch": base["branch"].array,
        "period": period,
        "party_score": p,
        "business_score": b,
        "coefficient": k,
        "composite": c,
        "rank": pd.array(model.competition_rank(c), dtype="Int64"),
        "committee_rank": pd.array(
            model.group_competition_rank(c, base["committee"].tolist()), dtype="Int64"),
        "stars": pd.array(np.where(has_p, star, np.nan), dtype="Int64"),
        "standard_met": pd.array(np.where(has_p, met, None), dtype="boolean"),
        "solid": pd.array(np.where(has_p, star >= s.solid_stars, None), dtype="boolean"),
        "grade": pd.array(model.grade(c, veto, s), dtype=object),
        "quadrant": pd.array(model.quadrant(p, b, p_threshold, b_threshold), dtype=object),
        "veto": veto,
        "veto_reason": base["veto_reason"].array,
        "branch_id": base["branch_id"].array,
        "min_dimension_rate": min_rate,
        "party_quarters": base["party_quarters"].array,
        "business_quarters": base["business_quarters"].array,
        "quadrant_p_threshold": p_threshold,
        "quadrant_b_threshold": b_threshold,
        "stars_before_quota": pd.array(np.where(has_p, star_before, np.nan), dtype="Int64"),
        "party_quarter_mean": _optional(base, "party_quarter_mean", float),
        "evaluation": _optional(base, "evaluation", float),
        "evaluation_pending": pd.array(
            _optional(base, "evaluation_pending", bool), dtype="boolean"),
    })
    out = out.sort_values(["rank", "committee", "branch"], na_position="last", kind="stable")
    out = out.reset_index(drop=True)
    out.attrs["quota"] = quota_warning(out, config)
    out.attrs["quadrant_thresholds"] = {"party": p_threshold, "business": b_threshold}
    return out


def _optional(base: pd.DataFrame, column: str, kind: type) -> np.ndarray:
    """``base[column]`` as numbers (NaN where missing) or booleans (False where missing); all
    missing when ``base`` has no such column (a quarter)."""
    if column in base.columns:
        if kind is bool:
            return base[column].to_numpy(dtype=bool, na_value=False)
        return base[column].to_numpy(dtype=float, na_value=np.nan)
    return np.zeros(len(base), dtype=bool) if kind is bool else np.full(len(base), np.nan)


def empty_table(period: str, config: Config) -> pd.DataFrame:
    """The branch table of a period without data: no rows, the same columns."""
    base = pd.DataFrame({name: pd.Series([], dtype=object) for name in BASE_COLUMNS})
    return score_table(base, period, config)


def quota_warning(scores: pd.DataFrame, config: Config) -> dict:
    """The 优秀 quota check (SPEC §3.7) over the ranked branches of a branch table.

    Keys: excellent (count of 优秀), ranked (branches with a rank), share (excellent ÷ ranked, NaN
    when none is ranked), quota (the configured share), exceeded (bool: share > quota).
    """
    ranked = int(scores["rank"].notna().sum())
    excellent = int((scores["grade"] == config.scoring.grade_bands[0][1]).sum())
    share = excellent / ranked if ranked else float("nan")
    quota = config.scoring.excellent_quota
    return {
        "excellent": excellent,
        "ranked": ranked,
        "share": share,
        "quota": quota,
        "exceeded": bool(ranked and share > quota + EPS),
    }
