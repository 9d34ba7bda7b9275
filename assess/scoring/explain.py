"""Why a branch's numbers changed (SPEC §3.13) and how long it has been 两张皮 (SPEC §3.15).

Against the previous period of the same kind (2025Q1 → 2024Q4, 2025 → 2024):

- ``ΔC = business_part + party_part`` with ``business_part = ΔB × (K₀ + K₁) / 2`` and
  ``party_part = ΔK × (B₀ + B₁) / 2`` (the two-factor Shapley split: exact, order-free).
- ``ΔP`` (and ``ΔB`` alike) = Σ one part per indicator + bonus part + deduction part + floor
  part. A category score is ``S = max(0, R)``, ``R = Σᵢ 100 × sᵢ / F + min(bonus, cap) −
  deduction``, so ``S = Σᵢ 100 × sᵢ / F + min(bonus, cap) − deduction + max(0, −R)``: each term
  is a *level* of the period, and a part is the change of a level (``s = 0`` where an indicator
  does not apply, or is not in the sheet).
- A year's S is the mean of its quarters' S (SPEC §3.11, the engine's ``avg`` over the quarters
  having S). Each level of a year is therefore the mean, over those same quarters, of the
  quarterly level; since a mean is linear, the year's levels still add up to its S exactly, and
  the parts of a year's change add up to its ΔP exactly.
- A year-end evaluation (SPEC §3.16): where a branch has an E and ``evaluation_weight`` w,
  ``P_year = (1 − w) × mean + w × E``. Its party levels are then the quarterly means' levels
  times ``(1 − w)`` plus one ``evaluation`` level ``w × E`` (w = 0 for a branch without an E):
  they still add up to P_year, so ΔP's parts still add up exactly, whether a branch has an E in
  both years, one or neither (its indicator parts are then ``(1 − w₁)·L₁ − (1 − w₀)·L₀``).
- Each period's levels use its own year's rules (:func:`assess.rules.rules_for`): the bonus cap
  and the evaluation weight of 2024 for 2024, of 2025 for 2025.

The levels come from ``queries/indicator_contributions.sql`` and ``queries/category_terms.sql``;
everything else (P, B, K, C, stars, grades, quadrants) from :func:`assess.scoring.branch_scores`,
whose rules this module never repeats. Results are kept per data version like the engine's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assess.config import EPS, Config
from assess.db import Database
from assess.periods import is_year, period_quarters, previous_period
from assess.rules import rules_for
from assess.scoring.cache import cached
from assess.scoring.engine import _versioned, branch_scores, periods
from assess.scoring.model import TWO_SKINS

KINDS = ("indicator", "bonus", "deduction", "floor", "evaluation")
"""The kinds of part of ΔP / ΔB, in the order they are listed and drawn ('evaluation': the
year-end evaluation's share of a year's P, SPEC §3.16; party only)."""

PART_COLUMNS = ["branch_id", "category", "kind", "name", "dimension", "position", "level",
                "previous_level", "part"]

CHANGE_COLUMNS = [
    "committee", "general_branch", "branch", "branch_id", "period", "previous_period", "new_branch",
    "party_score", "previous_party_score", "delta_party",
    "business_score", "previous_business_score", "delta_business",
    "coefficient", "previous_coefficient", "delta_coefficient",
    "composite", "previous_composite", "delta_composite", "business_part", "party_part",
    "main_driver", "party_driver", "party_driver_part", "business_driver", "business_driver_part",
    "rank", "previous_rank", "delta_rank", "stars", "previous_stars",
    "standard_met", "previous_standard_met", "solid", "previous_solid",
    "grade", "previous_grade", "veto", "previous_veto", "veto_reason", "min_dimension_rate",
    "previous_min_dimension_rate", "quadrant",
    "stars_before_quota", "previous_stars_before_quota", "party_quarter_mean",
    "previous_party_quarter_mean", "evaluation", "previous_evaluation", "evaluation_pending",
]
"""Columns of :func:`changes`."""


def terms(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × category having S in ``period``: branch_id, category, quarters,
    score (S, points), bonus (counted, ≤ cap), bonus_raw (as written), deduction, floor (what
    ``max(0, …)`` added), notes (备注, '；'-joined or None); each the mean over the quarters."""
    as_of, keep = _versioned(db, as_of)
    cap = float(rules_for(config, period).scoring.bonus_cap)
    return cached(db, ("explain_terms", as_of, period, cap), keep, lambda: db.query(
        "category_terms", quarters=period_quarters(period), as_of=as_of, bonus_cap=cap))


