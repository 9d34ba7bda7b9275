"""SPEC §3.1–3.3, 3.5–3.9, 3.11 and versions: branch_scores and friends over a real store.

Each case writes a few cells with tests/scoring_fixtures.py and compares against numbers worked
out by hand in the test.
"""

import math

import pandas as pd
import pytest

from assess.config import Config, Method, Scoring
from assess.scoring import COLUMNS, branch_scores, dimension_rates, indicator_rates, periods
from scoring_fixtures import DIMENSIONS, entry, make_db, simple

NEAR = 5e-10
MISS = 1e-6
Q = "2025Q1"


def by_branch(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["branch"]: row for row in frame.to_dict("records")}


def missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


# --- §3.1 category score --------------------------------------------------------------------------

FULL = {"组织设置": 8.0, "班子建设": 9.0, "党员发展": 16.0, "先锋攻坚": 7.0, "制度执行": 40.0}  # 80/100


@pytest.mark.parametrize("scores, bonus, deduction, config, expected", [
    (FULL, 0, 0, Config(), 80.0),
    ({**FULL, "制度执行": None}, 0, 0, Config(), 80.0),  # N/A out of both sums: 40 / 50
    ({**FULL, "制度执行": None, "先锋攻坚": None}, 0, 0, Config(), 82.5),  # 33 / 40
    (FULL, 3, 0, Config(), 83.0),
    (FULL, 5, 0, Config(), 85.0),  # exactly the cap
    (FULL, 8, 0, Config(), 85.0),  # bonus capped at 5
    (FULL, 8, 0, Config(scoring=Scoring(bonus_cap=2.0)), 82.0),
    (FULL, 4, 10, Config(), 74.0),
    ({k: 0.0 for k in FULL}, 2, 10, Config(), 0.0),  # floor at 0: max(0, 0 + 2 − 10)
    ({"组织设置": 10.0, "班子建设": 10.0, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 50.0},
     5, 0, Config(), 105.0),  # P may exceed 100 by the bonus
])
def test_party_score(tmp_path, scores, bonus, deduction, config, expected):
    db = make_db(tmp_path, [
        entry(Q, "党委A", "一支部", "party", scores, bonus=bonus, deduction=deduction),
        entry(Q, "党委A", "一支部", "business", {"利润完成": 45.0, "安全生产": None}),
    ], DIMENSIONS)
    row = by_branch(branch_scores(db, Q, config))["一支部"]
    assert row["party_score"] == pytest.approx(expected, abs=1e-12)
    assert row["business_score"] == pytest.approx(75.0, abs=1e-12)  # 45 / 60, 安全生产 N/A


def test_category_without_applicable_indicator_has_no_score(tmp_path):
    db = make_db(tmp_path, [
        entry(Q, "党委A", "一支部", "party", {k: None for k in FULL}, bonus=5),
        entry(Q, "党委A", "一支部", "business", {"利润完成": 60.0, "安全生产": 40.0}),
        entry(Q, "党委A", "二支部", "party", {k: None for k in FULL}),  # nothing at all: no row
    ], DIMENSIONS)
    scores = by_branch(branch_scores(db, Q, Config()))
    assert set(scores) == {"一支部"}
    row = scores["一支部"]
    assert missing(row["party_score"]) and row["business_score"] == 100.0
    for column in ["coefficient", "composite", "rank", "committee_rank", "stars", "standard_met",
                   "solid", "grade", "quadrant"]:
        assert missing(row[column]), column


# --- §3.2 dimension rates and 达标 ------------------------------------------------------------------

