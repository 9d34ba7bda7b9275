"""SPEC §3.6 (过硬率), §3.7 (quota), §3.10 (correlation), §3.12 (changes): summaries of a period."""

import math

import pytest

from assess.config import Config, Scoring
from assess.scoring import branch_scores, changes, committee_summary, correlations, kpis
from scoring_fixtures import make_db, simple

Q = "2025Q1"
NEAR = 5e-10


def committees_db(tmp_path):
    return make_db(tmp_path, [
        *simple(Q, "甲", "甲1", p=96.0, b=90.0),  # 5 stars; C = 86.4
        *simple(Q, "甲", "甲2", p=90.0, b=80.0),  # 4 stars; C = 72
        *simple(Q, "甲", "甲3", p=70.0, b=100.0, veto="事故"),  # 0 stars; K = 0.7; C = 70
        *simple(Q, "乙", "乙1", p=95.0, b=95.0),  # 5 stars; C = 90.25
        *simple(Q, "乙", "乙2", p=60.0, b=60.0),  # 1 star; C = 36
        *simple(Q, "乙", "乙3", b=50.0),  # no P: not in the 过硬率 denominator
    ])


def test_committee_summary(tmp_path):
    config = Config()
    summary = committee_summary(branch_scores(committees_db(tmp_path), Q, config), config)
    rows = {r["committee"]: r for r in summary.to_dict("records")}
    assert list(rows) == sorted(rows) == ["乙", "甲"]  # sorted by committee (code point order)
    a, b = rows["甲"], rows["乙"]
    assert a["branches"] == 3
    assert a["party_mean"] == pytest.approx(256.0 / 3)
    assert a["business_mean"] == pytest.approx(90.0)
    assert a["composite_mean"] == pytest.approx((86.4 + 72.0 + 70.0) / 3)
    assert (a["solid"], a["solid_rate"], a["solid_target"]) == (2, pytest.approx(2 / 3), 0.8)
    assert a["solid_target_met"] is False and a["vetoes"] == 1
    # P = (96, 90, 70), B = (90, 80, 100): Σdxdy = −200, Σdx² = 1112/3, Σdy² = 200
    assert a["correlation"] == pytest.approx(-200.0 / math.sqrt(1112.0 / 3 * 200.0))
    assert b["branches"] == 3 and b["party_mean"] == pytest.approx(77.5)
    assert b["business_mean"] == pytest.approx(205.0 / 3)
    assert (b["solid"], b["solid_rate"], b["vetoes"]) == (1, 0.5, 0)
    assert math.isnan(b["correlation"])  # only 2 branches with both P and B


@pytest.mark.parametrize("solid_branches, target, met", [
    (4, 0.8, True),  # 4 of 5 = 80 % reaches the target line
    (3, 0.8, False),
    (3, 0.6, True),
])
def test_solid_rate_against_the_target(tmp_path, solid_branches, target, met):
    cells = [c for i in range(5)
             for c in simple(Q, "甲", f"支部{i}", p=92.0 if i < solid_branches else 85.0, b=80.0)]
    config = Config(scoring=Scoring(solid_target=target))
    got = kpis(branch_scores(make_db(tmp_path, cells), Q, config), config)
    assert got["solid"] == solid_branches
    assert got["solid_rate"] == pytest.approx(solid_branches / 5)
    assert got["solid_target_met"] is met


def test_correlations_overall_and_per_committee(tmp_path):
    config = Config()
    got = correlations(branch_scores(committees_db(tmp_path), Q, config), config)
    assert list(got["scope"]) == ["overall", "committee", "committee"]
    assert list(got["committee"][1:]) == ["乙", "甲"]
    assert list(got["branches"]) == [5, 2, 3]
    # overall P = (96, 90, 70, 95, 60), B = (90, 80, 100, 95, 60):
    # means 82.2 and 85; Σdxdy = 530, Σdx² = 1056.8, Σdy² = 1000
    assert got["correlation"][0] == pytest.approx(530.0 / math.sqrt(1056.8 * 1000.0))
    assert math.isnan(got["correlation"][1])  # 乙: 2 branches
    assert got["correlation"][2] == pytest.approx(-200.0 / math.sqrt(1112.0 / 3 * 200.0))


def test_correlation_minimum_branches_is_configurable(tmp_path):
    config = Config(scoring=Scoring(min_correlation_branches=6))
    got = correlations(branch_scores(committees_db(tmp_path), Q, config), config)
    assert got["correlation"].isna().all()


