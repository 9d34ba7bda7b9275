"""The pure rules of SPEC §3, on scalars or numpy arrays; no database, no pandas frames.

Every comparison with a threshold is tolerant: a value within ``EPS`` (1e-9) below a threshold
reaches it. Missing values are ``NaN``: K, C and ranks come back NaN and grade and quadrant None
where their input is missing; 达标 is then False and stars 0 (the table blanks those itself).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from assess.config import EPS, Method, Scoring

QUADRANTS = ("双强", "党建强业务弱", "业务强党建弱", "双弱")
TWO_SKINS = ("党建强业务弱", "业务强党建弱")  # the off-diagonal quadrants: 两张皮


def reaches(value, threshold):
    """``value >= threshold`` within EPS (False where value is NaN)."""
    return np.asarray(value, dtype=float) >= np.asarray(threshold, dtype=float) - EPS


def coefficient(party_score, veto, method: Method):
    """K from P by ``method`` (SPEC §3.4), capped at ``veto_k`` where vetoed; NaN where P is NaN."""
    p = np.asarray(party_score, dtype=float)
    if method.name == "ratio":
        k = p / 100.0
    elif method.name == "tiered":
        k = np.full(p.shape, float(method.tier_floor))
        decided = np.zeros(p.shape, dtype=bool)
        for threshold, value in method.tiers:  # the first band P reaches wins
            hit = reaches(p, threshold) & ~decided
            k = np.where(hit, float(value), k)
            decided |= hit
    elif method.name == "linear":
        k = np.clip(1.0 + method.slope * (p - method.pivot) / 100.0, method.k_min, method.k_max)
    else:
        raise ValueError(f"unknown method: {method.name!r}")
    k = np.where(np.asarray(veto, dtype=bool), np.minimum(k, method.veto_k), k)
    return np.where(np.isnan(p), np.nan, k)


def composite(business_score, k):
    """C = B × K (SPEC §3.5); NaN (pending, 待补充) where either is missing."""
    return np.asarray(business_score, dtype=float) * np.asarray(k, dtype=float)


def standard_met(party_score, min_dimension_rate, veto, scoring: Scoring):
    """达标 (SPEC §2): P ≥ standard_p, every dimension rate ≥ standard_dimension_rate, no veto."""
    return (
        reaches(party_score, scoring.standard_p)
        & reaches(min_dimension_rate, scoring.standard_dimension_rate)
        & ~np.asarray(veto, dtype=bool)
    )


def stars(party_score, met, scoring: Scoring):
    """0–5 stars (SPEC §3.6): the first star band P reaches when 达标, else 0 (int array)."""
    p = np.asarray(party_score, dtype=float)
    out = np.zeros(p.shape, dtype=int)
    decided = ~np.asarray(met, dtype=bool)
    for threshold, count in scoring.star_bands:
        hit = reaches(p, threshold) & ~decided
        out = np.where(hit, count, out)
        decided |= hit
    return out


def grade(composite_score, veto, scoring: Scoring):
    """等次 from C (SPEC §3.7), a veto capping it at ``veto_grade_cap``; None where C is NaN."""
    c = np.asarray(composite_score, dtype=float)
    order = [label for _, label in scoring.grade_bands] + [scoring.grade_floor]
    cap = order.index(scoring.veto_grade_cap)
    level = np.full(c.shape, len(order) - 1)
    decided = np.zeros(c.shape, dtype=bool)
    for i, (threshold, _) in enumerate(scoring.grade_bands):
        hit = reaches(c, threshold) & ~decided
        level = np.where(hit, i, level)
        decided |= hit
    level = np.where(np.asarray(veto, dtype=bool), np.maximum(level, cap), level)
    labels = np.array(order, dtype=object)[level]
    return np.where(np.isnan(c), None, labels)


def median_threshold(values, fixed: float | None) -> float:
    """The quadrant threshold: ``fixed`` when configured, else the median of ``values``.

    NaN when there is no value to take the median of.
    """
    if fixed is not None:
        return float(fixed)
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    return float(np.median(v)) if v.size else float("nan")


def quadrant(party_score, business_score, p_threshold: float, b_threshold: float):
    """双强 / 党建强业务弱 / 业务强党建弱 / 双弱 (SPEC §3.9); None where P or B is missing."""
    p = np.asarray(party_score, dtype=float)
    b = np.asarray(business_score, dtype=float)
    p_strong = reaches(p, p_threshold)
    b_strong = reaches(b, b_threshold)
    labels = np.select(
        [p_strong & b_strong, p_strong, b_strong],
        [QUADRANTS[0], QUADRANTS[1], QUADRANTS[2]],
        QUADRANTS[3],
    ).astype(object)
    return np.where(np.isnan(p) | np.isnan(b), None, labels)


def competition_rank(values) -> np.ndarray:
    """Competition ranks (1, 2, 2, 4) by value descending, as floats; NaN values are unranked.

    A branch's rank is 1 + the number of branches whose value exceeds its own by more than EPS, so
    values within EPS of each other tie.
    """
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, np.nan)
    present = ~np.isnan(v)
    ascending = np.sort(v[present])
    # values strictly greater than v + EPS = n − (values ≤ v + EPS)
    better = ascending.size - np.searchsorted(ascending, v[present] + EPS, side="right")
    out[present] = better + 1
    return out


def group_competition_rank(values, groups: Sequence) -> np.ndarray:
    """:func:`competition_rank` within each group (e.g. per committee), as floats.

    ``groups``: one label per value (any hashable; NaN/None is a group of its own), or integer
    group codes. One sort for every group at once instead of a loop per group: each value gets
    an exact integer key (group, position among the distinct values), and ``value + EPS`` is
    looked up among its group's keys: those at or below it are not better, the rest are."""
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, np.nan)
    present = ~np.isnan(v)
    if not present.any():
        return out
    if isinstance(groups, np.ndarray) and groups.dtype.kind in "iu":
        codes = groups
    else:
        codes, _ = pd.factorize(pd.Series(np.asarray(groups, dtype=object) if not isinstance(groups, np.ndarray)
                                          else groups), use_na_sentinel=False)
    vp, gp = v[present], np.asarray(codes, dtype=np.int64)[present]
    gp = gp - gp.min()
    by_value = np.argsort(vp)
    ascending = vp[by_value]
    new = np.empty(ascending.size, dtype=bool)
    new[0], new[1:] = True, ascending[1:] != ascending[:-1]
    position = np.empty(vp.size, dtype=np.int64)
    position[by_value] = np.cumsum(new) - 1  # among the distinct values
    distinct = ascending[new]
    reach = np.searchsorted(distinct, distinct + EPS, side="right") - 1  # last distinct ≤ d + EPS
    width = np.int64(distinct.size)
    keys = gp * width + position
    order = np.argsort(keys)
    # reach grows with the value, so the queries come sorted in the same order: a fast search
    queries = gp[order] * width + reach[position[order]]
    size = np.bincount(gp)
    before_group = np.cumsum(size) - size  # values of the groups sorted before each group
    not_better = np.empty(vp.size, dtype=np.int64)
    not_better[order] = np.searchsorted(keys[order], queries, side="right") - before_group[gp[order]]
    out[present] = size[gp] - not_better + 1.0
    return out