def test_dimension_rates_leave_out_na_and_treat_a_dimensionless_indicator_as_its_own(tmp_path):
    db = make_db(tmp_path, [entry(Q, "党委A", "一支部", "party", {
        "组织设置": 6.0, "班子建设": None, "党员发展": 10.0, "先锋攻坚": 9.0, "制度执行": 45.0})],
        DIMENSIONS)
    rates = dimension_rates(db, Q).set_index("dimension")["rate"].to_dict()
    assert rates == pytest.approx({"基本组织": 0.6, "基本队伍": 0.5, "先锋攻坚": 0.9, "基本制度": 0.9})
    row = by_branch(branch_scores(db, Q, Config()))["一支部"]
    assert row["min_dimension_rate"] == pytest.approx(0.5)
    assert row["party_score"] == pytest.approx(7000.0 / 90.0)  # 70 / 90 applicable marks
    assert row["standard_met"] is False  # 基本队伍 at 50 % < 60 %


@pytest.mark.parametrize("班子建设, met, stars", [
    (6.0, True, 4),  # 基本组织 12 / 20 = 0.6 exactly; P = 92
    (6.0 - 1e-8, True, 4),  # rate 0.6 − 5e-10: within tolerance
    (6.0 - 2e-5, False, 0),  # rate 0.6 − 1e-6: misses, so no stars though P ≥ 90
])
def test_standard_met_needs_every_dimension(tmp_path, 班子建设, met, stars):
    db = make_db(tmp_path, [entry(Q, "党委A", "一支部", "party", {
        "组织设置": 6.0, "班子建设": 班子建设, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 50.0})],
        DIMENSIONS)
    row = by_branch(branch_scores(db, Q, Config()))["一支部"]
    assert row["standard_met"] is met
    assert row["stars"] == stars


@pytest.mark.parametrize("p, stars, solid", [
    (95.0, 5, True), (95.0 - NEAR, 5, True), (95.0 - MISS, 4, True),
    (90.0, 4, True), (90.0 - NEAR, 4, True), (90.0 - MISS, 3, False),
    (80.0, 3, False), (70.0, 2, False), (60.0, 1, False),
    (60.0 - NEAR, 1, False), (60.0 - MISS, 0, False),  # P below 60: not 达标
])
def test_stars_and_solid_from_the_store(tmp_path, p, stars, solid):
    db = make_db(tmp_path, simple(Q, "党委A", "一支部", p=p, b=80.0))
    row = by_branch(branch_scores(db, Q, Config()))["一支部"]
    assert (row["stars"], row["solid"]) == (stars, solid)


# --- §3.3 veto, everywhere it acts ----------------------------------------------------------------

@pytest.mark.parametrize("method, k, composite, grade", [
    (Method(), 0.8, 80.0, "合格"),  # K = min(0.96, 0.8); C = 80 would be 良好, capped at 合格
    (Method(name="tiered"), 0.8, 80.0, "合格"),  # min(1.05, 0.8)
    (Method(name="linear", veto_k=0.95), 0.95, 95.0, "合格"),  # min(1.16, 0.95); 优秀 capped
])
def test_veto_caps_k_stars_and_grade(tmp_path, method, k, composite, grade):
    db = make_db(tmp_path, simple(Q, "党委A", "一支部", p=96.0, b=100.0, veto="发生安全事故"))
    row = by_branch(branch_scores(db, Q, Config(method=method)))["一支部"]
    assert row["veto"] is True
    assert row["veto_reason"] == "发生安全事故"
    assert row["coefficient"] == pytest.approx(k)
    assert row["composite"] == pytest.approx(composite)
    assert row["standard_met"] is False
    assert (row["stars"], row["solid"]) == (0, False)
    assert row["grade"] == grade


def test_veto_in_either_sheet_and_reasons_joined(tmp_path):
    db = make_db(tmp_path, [
        entry(Q, "党委A", "一支部", "party", {"p": 90.0}, veto="党建甲"),
        entry(Q, "党委A", "一支部", "business", {"b": 90.0}, veto="业务乙"),
        entry(Q, "党委A", "二支部", "party", {"p": 90.0}),
        entry(Q, "党委A", "二支部", "business", {"b": 90.0}, veto="业务丙"),
        entry(Q, "党委A", "三支部", "party", {"p": 90.0}, veto="  "),  # blank is no veto
    ])
    rows = by_branch(branch_scores(db, Q, Config()))
    assert rows["一支部"]["veto_reason"] == "党建甲；业务乙"
    assert rows["二支部"]["veto_reason"] == "业务丙" and bool(rows["二支部"]["veto"])
    assert not rows["三支部"]["veto"] and missing(rows["三支部"]["veto_reason"])


