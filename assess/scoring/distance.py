"""What a branch's next step takes (SPEC §3.14) and which threshold a change crossed (§3.13).

Pure: a row of :func:`assess.scoring.explain.changes` and the branch's dimension points
(:func:`assess.scoring.explain.dimension_points`) in, small frozen dataclasses out. The rules
(stars, 达标, grades, K) are :mod:`assess.scoring.model`'s, called, never repeated.

Dimension points: for a quarter, a dimension lacks ``rate_needed × Σfull_mark − Σscore``
points; for a year (whose rate is the mean of the quarterly rates) ``(rate_needed − rate) ×
mean Σfull_mark``: the points a typical quarter lacks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from assess.config import EPS, Config
from assess.scoring import model


@dataclass(frozen=True)
class DimensionGap:
    """A party dimension below the 达标 rate."""

    dimension: str
    rate: float  # 0…1
    score: float  # points (mean Σ score per quarter)
    full_mark: float  # points (mean Σ full mark per quarter)
    lacking: float  # points short of the needed rate


@dataclass(frozen=True)
class Step:
    """One next step of §3.14.

    ``step``: 'next_star' | 'solid' | 'standard' | 'next_grade' | 'next_band'. ``target``: the
    stars (int), the grade label, or the band's K. ``measure``: 'P' or 'C' (what ``threshold``
    and ``gap`` are in). ``gap``: points still needed (0 where reached; None where blocked or
    there is no higher step). ``blocked``: 'veto' where a veto blocks it. ``dimensions``: the
    dimensions below the 达标 rate that also stand in the way. ``p_needed`` (next grade): the P
    that reaches it with B unchanged (None when P alone cannot).
    """

    step: str
    target: Any
    measure: str
    threshold: float | None
    gap: float | None
    reached: bool = False
    blocked: str | None = None
    dimensions: tuple[DimensionGap, ...] = field(default_factory=tuple)
    p_needed: float | None = None
    quota: str | None = None
    """SPEC §3.16 star quota, for the star steps: 'moved' (P already gives ``target`` but the
    quota moved the branch below it; ``gap`` 0), 'full' (the quota at ``target`` bound this
    period: reaching the threshold is not enough, the branch must also out-rank by P those
    who keep it — no number is given for that), None (no quota in the way)."""


@dataclass(frozen=True)
class Crossing:
    """A star, grade or 达标 change against the previous period and what it crossed.

    ``what``: 'stars' | 'grade' | 'standard'; ``direction``: 'up' | 'down'; ``cause``:
    'threshold' (``threshold`` is the P or C crossed), 'dimension' (``dimensions`` fell below —
    or rose to — the 达标 rate), 'veto' (a veto came or went), 'party' (P crossed the 达标 P),
    'standard' (stars changed because 达标 changed; see that crossing), or 'quota' (the star
    quota of SPEC §3.16 moved the branch in this period or the previous one: ``before_quota`` /
    ``previous_before_quota`` are the stars P gave before the quota, now and before)."""

    what: str
    before: Any
    after: Any
    direction: str
    cause: str
    threshold: float | None = None
    dimensions: tuple[str, ...] = ()
    before_quota: int | None = None
    previous_before_quota: int | None = None


def as_number(value: Any) -> float:
    """A cell as a float: NaN for None, pd.NA or what is not a number."""
    if value is None or value is pd.NA:
        return math.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def as_flag(value: Any) -> bool:
    """A cell as a bool: False for None and pd.NA."""
    return False if value is None or value is pd.NA else bool(value)


def dimension_gaps(dims: pd.DataFrame, config: Config) -> tuple[DimensionGap, ...]:
    """The dimensions of one branch (rows of dimension_points) below the 达标 rate, in order."""
    need = config.scoring.standard_dimension_rate
    out = []
    for r in dims.sort_values(["position", "dimension"]).itertuples(index=False):
        if not model.reaches(r.rate, need):
            out.append(DimensionGap(str(r.dimension), float(r.rate), float(r.score),
                                    float(r.full_mark), (need - float(r.rate)) * float(r.full_mark)))
    return tuple(out)


def _star_threshold(config: Config, count: int) -> float:
    return {n: t for t, n in config.scoring.star_bands}[count]


def quota_levels(table: pd.DataFrame) -> frozenset[int]:
    """The star levels at which the period's star quota bound (SPEC §3.16): L where some branch
    of the branch table had at least L stars by P (``stars_before_quota``) and fewer after."""
    if table.empty or "stars_before_quota" not in table.columns:
        return frozenset()
    both = table[table["stars"].notna() & table["stars_before_quota"].notna()]
    before = both["stars_before_quota"].astype(int).to_numpy()
    after = both["stars"].astype(int).to_numpy()
    return frozenset(level for b, a in zip(before, after) if b > a for level in range(a + 1, b + 1))


def next_steps(row: Mapping[str, Any], dims: pd.DataFrame, config: Config,
               quota: frozenset[int] = frozenset()) -> tuple[Step, ...]:
    """The §3.14 steps of one branch (a :func:`~assess.scoring.explain.changes` row or a branch
    table row): next star, 过硬, 达标 and next grade; with ``tiered``, the next band too. A
    branch without a P gets no P steps, one without a C no grade step. ``config``: the rules
    the period is scored by; ``quota``: :func:`quota_levels` of the period (the star steps say
    where the quota stands in the way, see :attr:`Step.quota`)."""
    s = config.scoring
    p, c = as_number(row.get("party_score")), as_number(row.get("composite"))
    b = as_number(row.get("business_score"))
    veto = as_flag(row.get("veto"))
    met = as_flag(row.get("standard_met"))
    gaps = () if met else dimension_gaps(dims, config)
    steps: list[Step] = []
    if not math.isnan(p):
        stars = int(as_number(row.get("stars")))
        counts = sorted(n for _, n in s.star_bands)
        natural = as_number(row.get("stars_before_quota"))
        natural = stars if math.isnan(natural) else int(natural)
        for step, target in (("next_star", next((n for n in counts if n > stars), None)),
                             ("solid", s.solid_stars)):
            steps.append(_with_quota(_star_step(step, stars, p, veto, met, gaps, config, target, counts),
                                     natural, quota))
        if met:
            steps.append(Step("standard", None, "P", s.standard_p, 0.0, reached=True))
        elif veto:
            steps.append(Step("standard", None, "P", s.standard_p, None, blocked="veto"))
        else:
            steps.append(Step("standard", None, "P", s.standard_p, max(0.0, s.standard_p - p),
                              dimensions=gaps))
    if not math.isnan(c):
        steps.append(_grade_step(row.get("grade"), c, p, b, veto, config))
    if config.method.name == "tiered" and not math.isnan(p):
        steps.append(_band_step(p, veto, config))
    return tuple(steps)


def _star_step(step: str, stars: int, p: float, veto: bool, met: bool,
               gaps: tuple[DimensionGap, ...], config: Config, target: int | None,
               counts: list[int]) -> Step:
    if target is None or stars >= target:
        return Step(step, target if target is not None else stars, "P", None, 0.0, reached=True)
    if veto:
        return Step(step, target, "P", _star_threshold(config, target), None, blocked="veto")
    if step == "next_star" and not met:  # once 达标, P alone may already give more stars
        would = int(model.stars(np.array([p]), np.array([True]), config.scoring)[0])
        target = max(target, would)
    threshold = _star_threshold(config, target)
    return Step(step, target, "P", threshold, max(0.0, threshold - p), dimensions=gaps)


def _with_quota(step: Step, natural: int, quota: frozenset[int]) -> Step:
    if step.reached or step.blocked or step.target is None:
        return step
    if natural >= step.target:  # P gives it; the quota took it away
        return replace(step, gap=0.0, quota="moved")
    if step.target in quota:
        return replace(step, quota="full")
    return step


def _grade_step(grade: Any, c: float, p: float, b: float, veto: bool, config: Config) -> Step:
    s = config.scoring
    order = [label for _, label in s.grade_bands] + [s.grade_floor]
    level = order.index(grade)
    if level == 0:
        return Step("next_grade", grade, "C", None, 0.0, reached=True)
    target = order[level - 1]
    threshold = dict((label, t) for t, label in s.grade_bands)[target]
    if veto and level <= order.index(s.veto_grade_cap):
        return Step("next_grade", target, "C", threshold, None, blocked="veto")
    return Step("next_grade", target, "C", threshold, max(0.0, threshold - c),
                p_needed=p_for_composite(threshold, p, b, veto, config))


def p_for_composite(target: float, p: float, b: float, veto: bool, config: Config) -> float | None:
    """The least P (≥ the current P) with ``B × K(P) ≥ target`` under the method, B unchanged;
    None when no P up to 100 + bonus cap reaches it. K never falls as P rises, so a bisection
    finds it for every method (a band's threshold exactly, within 1e-12)."""
    if math.isnan(p) or math.isnan(b) or b <= 0:
        return None

    def composite(x: float) -> float:
        return float(b * model.coefficient(np.array([x]), np.array([veto]), config.method)[0])

    lo, hi = p, 100.0 + float(config.scoring.bonus_cap)
    if composite(lo) >= target - EPS:
        return p
    if hi <= lo or composite(hi) < target - EPS:
        return None
    for _ in range(80):
        mid = (lo + hi) / 2.0
        if composite(mid) >= target - EPS:
            hi = mid
        else:
            lo = mid
    return hi


def _band_step(p: float, veto: bool, config: Config) -> Step:
    above = [(t, k) for t, k in config.method.tiers if not model.reaches(p, t)]
    if not above:
        return Step("next_band", None, "P", None, 0.0, reached=True)
    threshold, k = min(above)
    if veto and k > config.method.veto_k:
        return Step("next_band", k, "P", threshold, None, blocked="veto")
    return Step("next_band", k, "P", threshold, max(0.0, threshold - p))


def crossings(row: Mapping[str, Any], dims_now: pd.DataFrame, dims_before: pd.DataFrame,
              config: Config) -> tuple[Crossing, ...]:
    """The star, grade and 达标 changes of one :func:`~assess.scoring.explain.changes` row and
    what each crossed: 达标 first (one crossing per cause), then stars, then grade."""
    s = config.scoring
    out: list[Crossing] = []
    p0, p1 = as_number(row.get("previous_party_score")), as_number(row.get("party_score"))
    met0, met1 = row.get("previous_standard_met"), row.get("standard_met")
    v0, v1 = as_flag(row.get("previous_veto")), as_flag(row.get("veto"))
    if met0 is not None and met0 is not pd.NA and met1 is not None and met1 is not pd.NA \
            and bool(met0) != bool(met1):
        up = bool(met1)
        direction = "up" if up else "down"
        if v0 != v1:
            out.append(Crossing("standard", bool(met0), bool(met1), direction, "veto"))
        low0, low1 = model.reaches(p0, s.standard_p), model.reaches(p1, s.standard_p)
        if bool(low0) != bool(low1):
            out.append(Crossing("standard", bool(met0), bool(met1), direction, "party",
                                threshold=s.standard_p))
        fell = _below(dims_now, config) - _below(dims_before, config)
        rose = _below(dims_before, config) - _below(dims_now, config)
        moved = rose if up else fell
        if moved:
            order = _order(dims_now if not up else dims_before)
            out.append(Crossing("standard", bool(met0), bool(met1), direction, "dimension",
                                dimensions=tuple(sorted(moved, key=order))))
    st0, st1 = row.get("previous_stars"), row.get("stars")
    q0, q1 = as_number(row.get("previous_stars_before_quota")), as_number(row.get("stars_before_quota"))
    if st0 is not None and st0 is not pd.NA and st1 is not None and st1 is not pd.NA \
            and int(st0) != int(st1):
        up = int(st1) > int(st0)
        moved_now = not math.isnan(q1) and int(q1) != int(st1)
        moved_before = not math.isnan(q0) and int(q0) != int(st0)
        if moved_now or moved_before:
            out.append(Crossing("stars", int(st0), int(st1), "up" if up else "down", "quota",
                                before_quota=None if math.isnan(q1) else int(q1),
                                previous_before_quota=None if math.isnan(q0) else int(q0)))
        elif any(x.what == "standard" for x in out) and (int(st0) == 0 or int(st1) == 0):
            out.append(Crossing("stars", int(st0), int(st1), "up" if up else "down", "standard"))
        else:
            # up: the line of the level reached; down: the line of the level just above the new
            # one (4★ → 2★ fell below the 3★ line, and so below the 4★ line too)
            level = int(st1) if up else int(st1) + 1
            out.append(Crossing("stars", int(st0), int(st1), "up" if up else "down", "threshold",
                                threshold=_star_threshold(config, level)))
    g0, g1 = row.get("previous_grade"), row.get("grade")
    if isinstance(g0, str) and isinstance(g1, str) and g0 != g1:
        order = [label for _, label in s.grade_bands] + [s.grade_floor]
        up = order.index(g1) < order.index(g0)
        bands = dict((label, t) for t, label in s.grade_bands)
        if v0 != v1:  # a veto caps K and the grade: it came (down) or went (up)
            out.append(Crossing("grade", g0, g1, "up" if up else "down", "veto"))
        else:
            crossed = g1 if up else g0
            out.append(Crossing("grade", g0, g1, "up" if up else "down", "threshold",
                                threshold=bands.get(crossed)))
    return tuple(out)


def _below(dims: pd.DataFrame, config: Config) -> set[str]:
    if dims is None or dims.empty:
        return set()
    low = ~model.reaches(dims["rate"].to_numpy(dtype=float), config.scoring.standard_dimension_rate)
    return set(dims.loc[low, "dimension"].astype(str))


def _order(dims: pd.DataFrame):
    positions = {} if dims is None or dims.empty else dict(
        zip(dims["dimension"].astype(str), dims["position"].astype(float)))
    return lambda name: (positions.get(name, math.inf), name)
