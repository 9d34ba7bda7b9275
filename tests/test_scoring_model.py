"""SPEC §3.4–3.10: the pure rules, each with hand-computed worked examples.

Every threshold is tried hit exactly, reached within the 1e-9 tolerance (5e-10 short) and missed
by 1e-6.
"""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assess.config import Method, Scoring
from assess.scoring import model

NEAR = 5e-10  # within tolerance: still reaches the threshold
MISS = 1e-6  # beyond tolerance: misses it


def one(fn, *args, **kw):
    """A rule applied to scalars, as a Python scalar."""
    out = fn(*args, **kw)
    return np.asarray(out).item()


# --- §3.4 coefficient K --------------------------------------------------------------------------

RATIO = Method()
TIERED = Method(name="tiered")
TIERED_CUSTOM = Method(name="tiered", tiers=((85.0, 1.2), (50.0, 1.0)), tier_floor=0.7, veto_k=0.6)
LINEAR = Method(name="linear")
LINEAR_CUSTOM = Method(name="linear", slope=2.0, pivot=70.0, k_min=0.9, k_max=1.1, veto_k=0.95)


@pytest.mark.parametrize("method, p, veto, expected", [
    # ratio: K = P / 100; a veto caps K at 0.8
    (RATIO, 90.0, False, 0.9),
    (RATIO, 105.0, False, 1.05),
    (RATIO, 0.0, False, 0.0),
    (RATIO, 90.0, True, 0.8),
    (RATIO, 70.0, True, 0.7),  # already below the cap
    (replace(RATIO, veto_k=0.5), 70.0, True, 0.5),
    # tiered defaults: ≥90 → 1.05, ≥80 → 1.00, ≥60 → 0.95, else 0.90
    (TIERED, 90.0, False, 1.05),
    (TIERED, 90.0 - NEAR, False, 1.05),
    (TIERED, 90.0 - MISS, False, 1.00),
    (TIERED, 80.0, False, 1.00),
    (TIERED, 80.0 - NEAR, False, 1.00),
    (TIERED, 80.0 - MISS, False, 0.95),
    (TIERED, 60.0, False, 0.95),
    (TIERED, 60.0 - NEAR, False, 0.95),
    (TIERED, 60.0 - MISS, False, 0.90),
    (TIERED, 0.0, False, 0.90),
    (TIERED, 99.0, True, 0.8),
    # tiered, non-default bands, floor and veto cap
    (TIERED_CUSTOM, 85.0, False, 1.2),
    (TIERED_CUSTOM, 85.0 - NEAR, False, 1.2),
    (TIERED_CUSTOM, 85.0 - MISS, False, 1.0),
    (TIERED_CUSTOM, 50.0, False, 1.0),
    (TIERED_CUSTOM, 50.0 - MISS, False, 0.7),
    (TIERED_CUSTOM, 90.0, True, 0.6),
    # linear defaults: clamp(1 + (P − 80) / 100, 0.8, 1.2)
    (LINEAR, 80.0, False, 1.0),
    (LINEAR, 90.0, False, 1.1),
    (LINEAR, 100.0, False, 1.2),
    (LINEAR, 110.0, False, 1.2),  # clamped at k_max
    (LINEAR, 60.0, False, 0.8),
    (LINEAR, 50.0, False, 0.8),  # clamped at k_min
    (LINEAR, 100.0, True, 0.8),
    # linear, non-default: clamp(1 + 2 × (P − 70) / 100, 0.9, 1.1), veto_k 0.95
    (LINEAR_CUSTOM, 72.0, False, 1.04),
    (LINEAR_CUSTOM, 75.0, False, 1.1),
    (LINEAR_CUSTOM, 90.0, False, 1.1),
    (LINEAR_CUSTOM, 60.0, False, 0.9),
    (LINEAR_CUSTOM, 75.0, True, 0.95),
    (LINEAR_CUSTOM, 66.0, True, 0.92),
])
def test_coefficient(method, p, veto, expected):
    assert one(model.coefficient, p, veto, method) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("method", [RATIO, TIERED, LINEAR])
def test_coefficient_is_missing_without_p(method):
    assert math.isnan(one(model.coefficient, float("nan"), True, method))