# --- §3.5 composite pending, §3.8 ranks ----------------------------------------------------------

def rank_db(tmp_path):
    # P = 100 so K = 1 and C = B exactly
    return make_db(tmp_path, [
        *simple(Q, "党委X", "a", p=100.0, b=90.0),
        *simple(Q, "党委Y", "b", p=100.0, b=80.0),
        *simple(Q, "党委X", "c", p=100.0, b=80.0 - NEAR),  # ties with b
        *simple(Q, "党委Y", "d", p=100.0, b=80.0 - MISS),  # does not
        *simple(Q, "党委X", "e", p=100.0, b=70.0),
        *simple(Q, "党委X", "p_only", p=100.0),
        *simple(Q, "党委Y", "b_only", b=99.0),
    ])


def test_competition_ranks_overall_and_per_committee(tmp_path):
    table = branch_scores(rank_db(tmp_path), Q, Config())
    rows = by_branch(table)
    ranks = {k: (r["rank"], r["committee_rank"]) for k, r in rows.items()}
    assert ranks == {
        "a": (1, 1), "b": (2, 1), "c": (2, 2), "d": (4, 2), "e": (5, 3),
        "p_only": (None, None), "b_only": (None, None),  # no composite: unranked
    }
    # by rank, ties and the unranked (last) by committee and branch
    assert table["branch"].tolist() == ["a", "c", "b", "d", "e", "p_only", "b_only"]


def test_columns_are_those_of_the_spec_first(tmp_path):
    table = branch_scores(rank_db(tmp_path), Q, Config())
    assert list(table.columns[:len(COLUMNS)]) == [
        "committee", "general_branch", "branch", "period", "party_score", "business_score",
        "coefficient", "composite", "rank", "committee_rank", "stars", "standard_met", "solid",
        "grade", "quadrant", "veto", "veto_reason"]
    assert set(table["period"]) == {Q}


def test_empty_store_gives_no_rows_but_the_columns(tmp_path):
    table = branch_scores(make_db(tmp_path, []), Q, Config())
    assert table.empty and list(table.columns[:len(COLUMNS)]) == COLUMNS
    assert table.attrs["as_of"] == 0


# --- §3.4 all three methods through the store, non-default parameters ----------------------------

@pytest.mark.parametrize("method, expected", [
    (Method(), {"一": (0.92, 73.6), "二": (0.615, 55.35)}),
    (Method(name="tiered", tiers=((92.0, 1.1), (61.0, 0.9)), tier_floor=0.5),
     {"一": (1.1, 88.0), "二": (0.9, 81.0)}),
    (Method(name="linear", slope=0.5, pivot=90.0, k_min=0.85, k_max=1.01),
     {"一": (1.01, 80.8), "二": (0.8575, 77.175)}),
])
def test_methods_end_to_end(tmp_path, method, expected):
    db = make_db(tmp_path, [*simple(Q, "党委A", "一", p=92.0, b=80.0),
                            *simple(Q, "党委A", "二", p=61.5, b=90.0)])
    rows = by_branch(branch_scores(db, Q, Config(method=method)))
    for name, (k, c) in expected.items():
        assert rows[name]["coefficient"] == pytest.approx(k, abs=1e-12)
        assert rows[name]["composite"] == pytest.approx(c, abs=1e-12)


# --- §3.9 quadrant -------------------------------------------------------------------------------

QUAD_ROWS = [(60.0, 90.0), (70.0, 80.0), (80.0, 70.0), (90.0, 60.0)]


