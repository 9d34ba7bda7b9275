"""assess.views.trends on the small store of tests/views_fixtures.py: one panel per measure,
series per chosen committee plus the overall line (every committee the user may see), or the
chosen branches."""

from __future__ import annotations

import pytest

from assess.i18n import t
from assess.views import trends
from tests.views_fixtures import JIA, Q1, Q2, YI, selection, views_db  # noqa: F401

OVERALL = t("ui.trends.overall", "zh")


def values(data, measure) -> dict:
    panel = next(p for p in data.panels if p.measure == measure)
    return {(r.series, r.period): r.value for r in panel.frame.itertuples()}


def test_committees_and_the_overall_line(views_db):
    data = trends.build(views_db, selection())
    assert [p.measure for p in data.panels] == list(trends.TREND_MEASURES)
    assert [p.target for p in data.panels] == [None, None, None, 0.8]
    assert data.quarters == [Q1, Q2] and data.context.startswith(f"{Q1}–{Q2}")
    p = values(data, "party_score")
    assert p[(OVERALL, Q1)] == pytest.approx(85.0) and p[(OVERALL, Q2)] == pytest.approx(493 / 6)
    assert p[(JIA, Q1)] == pytest.approx(80.0) and p[(JIA, Q2)] == pytest.approx(81.0)
    assert p[(YI, Q2)] == pytest.approx(250 / 3)
    solid = values(data, "solid_rate")
    assert solid[(OVERALL, Q1)] == pytest.approx(0.5) and solid[(OVERALL, Q2)] == pytest.approx(1 / 6)
    assert data.colors[OVERALL] == trends.OVERALL_COLOR and set(data.colors) == {JIA, YI, OVERALL}


def test_a_committee_filter_draws_its_series_against_the_overall_line(views_db):
    data = trends.build(views_db, selection(committees=[JIA]))
    p = values(data, "party_score")
    assert {series for series, _ in p} == {JIA, OVERALL}
    assert p[(OVERALL, Q2)] == pytest.approx(493 / 6)


def test_a_scoped_users_overall_line_is_their_committees(views_db):
    data = trends.build(views_db, selection(scope=[YI]))
    p = values(data, "party_score")
    assert {series for series, _ in p} == {YI, OVERALL}
    assert p[(OVERALL, Q1)] == pytest.approx(90.0) and p[(OVERALL, Q2)] == pytest.approx(250 / 3)
    assert set(data.colors) == {YI, OVERALL}


def test_chosen_branches(views_db):
    data = trends.build(views_db, selection(), [f"{YI}/五支部"])
    p = values(data, "party_score")
    assert p[("五支部", Q1)] == 90.0 and p[("五支部", Q2)] == 70.0
    c = values(data, "composite")
    assert c[("五支部", Q1)] == pytest.approx(63.0)
    assert data.branches == (f"{YI}/五支部",)
    # 过硬率 stays per committee when branches are drawn
    assert {s for s, _ in values(data, "solid_rate")} == {JIA, YI, OVERALL}


def test_a_scoped_user_cannot_draw_another_committees_branch(views_db):
    data = trends.build(views_db, selection(scope=[YI]), [f"{JIA}/一支部"])
    assert "一支部" not in {s for s, _ in values(data, "party_score")}