def test_coefficient_rejects_unknown_method():
    with pytest.raises(ValueError):
        model.coefficient([90.0], [False], Method(name="magic"))


# --- §3.5 composite ------------------------------------------------------------------------------

@pytest.mark.parametrize("b, k, expected", [
    (80.0, 0.9, 72.0),
    (100.0, 1.05, 105.0),
    (float("nan"), 1.0, float("nan")),  # pending: no B
    (80.0, float("nan"), float("nan")),  # pending: no P, so no K
])
def test_composite(b, k, expected):
    got = one(model.composite, b, k)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected, abs=1e-12)


# --- 达标 standard met ----------------------------------------------------------------------------

@pytest.mark.parametrize("p, min_rate, veto, expected", [
    (60.0, 0.6, False, True),
    (60.0 - NEAR, 0.6 - NEAR, False, True),
    (60.0 - MISS, 0.9, False, False),
    (90.0, 0.6 - MISS, False, False),
    (95.0, 1.0, True, False),  # a veto breaks 达标
    (float("nan"), 1.0, False, False),
])
def test_standard_met(p, min_rate, veto, expected):
    assert one(model.standard_met, p, min_rate, veto, Scoring()) is expected


# --- §3.6 stars ----------------------------------------------------------------------------------

@pytest.mark.parametrize("p, met, expected", [
    (95.0, True, 5), (95.0 - NEAR, True, 5), (95.0 - MISS, True, 4),
    (90.0, True, 4), (90.0 - NEAR, True, 4), (90.0 - MISS, True, 3),
    (80.0, True, 3), (80.0 - NEAR, True, 3), (80.0 - MISS, True, 2),
    (70.0, True, 2), (70.0 - NEAR, True, 2), (70.0 - MISS, True, 1),
    (60.0, True, 1), (60.0 - NEAR, True, 1), (60.0 - MISS, True, 0),
    (104.0, True, 5),
    (99.0, False, 0),  # not 达标: no stars
])
def test_stars(p, met, expected):
    assert one(model.stars, p, met, Scoring()) == expected


def test_stars_with_custom_bands():
    scoring = Scoring(star_bands=((50.0, 2), (30.0, 1)))
    got = model.stars([50.0, 49.0, 30.0 - NEAR, 29.0], [True] * 4, scoring)
    assert got.tolist() == [2, 1, 1, 0]


# --- §3.7 grade ----------------------------------------------------------------------------------

@pytest.mark.parametrize("c, veto, expected", [
    (90.0, False, "优秀"), (90.0 - NEAR, False, "优秀"), (90.0 - MISS, False, "良好"),
    (80.0, False, "良好"), (80.0 - NEAR, False, "良好"), (80.0 - MISS, False, "合格"),
    (60.0, False, "合格"), (60.0 - NEAR, False, "合格"), (60.0 - MISS, False, "不合格"),
    (0.0, False, "不合格"),
    (95.0, True, "合格"),  # a veto caps the grade at 合格
    (85.0, True, "合格"),
    (60.0, True, "合格"),
    (50.0, True, "不合格"),  # the cap never raises a grade
    (float("nan"), False, None),  # no composite: no grade
])
def test_grade(c, veto, expected):
    assert one(model.grade, c, veto, Scoring()) == expected


def test_grade_with_custom_bands_and_cap():
    scoring = Scoring(grade_bands=((70.0, "A"), (50.0, "B")), grade_floor="C", veto_grade_cap="B")
    got = model.grade([70.0 - NEAR, 69.0, 40.0, 99.0], [False, False, False, True], scoring)
    assert got.tolist() == ["A", "B", "C", "B"]


# --- §3.8 rank -----------------------------------------------------------------------------------

@pytest.mark.parametrize("values, expected", [
    ([90.0, 80.0, 80.0, 70.0], [1, 2, 2, 4]),
    ([70.0, 80.0, 90.0, 80.0], [4, 2, 1, 2]),
    ([90.0, 80.0, 80.0 - NEAR, 70.0], [1, 2, 2, 4]),  # within 1e-9: a tie
    ([90.0, 80.0, 80.0 - MISS, 70.0], [1, 2, 3, 4]),  # 1e-6 apart: no tie
    ([50.0, float("nan"), 60.0], [2, None, 1]),  # no composite: unranked
    ([], []),
])
def test_competition_rank(values, expected):
    got = model.competition_rank(values)
    assert [None if math.isnan(r) else int(r) for r in got] == expected