@pytest.mark.parametrize("scoring, thresholds, expected", [
    (Scoring(), (75.0, 75.0), ["业务强党建弱", "业务强党建弱", "党建强业务弱", "党建强业务弱"]),
    (Scoring(quadrant_p=65.0, quadrant_b=85.0), (65.0, 85.0),
     ["业务强党建弱", "党建强业务弱", "党建强业务弱", "党建强业务弱"]),
    (Scoring(quadrant_p=70.0, quadrant_b=80.0 + NEAR), (70.0, 80.0 + NEAR),
     ["业务强党建弱", "双强", "党建强业务弱", "党建强业务弱"]),
    (Scoring(quadrant_p=100.0, quadrant_b=100.0), (100.0, 100.0), ["双弱"] * 4),
])
def test_quadrants(tmp_path, scoring, thresholds, expected):
    cells = [c for i, (p, b) in enumerate(QUAD_ROWS) for c in simple(Q, "党委A", f"支部{i}", p=p, b=b)]
    cells += simple(Q, "党委A", "只有党建", p=100.0)  # no B: left out of the medians
    table = branch_scores(make_db(tmp_path, cells), Q, Config(scoring=scoring))
    rows = by_branch(table)
    assert [rows[f"支部{i}"]["quadrant"] for i in range(4)] == expected
    assert missing(rows["只有党建"]["quadrant"])
    assert table.attrs["quadrant_thresholds"] == {"party": thresholds[0], "business": thresholds[1]}
    assert (rows["支部0"]["quadrant_p_threshold"], rows["支部0"]["quadrant_b_threshold"]) == thresholds


def test_quadrant_at_the_median_is_strong(tmp_path):
    cells = [c for name, v in [("低", 70.0), ("中", 80.0), ("高", 90.0)]
             for c in simple(Q, "党委A", name, p=v, b=v)]
    rows = by_branch(branch_scores(make_db(tmp_path, cells), Q, Config()))
    assert {k: r["quadrant"] for k, r in rows.items()} == {"低": "双弱", "中": "双强", "高": "双强"}


# --- §3.11 annual view ---------------------------------------------------------------------------

def annual_db(tmp_path):
    return make_db(tmp_path, [
        *simple("2025Q1", "党委A", "一", p=80.0, b=70.0, general_branch="第一总支"),
        *simple("2025Q2", "党委A", "一", p=90.0, general_branch="第一总支"),  # no B this quarter
        *simple("2025Q4", "党委A", "一", b=90.0),  # no P; left its general branch
        *simple("2025Q1", "党委A", "二", p=100.0, b=100.0),
        *simple("2025Q3", "党委A", "二", p=100.0, b=100.0, veto="三季度事故"),
        *simple("2024Q4", "党委A", "二", p=10.0, b=10.0),  # another year: ignored
    ])


def test_annual_view_means_over_the_quarters_a_branch_has(tmp_path):
    rows = by_branch(branch_scores(annual_db(tmp_path), "2025", Config()))
    one = rows["一"]
    assert (one["party_score"], one["business_score"]) == (85.0, 80.0)
    assert (one["party_quarters"], one["business_quarters"]) == (2, 2)
    assert one["coefficient"] == pytest.approx(0.85) and one["composite"] == pytest.approx(68.0)
    assert one["min_dimension_rate"] == pytest.approx(0.85)
    assert (one["stars"], one["grade"], one["period"]) == (3, "合格", "2025")
    assert missing(one["general_branch"])  # that of the latest quarter


def test_annual_veto_if_any_quarter_vetoed(tmp_path):
    db = annual_db(tmp_path)
    two = by_branch(branch_scores(db, "2025", Config()))["二"]
    assert bool(two["veto"]) and two["veto_reason"] == "2025Q3：三季度事故"
    assert (two["party_score"], two["coefficient"], two["composite"]) == (100.0, 0.8, 80.0)
    assert (two["stars"], two["grade"]) == (0, "合格")
    q1 = by_branch(branch_scores(db, "2025Q1", Config()))["二"]
    assert not q1["veto"] and q1["grade"] == "优秀"