def pearson(x, y, min_n: int) -> float | None:
    """Pearson correlation over the pairs where both are present (SPEC §3.10).

    None when fewer than ``min_n`` pairs remain or either side is constant (undefined).
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    both = ~(np.isnan(x) | np.isnan(y))
    x, y = x[both], y[both]
    if x.size < min_n or x.size < 2:
        return None
    dx, dy = x - x.mean(), y - y.mean()
    denom = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    if denom == 0:
        return None
    return float((dx * dy).sum() / denom)


def star_quota(party_score, stars, quota: Sequence[tuple[int, float]], groups=None) -> np.ndarray:
    """Stars after the quotas (SPEC §3.16), within each group (e.g. a quarter) when ``groups``.

    ``quota``: (level, share) pairs. From the highest level down, at most ``floor(share × n)``
    of the n branches having a P may have at least ``level`` stars: when more do, those with the
    highest P keep them and the others drop to ``level − 1``; branches tied on P (within EPS) at
    the cut all drop together, so never more than the quota keep a level. Returns an int array.
    """
    p = np.asarray(party_score, dtype=float)
    out = np.asarray(stars, dtype=int).copy()
    if not quota or not p.size:
        return out
    if groups is None:
        members = [np.arange(p.size)]
    else:
        codes, _ = pd.factorize(pd.Series(np.asarray(groups, dtype=object)), use_na_sentinel=False)
        order = np.argsort(codes, kind="stable")
        members = np.split(order, np.flatnonzero(np.diff(codes[order])) + 1)
    for idx in members:
        gp, gs = p[idx], out[idx]
        has_p = ~np.isnan(gp)
        n = int(has_p.sum())
        for level, share in sorted(quota, key=lambda pair: -pair[0]):
            allowed = int(np.floor(share * n + EPS))
            holders = has_p & (gs >= level)
            if int(holders.sum()) <= allowed:
                continue
            held = np.sort(gp[holders])
            # a holder keeps the level when every holder whose P reaches its own (ties included)
            # fits in the quota
            reaching = held.size - np.searchsorted(held, gp - EPS, side="left")
            keep = holders & (reaching <= allowed)
            gs = np.where(holders & ~keep, level - 1, gs)
        out[idx] = gs
    return out