def indicator_levels(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × category × indicator of ``period`` (branches having S): branch_id,
    category, indicator, dimension, position, contribution (``100 × s / F``, points, mean over
    the quarters having S), score and full_mark (mean actual values where applicable, NaN when
    never), applicable_quarters."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("explain_indicators", as_of, period), keep, lambda: db.query(
        "indicator_contributions", quarters=period_quarters(period), as_of=as_of))


def dimension_points(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × party dimension of ``period``: branch_id, dimension, rate (0…1, the
    engine's dimension rate), score and full_mark (mean Σ per quarter, points), quarters,
    position."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("explain_dimensions", as_of, period), keep, lambda: db.query(
        "dimension_points", quarters=period_quarters(period), as_of=as_of))


LEVEL_DIGITS = 12
"""Decimals a level keeps (:func:`_levels`)."""


def levels(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """The additive terms of every S of ``period``: one row per branch × category × term with
    branch_id, category, kind (:data:`KINDS`), name (the indicator, or the kind), dimension,
    position, level (points; the deduction term is −deduction), order (the kind's place in
    :data:`KINDS`). Per branch and category the levels add up to S — for a year's P with an
    evaluation, to P_year (the other levels scaled by ``1 − w``, plus ``w × E``)."""
    as_of, keep = _versioned(db, as_of)
    scoring = rules_for(config, period).scoring
    key = ("explain_levels", as_of, period, float(scoring.bonus_cap), float(scoring.evaluation_weight))
    return cached(db, key, keep, lambda: _levels(db, period, config, as_of))


def _levels(db: Database, period: str, config: Config, as_of: int) -> pd.DataFrame:
    ind = indicator_levels(db, period, as_of)
    ind = pd.DataFrame({
        "branch_id": ind["branch_id"].to_numpy(dtype="int64"), "category": ind["category"].array,
        "kind": "indicator", "name": ind["indicator"].array, "dimension": ind["dimension"].array,
        "position": ind["position"].to_numpy(dtype=float),
        "level": ind["contribution"].to_numpy(dtype=float), "order": 0})
    term = terms(db, period, config, as_of)
    extra = [pd.DataFrame({
        "branch_id": term["branch_id"].to_numpy(dtype="int64"), "category": term["category"].array,
        "kind": kind, "name": kind, "dimension": None, "position": np.nan,
        "level": sign * term[column].to_numpy(dtype=float), "order": order})
        for order, kind, column, sign in ((1, "bonus", "bonus", 1.0), (2, "deduction", "deduction", -1.0),
                                          (3, "floor", "floor", 1.0))]
    out = pd.concat([ind, *extra], ignore_index=True)
    if is_year(period):
        out = _with_evaluation(out, branch_scores(db, period, config, as_of),
                               float(rules_for(config, period).scoring.evaluation_weight))
    # DuckDB's parallel sums add in whatever order the threads finish: their last bits differ
    # between runs, enough to show a part of exactly −1.25 as −1.2 on one reload and −1.3 on the
    # next. Rounded far below any shown digit (and below the 1e-9 the parts must add up to).
    out["level"] = out["level"].round(LEVEL_DIGITS)
    return out


def _with_evaluation(levels: pd.DataFrame, table: pd.DataFrame, weight: float) -> pd.DataFrame:
    """A year's levels with the evaluation (SPEC §3.16): for each branch whose P_year took an E,
    its party levels × (1 − w) and one 'evaluation' level w × E."""
    if weight == 0 or "evaluation" not in table.columns:
        return levels
    took = table[table["evaluation"].notna() & table["party_quarter_mean"].notna()]
    if took.empty:
        return levels
    e = dict(zip(took["branch_id"].astype("int64"), took["evaluation"].astype(float)))
    mine = levels["branch_id"].isin(list(e)).to_numpy() & (levels["category"] == "party").to_numpy()
    levels = levels.copy()
    levels.loc[mine, "level"] = levels.loc[mine, "level"].to_numpy(dtype=float) * (1.0 - weight)
    ids = np.fromiter(e, dtype="int64", count=len(e))
    extra = pd.DataFrame({"branch_id": ids, "category": "party", "kind": "evaluation",
                          "name": "evaluation", "dimension": None, "position": np.nan,
                          "level": weight * np.fromiter(e.values(), dtype=float, count=len(e)),
                          "order": KINDS.index("evaluation")})
    return pd.concat([levels, extra], ignore_index=True)


def parts(db: Database, period: str, category: str, config: Config,
          as_of: int | None = None) -> pd.DataFrame:
    """The split of ΔP (``category='party'``) or ΔB (``'business'``) of every branch having the
    score in ``period`` and in the previous period: :data:`PART_COLUMNS`, one row per branch ×
    term present in either period (an indicator absent from one period has level 0 there),
    sorted by branch_id, then indicators by position, bonus, deduction, floor. Per branch the
    parts add up to the change of the score (within rounding, far below 1e-9)."""
    as_of, keep = _versioned(db, as_of)
    key = ("explain_parts", as_of, period, category, rules_for(config, period).scoring,
           rules_for(config, previous_period(period)).scoring)
    return cached(db, key, keep, lambda: _parts(db, period, category, config, as_of))


def _parts(db: Database, period: str, category: str, config: Config, as_of: int) -> pd.DataFrame:
    before = previous_period(period)
    now = levels(db, period, config, as_of)
    old = levels(db, before, config, as_of)
    now, old = now[now["category"] == category], old[old["category"] == category]
    both = np.intersect1d(now["branch_id"].unique(), old["branch_id"].unique())
    now, old = now[now["branch_id"].isin(both)], old[old["branch_id"].isin(both)]
    keys = ["branch_id", "order", "name"]
    out = now.merge(old.drop(columns=["category", "kind"]), on=keys, how="outer", suffixes=("", "_old"))
    out["category"] = category
    out["kind"] = np.asarray(KINDS, dtype=object)[out["order"].to_numpy(dtype=int)]
    out["dimension"] = out["dimension"].where(out["dimension"].notna(), out["dimension_old"])
    out["position"] = out["position"].fillna(out["position_old"])
    out["previous_level"] = out["level_old"].fillna(0.0)
    out["level"] = out["level"].fillna(0.0)
    out["part"] = out["level"] - out["previous_level"]
    out = out.sort_values(["branch_id", "order", "position", "name"], kind="stable")
    return out[PART_COLUMNS].reset_index(drop=True)


def main_drivers(split: pd.DataFrame) -> pd.DataFrame:
    """Per branch of a :func:`parts` frame, its part of largest magnitude (the first in order
    on a tie): branch_id, driver (indicator name, 'bonus', 'deduction' or 'floor'; None when
    every part is within 1e-9 of 0), driver_kind, driver_part (points)."""
    if split.empty:
        return pd.DataFrame({"branch_id": pd.Series([], dtype="int64"), "driver": [],
                             "driver_kind": [], "driver_part": pd.Series([], dtype=float)})
    # magnitudes equal within 1e-9 are a tie: two parts of −1.2 differ in their last bits by the
    # order DuckDB's parallel sums happened to add in, which would name another driver each run
    size = split["part"].abs().round(9)
    top = split.loc[size.groupby(split["branch_id"], sort=False).idxmax()]
    moved = top["part"].abs().to_numpy() > EPS
    return pd.DataFrame({
        "branch_id": top["branch_id"].to_numpy(),
        "driver": np.where(moved, top["name"].to_numpy(dtype=object), None),
        "driver_kind": np.where(moved, top["kind"].to_numpy(dtype=object), None),
        "driver_part": top["part"].to_numpy(dtype=float),
    })


def changes(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch with a P or a B in ``period``: :data:`CHANGE_COLUMNS`.

    ``previous_*`` are the previous period's values (NaN / <NA> / None where the branch has none
    there; ``new_branch`` when it has no row at all there), ``delta_*`` current − previous, and
    ``delta_rank`` previous − current (positive: moved up). Where C exists in both periods:
    ``business_part`` + ``party_part`` = ``delta_composite`` and ``main_driver`` is 'B' or 'K'
    (the larger part; 'B' on an exact tie; missing when both are within 1e-9 of 0). Missing
    texts are NaN (pandas' string columns), as in the branch table.
    ``party_driver`` / ``business_driver`` name the largest part of ΔP / ΔB (see
    :func:`main_drivers`), with its value in ``*_driver_part``.
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("explain_changes", as_of, period, config), keep,
                  lambda: _changes(db, period, config, as_of))


def _changes(db: Database, period: str, config: Config, as_of: int) -> pd.DataFrame:
    before = previous_period(period)
    now = branch_scores(db, period, config, as_of)
    old = branch_scores(db, before, config, as_of)
    carried = ["party_score", "business_score", "coefficient", "composite", "rank", "stars",
               "standard_met", "solid", "grade", "veto", "min_dimension_rate", "stars_before_quota",
               "party_quarter_mean", "evaluation"]
    old = old[["branch_id", *carried]].rename(columns={c: f"previous_{c}" for c in carried})
    old["_seen"] = True
    out = now.merge(old, on="branch_id", how="left")
    out["previous_period"] = before
    out["new_branch"] = out["_seen"].isna().to_numpy()
    for name, short in (("party", "party_score"), ("business", "business_score"),
                        ("coefficient", "coefficient"), ("composite", "composite")):
        out[f"delta_{name}"] = out[short].astype(float) - out[f"previous_{short}"].astype(float)
    out["delta_rank"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    b0, b1 = out["previous_business_score"].astype(float), out["business_score"].astype(float)
    k0, k1 = out["previous_coefficient"].astype(float), out["coefficient"].astype(float)
    out["business_part"] = (b1 - b0) * (k0 + k1) / 2.0
    out["party_part"] = (k1 - k0) * (b0 + b1) / 2.0
    bp, pp = out["business_part"].to_numpy(dtype=float), out["party_part"].to_numpy(dtype=float)
    known = ~(np.isnan(bp) | np.isnan(pp))
    moved = known & (np.maximum(np.abs(bp), np.abs(pp)) > EPS)
    out["main_driver"] = np.where(moved, np.where(np.abs(bp) >= np.abs(pp), "B", "K"), None)
    for category in ("party", "business"):
        drivers = main_drivers(parts(db, period, category, config, as_of)).rename(columns={
            "driver": f"{category}_driver", "driver_part": f"{category}_driver_part"})
        out = out.merge(drivers.drop(columns="driver_kind"), on="branch_id", how="left")
    for column in ("previous_stars", "previous_rank", "stars_before_quota", "previous_stars_before_quota"):
        out[column] = out[column].astype("Int64")
    for column in ("previous_standard_met", "previous_solid"):
        out[column] = out[column].astype("boolean")
    out["previous_veto"] = out["previous_veto"].astype("boolean")
    return out[CHANGE_COLUMNS].reset_index(drop=True)


def two_skins_streaks(db: Database, period: str, config: Config,
                      as_of: int | None = None) -> pd.DataFrame:
    """两张皮 persistence (SPEC §3.15): per branch of the period's last quarter, the number of
    consecutive quarters, up to and including it, in an off-diagonal quadrant (0 when not in
    one now). For a year, the last quarter of the year that has data. Columns: branch_id,
    quarter, quadrant, streak (int)."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("explain_two_skins", as_of, period, config), keep,
                  lambda: _streaks(db, period, config, as_of))


def _streaks(db: Database, period: str, config: Config, as_of: int) -> pd.DataFrame:
    stored = set(periods(db, as_of)["period"])
    quarters = [q for q in period_quarters(period) if q in stored]
    columns = {"branch_id": pd.Series([], dtype="int64"), "quarter": [], "quadrant": [],
               "streak": pd.Series([], dtype="int64")}
    if not quarters:
        return pd.DataFrame(columns)
    last = quarters[-1] if is_year(period) else period
    table = branch_scores(db, last, config, as_of)
    out = pd.DataFrame({"branch_id": table["branch_id"].astype("int64").to_numpy(),
                        "quarter": last, "quadrant": table["quadrant"].to_numpy(dtype=object)})
    alive = out["quadrant"].isin(TWO_SKINS).to_numpy().copy()
    streak = alive.astype("int64")
    quarter = last
    while alive.any():
        quarter = previous_period(quarter)
        if quarter not in stored:
            break
        earlier = branch_scores(db, quarter, config, as_of)
        off = set(earlier.loc[earlier["quadrant"].isin(TWO_SKINS), "branch_id"].astype("int64"))
        alive = alive & out["branch_id"].isin(off).to_numpy()
        streak = streak + alive
    out["streak"] = streak
    return out
