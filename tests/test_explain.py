"""SPEC §3.13–3.15: the split of a change, its main driver, the thresholds crossed, the distance
to the next step and 两张皮 persistence — worked examples with exact numbers."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from assess.config import Config, Method
from assess.scoring import branch_scores, explain
from assess.scoring.distance import DimensionGap, crossings, next_steps, p_for_composite
from scoring_fixtures import DIMENSIONS, entry, make_db, simple

FULL = {"组织设置": 10.0, "班子建设": 10.0, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 50.0}
"""Full marks in DIMENSIONS: a branch scoring these has P = 100 (+ bonus − deduction)."""


def party(quarter, branch="一支部", committee="党委A", **kw):
    scores = dict(FULL)
    scores.update(kw.pop("scores", {}))
    return entry(quarter, committee, branch, "party", scores, **kw)


def business(quarter, profit, safety=40.0, branch="一支部", committee="党委A", **kw):
    return entry(quarter, committee, branch, "business", {"利润完成": profit, "安全生产": safety}, **kw)


def row_of(frame, branch="一支部"):
    return frame[frame["branch"] == branch].iloc[0]


def parts_of(db, period, branch_id=1, category="party", config=None):
    split = explain.parts(db, period, category, config or Config())
    mine = split[split["branch_id"] == branch_id]
    return dict(zip(mine["name"], mine["part"]))


# ---------------------------------------------------------------- ΔC = business part + party part

def test_a_change_driven_by_b_alone(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=80, b=70),
                            *simple("2025Q2", "党委A", "一支部", p=80, b=90)])
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_composite"] == pytest.approx(16.0)  # 72 − 56
    assert r["business_part"] == pytest.approx(20 * 0.8) and r["party_part"] == 0.0
    assert r["main_driver"] == "B"
    assert r["business_driver"] == "b" and r["business_driver_part"] == pytest.approx(20.0)
    assert pd.isna(r["party_driver"])  # ΔP = 0: no part moved
    assert r["delta_party"] == 0.0


def test_a_change_driven_by_k_alone(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=80, b=90),
                            *simple("2025Q2", "党委A", "一支部", p=70, b=90)])
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["party_part"] == pytest.approx(-0.1 * 90) and r["business_part"] == 0.0
    assert r["delta_composite"] == pytest.approx(-9.0)
    assert r["main_driver"] == "K"
    assert r["party_driver"] == "p" and r["party_driver_part"] == pytest.approx(-10.0)


def test_the_shapley_split_favours_neither_factor(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=80, b=70),
                            *simple("2025Q2", "党委A", "一支部", p=90, b=80)])
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["business_part"] == pytest.approx(10 * (0.8 + 0.9) / 2)  # 8.5
    assert r["party_part"] == pytest.approx(0.1 * (70 + 80) / 2)  # 7.5
    assert r["business_part"] + r["party_part"] == pytest.approx(72 - 56, abs=1e-12)


# ---------------------------------------------------------------- ΔP = Σ parts

def test_a_change_driven_by_one_indicator(tmp_path):
    db = make_db(tmp_path, [party("2025Q1", scores={"党员发展": 10.0}), business("2025Q1", 50),
                            party("2025Q2", scores={"党员发展": 16.0}), business("2025Q2", 50)], DIMENSIONS)
    parts = parts_of(db, "2025Q2")
    assert parts["党员发展"] == pytest.approx(6.0)
    assert all(v == pytest.approx(0.0, abs=1e-12) for k, v in parts.items() if k != "党员发展")
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_party"] == pytest.approx(6.0) and r["party_driver"] == "党员发展"
    assert r["main_driver"] == "K"  # B did not move


def test_a_bonus_over_the_cap_counts_up_to_the_cap(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=80, b=80, p_bonus=3),
                            *simple("2025Q2", "党委A", "一支部", p=80, b=80, p_bonus=9)])
    parts = parts_of(db, "2025Q2")
    assert parts == {"p": 0.0, "bonus": 2.0, "deduction": 0.0, "floor": 0.0}  # min(9, 5) − 3
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_party"] == 2.0 and r["party_driver"] == "bonus"
    terms = explain.terms(db, "2025Q2", Config()).set_index("category")
    assert terms.loc["party", "bonus_raw"] == 9.0 and terms.loc["party", "bonus"] == 5.0


def test_the_floor_part_is_what_max_0_changed(tmp_path):
    # 2025Q1: R = 10 − 20 = −10, P = 0 (the floor adds 10); 2025Q2: R = 10 − 5 = 5 = P
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=10, b=80, p_deduction=20),
                            *simple("2025Q2", "党委A", "一支部", p=10, b=80, p_deduction=5)])
    parts = parts_of(db, "2025Q2")
    assert parts == {"p": 0.0, "bonus": 0.0, "deduction": 15.0, "floor": -10.0}
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_party"] == 5.0 and sum(parts.values()) == 5.0
    assert r["party_driver"] == "deduction"


def test_a_branch_new_in_this_period_has_no_split(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=80, b=80),
                            *simple("2025Q2", "党委A", "一支部", p=85, b=80),
                            *simple("2025Q2", "党委A", "新支部", p=90, b=90)])
    frame = explain.changes(db, "2025Q2", Config())
    new, old = row_of(frame, "新支部"), row_of(frame, "一支部")
    assert bool(new["new_branch"]) and not bool(old["new_branch"])
    assert new["previous_composite"] != new["previous_composite"]  # NaN
    assert new["business_part"] != new["business_part"] and pd.isna(new["main_driver"])
    assert pd.isna(new["party_driver"]) and pd.isna(new["business_driver"])
    split = explain.parts(db, "2025Q2", "party", Config())
    assert set(split["branch_id"]) == {1}


def test_an_indicator_that_became_applicable(tmp_path):
    # 2025Q1: 先锋攻坚 不适用, F = 90, Σ = 81 → P = 90; 2025Q2: applies (6 of 10), F = 100 → P = 87
    scores = {"组织设置": 9.0, "班子建设": 9.0, "党员发展": 18.0, "制度执行": 45.0}
    db = make_db(tmp_path, [party("2025Q1", scores={**scores, "先锋攻坚": None}), business("2025Q1", 50),
                            party("2025Q2", scores={**scores, "先锋攻坚": 6.0}), business("2025Q2", 50)],
                 DIMENSIONS)
    parts = parts_of(db, "2025Q2")
    assert parts["先锋攻坚"] == pytest.approx(6.0)  # 100 × (6/100 − 0/90)
    assert parts["组织设置"] == pytest.approx(-1.0)  # 100 × (9/100 − 9/90)
    assert parts["党员发展"] == pytest.approx(-2.0)
    assert parts["制度执行"] == pytest.approx(-5.0)
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_party"] == pytest.approx(-3.0)
    assert sum(parts.values()) == pytest.approx(-3.0, abs=1e-9)
    assert r["party_driver"] == "先锋攻坚"


def test_a_full_mark_that_changed(tmp_path):
    # 制度执行 worth 50 → 40 with the same 40 points: F 100 → 90, P 90 → 100
    scores = {"制度执行": 40.0}
    db = make_db(tmp_path, [party("2025Q1", scores=scores), business("2025Q1", 50),
                            party("2025Q2", scores=scores, marks={"制度执行": 40.0}), business("2025Q2", 50)],
                 DIMENSIONS)
    parts = parts_of(db, "2025Q2")
    assert parts["制度执行"] == pytest.approx(100 * (40 / 90 - 40 / 100))
    assert parts["组织设置"] == pytest.approx(100 * (10 / 90 - 10 / 100))
    assert parts["党员发展"] == pytest.approx(100 * (20 / 90 - 20 / 100))
    assert sum(parts.values()) == pytest.approx(10.0, abs=1e-9)
    assert row_of(explain.changes(db, "2025Q2", Config()))["party_driver"] == "制度执行"


def test_a_year_splits_the_means_of_its_quarters(tmp_path):
    # 2024: P = mean(80, 60) = 70; 2025: one quarter, 90 + bonus 2 = 92
    db = make_db(tmp_path, [*simple("2024Q1", "党委A", "一支部", p=80, b=80),
                            *simple("2024Q2", "党委A", "一支部", p=60, b=80),
                            *simple("2025Q1", "党委A", "一支部", p=90, b=80, p_bonus=2)])
    assert parts_of(db, "2025") == {"p": 20.0, "bonus": 2.0, "deduction": 0.0, "floor": 0.0}
    r = row_of(explain.changes(db, "2025", Config()))
    assert r["previous_period"] == "2024" and r["delta_party"] == 22.0


def test_the_business_score_splits_alike(tmp_path):
    db = make_db(tmp_path, [party("2025Q1"), business("2025Q1", 30.0), party("2025Q2"),
                            business("2025Q2", 45.0, 20.0, deduction=1.0)], DIMENSIONS)
    parts = parts_of(db, "2025Q2", category="business")
    assert parts == pytest.approx({"利润完成": 15.0, "安全生产": -20.0, "bonus": 0.0,
                                   "deduction": -1.0, "floor": 0.0})
    r = row_of(explain.changes(db, "2025Q2", Config()))
    assert r["delta_business"] == pytest.approx(-6.0) and r["business_driver"] == "安全生产"


# ---------------------------------------------------------------- thresholds crossed

def test_a_star_threshold_crossed_upward(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=85, b=80),
                            *simple("2025Q2", "党委A", "一支部", p=92, b=80)])
    r = row_of(explain.changes(db, "2025Q2", Config())).to_dict()
    dims = explain.dimension_points(db, "2025Q2")
    (star,) = [c for c in crossings(r, dims, explain.dimension_points(db, "2025Q1"), Config())
               if c.what == "stars"]
    assert (star.before, star.after, star.direction, star.cause, star.threshold) == (3, 4, "up", "threshold", 90.0)


def test_a_dimension_below_60_percent_loses_the_standard_and_the_stars(tmp_path):
    db = make_db(tmp_path, [party("2025Q1"), business("2025Q1", 50),
                            party("2025Q2", scores={"组织设置": 2.0, "班子建设": 8.0}), business("2025Q2", 50)],
                 DIMENSIONS)
    r = row_of(explain.changes(db, "2025Q2", Config())).to_dict()
    found = crossings(r, explain.dimension_points(db, "2025Q2"), explain.dimension_points(db, "2025Q1"), Config())
    # and C = 90 × 0.9 = 81 < 90: the grade fell below 优秀 as well
    assert [(c.what, c.cause, c.dimensions) for c in found] == [
        ("standard", "dimension", ("基本组织",)), ("stars", "standard", ()), ("grade", "threshold", ())]
    assert found[0].direction == "down" and (found[1].before, found[1].after) == (5, 0)


def test_a_veto_caps_the_grade_and_says_so(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=95, b=95),
                            *simple("2025Q2", "党委A", "一支部", p=95, b=95, veto="安全事故")])
    r = row_of(explain.changes(db, "2025Q2", Config(method=Method(name="tiered")))).to_dict()
    found = crossings(r, explain.dimension_points(db, "2025Q2"), explain.dimension_points(db, "2025Q1"),
                      Config())
    assert [(c.what, c.cause, c.direction) for c in found] == [
        ("standard", "veto", "down"), ("stars", "standard", "down"), ("grade", "veto", "down")]
    assert (found[2].before, found[2].after) == ("优秀", "合格")


def test_a_grade_threshold_crossed_downward(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=90, b=90),
                            *simple("2025Q2", "党委A", "一支部", p=88, b=90)])
    r = row_of(explain.changes(db, "2025Q2", Config())).to_dict()
    found = crossings(r, explain.dimension_points(db, "2025Q2"), explain.dimension_points(db, "2025Q1"), Config())
    grade = [c for c in found if c.what == "grade"]
    assert [(c.before, c.after, c.cause, c.threshold) for c in grade] == [("良好", "合格", "threshold", 80.0)]


# ---------------------------------------------------------------- distance to the next step

@pytest.fixture
def short_of_solid(tmp_path):
    """P = 87.5 (基本组织 11.2 of 20 = 56 %), B = 90: not 达标, C = 78.75 (合格)."""
    scores = {"组织设置": 5.6, "班子建设": 5.6, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 46.3}
    return make_db(tmp_path, [party("2025Q1", scores=scores), business("2025Q1", 50.0)], DIMENSIONS)


def steps_of(db, period="2025Q1", config=None):
    config = config or Config()
    r = row_of(explain.changes(db, period, config)).to_dict()
    dims = explain.dimension_points(db, period)
    return {s.step: s for s in next_steps(r, dims[dims["branch_id"] == r["branch_id"]], config)}


def test_the_distance_to_each_step(short_of_solid):
    steps = steps_of(short_of_solid)
    gap = DimensionGap("基本组织", pytest.approx(0.56), pytest.approx(11.2), 20.0, pytest.approx(0.8))
    solid = steps["solid"]
    assert (solid.target, solid.threshold, solid.gap) == (4, 90.0, pytest.approx(2.5))
    assert solid.dimensions == (gap,)
    assert (steps["next_star"].target, steps["next_star"].gap) == (3, 0.0)  # once 达标, P 87.5 is 3★
    assert steps["standard"].gap == 0.0 and steps["standard"].dimensions == (gap,)
    grade = steps["next_grade"]
    assert (grade.target, grade.threshold, grade.gap) == ("良好", 80.0, pytest.approx(1.25))
    assert grade.p_needed == pytest.approx(100 * 80 / 90)
    assert "next_band" not in steps


def test_tiered_names_the_p_of_the_next_band(short_of_solid):
    steps = steps_of(short_of_solid, config=Config(method=Method(name="tiered")))
    band = steps["next_band"]
    assert (band.target, band.threshold, band.gap) == (1.05, 90.0, pytest.approx(2.5))
    # C = 90 × 1.00 = 90: already 优秀
    assert steps["next_grade"].reached and steps["next_grade"].gap == 0.0


def test_a_veto_blocks_the_steps_it_caps(tmp_path):
    db = make_db(tmp_path, simple("2025Q1", "党委A", "一支部", p=95, b=95, veto="事故"))
    steps = steps_of(db)
    for name in ("next_star", "solid", "standard", "next_grade"):
        assert steps[name].blocked == "veto" and steps[name].gap is None, name


def test_reached_steps_are_zero(tmp_path):
    db = make_db(tmp_path, simple("2025Q1", "党委A", "一支部", p=96, b=96))
    steps = steps_of(db)
    assert all(s.reached and s.gap == 0.0 for s in steps.values())
    assert steps["next_star"].target == 5 and steps["next_grade"].target == "优秀"


def test_p_for_composite_inverts_every_method():
    config = Config()
    assert p_for_composite(80.0, 70.0, 100.0, False, config) == pytest.approx(80.0)
    linear = replace(config, method=Method(name="linear"))  # K = 1 + (P − 80) / 100
    assert p_for_composite(90.0, 70.0, 90.0, False, linear) == pytest.approx(80.0)
    tiered = replace(config, method=Method(name="tiered"))
    assert p_for_composite(94.0, 70.0, 100.0, False, tiered) == 70.0  # K 0.95 at P 70: reached
    assert p_for_composite(104.0, 70.0, 100.0, False, tiered) == pytest.approx(90.0, abs=1e-8)
    assert p_for_composite(90.0, 70.0, 100.0, True, config) is None  # vetoed: K ≤ 0.8
    assert p_for_composite(200.0, 70.0, 100.0, False, config) is None  # C 200 needs K 2


# ---------------------------------------------------------------- 两张皮 persistence

def test_two_skins_persistence_counts_consecutive_quarters(tmp_path):
    cells = []
    for q in ("2025Q1", "2025Q2", "2025Q3"):
        cells += simple(q, "党委A", "甲", p=90, b=60)  # 党建强业务弱 every quarter
        cells += simple(q, "党委A", "乙", p=60 if q != "2025Q2" else 95, b=90)  # 双强 in Q2
        cells += simple(q, "党委A", "丙", p=75, b=75)
    db = make_db(tmp_path, cells)
    ids = dict(zip(*[branch_scores(db, "2025Q3", Config())[c] for c in ("branch", "branch_id")]))
    streak = explain.two_skins_streaks(db, "2025Q3", Config()).set_index("branch_id")["streak"]
    assert streak[ids["甲"]] == 3 and streak[ids["乙"]] == 1 and streak[ids["丙"]] == 0
    # in 2025Q2 the P median is 90: 丙 (75, 75) is 业务强党建弱 there, and 双强 again in 2025Q3
    assert explain.two_skins_streaks(db, "2025Q2", Config()).set_index("branch_id")["streak"][ids["甲"]] == 2
    year = explain.two_skins_streaks(db, "2025", Config())
    assert set(year["quarter"]) == {"2025Q3"} and year.set_index("branch_id")["streak"][ids["甲"]] == 3


def test_p_below_60_loses_the_standard(tmp_path):
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=65, b=80),
                            *simple("2025Q2", "党委A", "一支部", p=58, b=80)])
    r = row_of(explain.changes(db, "2025Q2", Config())).to_dict()
    found = crossings(r, explain.dimension_points(db, "2025Q2"), explain.dimension_points(db, "2025Q1"), Config())
    # P 58 is also 基本组织 at 58 % (one indicator): both causes are named
    assert [(c.what, c.cause, c.threshold, c.dimensions) for c in found] == [
        ("standard", "party", 60.0, ()), ("standard", "dimension", None, ("基本组织",)),
        ("stars", "standard", None, ())]


def test_the_top_band_is_reached_and_a_veto_blocks_a_higher_band(tmp_path):
    tiered = Config(method=Method(name="tiered"))
    db = make_db(tmp_path, [*simple("2025Q1", "党委A", "一支部", p=93, b=80),
                            *simple("2025Q1", "党委A", "二支部", p=85, b=80, veto="事故")])
    top = steps_of(db, config=tiered)["next_band"]
    assert top.reached and top.gap == 0.0
    r = row_of(explain.changes(db, "2025Q1", tiered), "二支部").to_dict()
    blocked = {s.step: s for s in next_steps(r, explain.dimension_points(db, "2025Q1").iloc[0:0], tiered)}
    assert blocked["next_band"].blocked == "veto" and blocked["next_band"].target == 1.05
    # 不合格 → 合格 stays open under a veto: C = 80 × 0.8 = 64 is already 合格, 良好 is blocked
    assert blocked["next_grade"].target == "良好" and blocked["next_grade"].blocked == "veto"


def test_terms_keep_the_notes(tmp_path):
    db = make_db(tmp_path, [entry("2025Q1", "党委A", "一支部", "party", {"p": 80.0}, note="换届延期"),
                            entry("2025Q1", "党委A", "一支部", "business", {"b": 70.0}, note=" ")])
    notes = explain.terms(db, "2025Q1", Config()).set_index("category")["notes"]
    assert notes["party"] == "换届延期" and pd.isna(notes["business"])


def test_parts_equal_but_for_their_last_bits_are_a_tie_the_first_in_order_names_the_driver():
    """DuckDB's parallel sums leave two mathematically equal parts unequal in their last bits,
    differently on each run: the driver must not follow that noise."""
    noise = 4e-16
    for first, second in ((-1.25, -1.25 - noise), (-1.25 - noise, -1.25)):
        split = pd.DataFrame({"branch_id": [7, 7, 7], "category": "party",
                              "kind": ["indicator", "indicator", "bonus"], "name": ["三会一课", "制度执行", "bonus"],
                              "dimension": None, "position": [1.0, 2.0, None], "level": 0.0, "previous_level": 0.0,
                              "part": [first, second, 0.5]})
        top = explain.main_drivers(split).iloc[0]
        assert top["driver"] == "三会一课" and top["driver_part"] == pytest.approx(-1.25)


def test_levels_carry_no_noise_below_their_kept_decimals(tmp_path):
    db = make_db(tmp_path, simple("2025Q1", "甲党委", "一支部", p=77.7, b=80) + simple("2025Q2", "甲党委", "一支部", p=81.3, b=80))
    levels = explain.levels(db, "2025", Config())
    assert len(levels) and (levels["level"] == levels["level"].round(explain.LEVEL_DIGITS)).all()