def test_annual_dimension_rates_are_quarterly_means(tmp_path):
    rates = dimension_rates(annual_db(tmp_path), "2025")
    got = {(r["branch"], r["dimension"]): (r["rate"], r["quarters"])
           for r in rates.to_dict("records")}
    assert got == {("一", "基本组织"): (pytest.approx(0.85), 2), ("二", "基本组织"): (1.0, 2)}


def test_min_dimension_rate_agrees_with_dimension_rates(tmp_path):
    cells = [
        entry("2025Q1", "党委A", "一", "party", {"组织设置": 10.0, "班子建设": 2.0, "党员发展": 20.0,
                                                 "先锋攻坚": 10.0, "制度执行": 50.0}),
        entry("2025Q2", "党委A", "一", "party", {"组织设置": None, "班子建设": 8.0, "党员发展": 5.0,
                                                 "先锋攻坚": None, "制度执行": 25.0}),
    ]
    db = make_db(tmp_path, cells, DIMENSIONS)
    rates = dimension_rates(db, "2025").set_index("dimension")["rate"]
    # 基本组织: Q1 12/20 = 0.6, Q2 8/10 = 0.8 → 0.7; 基本队伍: (1 + 0.25) / 2; 先锋攻坚 Q1 only
    assert rates.to_dict() == pytest.approx({"基本组织": 0.7, "基本队伍": 0.625, "先锋攻坚": 1.0, "基本制度": 0.75})
    row = by_branch(branch_scores(db, "2025", Config()))["一"]
    assert row["min_dimension_rate"] == pytest.approx(rates.min())


# --- versions: as of N ----------------------------------------------------------------------------

def versions_db(tmp_path):
    return make_db(tmp_path, [
        *simple(Q, "党委A", "一", p=80.0, b=80.0, version=1),
        *simple(Q, "党委A", "一", p=90.0, version=2),  # the party cell replaced in version 2
        *simple(Q, "党委A", "二", p=70.0, b=70.0, version=2),  # new in version 2
        entry("2024Q4", "党委A", "一", "party", {"p": 50.0}, version=1, until=2),  # closed in 2
    ])


@pytest.mark.parametrize("as_of, expected", [
    (1, {"一": (80.0, 80.0)}),
    (2, {"一": (90.0, 80.0), "二": (70.0, 70.0)}),
    (None, {"一": (90.0, 80.0), "二": (70.0, 70.0)}),  # the latest
    (0, {}),
])
def test_as_of_reads_the_old_values(tmp_path, as_of, expected):
    table = branch_scores(versions_db(tmp_path), Q, Config(), as_of=as_of)
    got = {r["branch"]: (r["party_score"], r["business_score"]) for r in table.to_dict("records")}
    assert got == expected
    assert table.attrs["as_of"] == (2 if as_of is None else as_of)


@pytest.mark.parametrize("as_of, expected", [
    (1, [("2024Q4", "quarter", 1), ("2025Q1", "quarter", 1),
         ("2024", "year", 1), ("2025", "year", 1)]),
    (2, [("2025Q1", "quarter", 2), ("2025", "year", 2)]),
])
def test_periods_with_data(tmp_path, as_of, expected):
    got = periods(versions_db(tmp_path), as_of)
    assert list(got.itertuples(index=False, name=None)) == expected


def test_indicator_rates_for_the_heat_map(tmp_path):
    db = make_db(tmp_path, [
        entry("2025Q1", "党委A", "一", "business", {"利润完成": 30.0, "安全生产": None}),
        entry("2025Q2", "党委A", "一", "business", {"利润完成": 60.0, "安全生产": None}),
    ], DIMENSIONS)
    got = indicator_rates(db, "2025")
    rows = {r["indicator"]: r for r in got.to_dict("records")}
    assert rows["利润完成"]["rate"] == pytest.approx(0.75)  # (0.5 + 1.0) / 2
    assert rows["利润完成"]["applicable_quarters"] == 2
    assert missing(rows["安全生产"]["rate"]) and rows["安全生产"]["applicable_quarters"] == 0
    assert list(got["indicator"]) == ["利润完成", "安全生产"]  # sheet order