# --- §3.7 the 优秀 quota ---------------------------------------------------------------------------

@pytest.mark.parametrize("excellent_b, expected", [
    ([95.0, 90.0], (2, 10, False)),  # 2 of 11 ranked: not above 20 %
    ([95.0, 90.0 - NEAR], (2, 10, False)),
    ([95.0, 90.0, 90.0 - NEAR], (3, 10, True)),  # 3 of 11 = 27 %
    ([95.0, 90.0, 90.0 - 1e-6], (2, 10, False)),  # the third is 良好
])
def test_excellent_quota_warning(tmp_path, excellent_b, expected):
    bs = excellent_b + [70.0] * (10 - len(excellent_b))
    cells = [c for i, b in enumerate(bs) for c in simple(Q, "甲", f"支部{i}", p=100.0, b=b)]
    cells += simple(Q, "甲", "否决", p=100.0, b=99.0, veto="事故")  # capped at 合格: not 优秀
    cells += simple(Q, "甲", "无党建", b=99.0)  # unranked: not counted
    config = Config()
    table = branch_scores(make_db(tmp_path, cells), Q, config)
    quota = table.attrs["quota"]
    excellent, ranked, exceeded = expected
    ranked += 1  # the vetoed branch is ranked too
    assert (quota["excellent"], quota["ranked"], quota["exceeded"]) == (excellent, ranked, exceeded)
    assert quota["share"] == pytest.approx(excellent / ranked)
    assert kpis(table, config)["quota"] == quota


@pytest.mark.parametrize("excellent, quota, exceeded", [
    (2, 0.2, False), (3, 0.2, True), (3, 0.3, False),
])
def test_excellent_quota_threshold(tmp_path, excellent, quota, exceeded):
    cells = [c for i in range(10)
             for c in simple(Q, "甲", f"支部{i}", p=100.0, b=95.0 if i < excellent else 70.0)]
    config = Config(scoring=Scoring(excellent_quota=quota))
    got = branch_scores(make_db(tmp_path, cells), Q, config).attrs["quota"]
    assert (got["excellent"], got["ranked"], got["share"]) == (excellent, 10, excellent / 10)
    assert got["exceeded"] is exceeded


# --- §3.12 changes -------------------------------------------------------------------------------

def changes_db(tmp_path):
    return make_db(tmp_path, [
        *simple("2024Q4", "甲", "a", p=70.0, b=70.0),
        *simple("2025Q1", "甲", "a", p=80.0, b=80.0),
        *simple("2025Q1", "甲", "b", p=90.0, b=90.0),
        *simple("2025Q2", "甲", "a", p=90.0, b=90.0),
        *simple("2025Q2", "甲", "b", p=80.0, b=80.0),
        *simple("2025Q2", "乙", "c", p=100.0, b=50.0),  # new in 2025Q2
    ])


def test_changes_against_the_previous_quarter(tmp_path):
    got = changes(changes_db(tmp_path), "2025Q2", Config())
    rows = {r["branch"]: r for r in got.to_dict("records")}
    a, b, c = rows["a"], rows["b"], rows["c"]
    assert a["previous_period"] == "2025Q1"
    assert (a["delta_party"], a["delta_business"]) == (10.0, 10.0)
    assert a["delta_composite"] == pytest.approx(81.0 - 64.0)
    assert (a["rank"], a["previous_rank"], a["delta_rank"]) == (1, 2, 1)  # moved up one place
    assert (b["delta_party"], b["delta_composite"], b["delta_rank"]) == (
        -10.0, pytest.approx(-17.0), -1)
    assert math.isnan(c["delta_party"]) and c["delta_rank"] is None and c["rank"] == 3


def test_changes_across_a_year_boundary_and_between_years(tmp_path):
    db = changes_db(tmp_path)
    q1 = {r["branch"]: r for r in changes(db, "2025Q1", Config()).to_dict("records")}
    assert q1["a"]["previous_period"] == "2024Q4" and q1["a"]["delta_party"] == 10.0
    assert q1["a"]["delta_composite"] == pytest.approx(64.0 - 49.0)
    year = {r["branch"]: r for r in changes(db, "2025", Config()).to_dict("records")}
    # 2025: a has P = B = 85, C = 72.25; 2024: P = B = 70, C = 49
    assert year["a"]["previous_period"] == "2024"
    assert year["a"]["delta_party"] == 15.0
    assert year["a"]["delta_composite"] == pytest.approx(72.25 - 49.0)