def test_group_competition_rank():
    got = model.group_competition_rank([90.0, 80.0, 85.0, 85.0 - NEAR, 70.0],
                                       ["甲", "甲", "乙", "乙", "乙"])
    assert got.tolist() == [1, 2, 1, 1, 3]


@given(st.lists(st.tuples(st.sampled_from([None, 60.0, 70.0, 80.0, 80.0 - NEAR, 80.0 + NEAR, 80.0 - MISS]),
                          st.sampled_from(["甲", "乙", "丙", None])), max_size=40))
def test_group_competition_rank_is_competition_rank_within_each_group(pairs):
    """One sort for all groups gives what ranking each group on its own gives (ties within EPS,
    NaN unranked, a missing group label a group of its own)."""
    values = np.array([np.nan if v is None else v for v, _ in pairs], dtype=float)
    groups = [g for _, g in pairs]
    got = model.group_competition_rank(values, groups)
    for label in set(groups):
        mine = np.array([g == label for g in groups], dtype=bool)
        assert np.array_equal(got[mine], model.competition_rank(values[mine]), equal_nan=True)


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=30))
def test_competition_rank_matches_min_rank_for_separated_values(ints):
    values = np.array(ints, dtype=float) * 0.5  # distinct values are far apart, so no EPS effect
    expected = [1 + sum(w > v for w in values) for v in values]
    assert model.competition_rank(values).tolist() == expected


# --- §3.9 quadrant -------------------------------------------------------------------------------

@pytest.mark.parametrize("p, b, expected", [
    (80.0, 70.0, "双强"),
    (80.0 - NEAR, 70.0 - NEAR, "双强"),
    (80.0 - MISS, 70.0, "业务强党建弱"),
    (80.0, 70.0 - MISS, "党建强业务弱"),
    (79.0, 69.0, "双弱"),
    (float("nan"), 70.0, None),
    (80.0, float("nan"), None),
])
def test_quadrant(p, b, expected):
    assert one(model.quadrant, p, b, 80.0, 70.0) == expected


@pytest.mark.parametrize("values, fixed, expected", [
    ([1.0, 2.0, 3.0, 4.0], None, 2.5),
    ([5.0, float("nan"), 1.0, 3.0], None, 3.0),
    ([1.0, 2.0], 77.0, 77.0),  # a configured threshold wins
])
def test_median_threshold(values, fixed, expected):
    assert model.median_threshold(values, fixed) == expected


def test_median_threshold_without_values_is_nan():
    assert math.isnan(model.median_threshold([], None))


# --- §3.10 Pearson -------------------------------------------------------------------------------

@pytest.mark.parametrize("x, y, expected", [
    ([1.0, 2.0, 3.0], [1.0, 3.0, 2.0], 0.5),  # Σdxdy = 1, Σdx² = Σdy² = 2
    ([1.0, 2.0, 3.0], [2.0, 4.0, 6.0], 1.0),
    ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0], -1.0),
    ([1.0, 2.0, 3.0, float("nan")], [2.0, 4.0, 6.0, 1.0], 1.0),  # incomplete pairs left out
    ([1.0, 2.0], [1.0, 2.0], None),  # fewer than 3 branches
    ([1.0, 2.0, float("nan")], [1.0, 2.0, 3.0], None),
    ([1.0, 2.0, 3.0], [5.0, 5.0, 5.0], None),  # constant: undefined
])
def test_pearson(x, y, expected):
    got = model.pearson(x, y, 3)
    assert got == (None if expected is None else pytest.approx(expected, abs=1e-12))


def test_pearson_minimum_is_configurable():
    assert model.pearson([1.0, 2.0], [2.0, 1.0], 2) == pytest.approx(-1.0)
    assert model.pearson([1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 3.0, 5.0], 5) is None
