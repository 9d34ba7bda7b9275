"""assess.views.profile on the small store of tests/views_fixtures.py: a branch's tiles, badge,
radar, history and indicators; its rank is out of the whole period's ranked branches."""

from __future__ import annotations

import pytest

from assess.i18n import t
from assess.views import profile
from tests.views_fixtures import JIA, Q1, Q2, YI, selection, views_db  # noqa: F401


@pytest.mark.parametrize("chosen", [{}, {"committees": [JIA]}, {"scope": [YI]}])
def test_a_branch_with_its_rank_out_of_every_ranked_branch(views_db, chosen):
    data = profile.build(views_db, selection(**chosen), f"{YI}/五支部")
    assert (data.committee, data.branch, data.in_period) == (YI, "五支部", True)
    assert [(tile.key, tile.text) for tile in data.tiles] == [
        ("party_score", "70.0"), ("business_score", "90.0"), ("composite", "63.0"), ("rank", "4 / 5")]
    assert data.tiles[2].help == t("ui.profile.k", "zh", k="0.70")
    assert data.badge == f"★★☆☆☆ · {t('ui.grade.合格', 'zh')} · {t('ui.quadrant.业务强党建弱', 'zh')}"
    assert data.veto_reason is None
    assert data.quarters == [Q1, Q2]
    assert data.history["period"].tolist() == [Q1, Q2]
    assert data.history["party_score"].tolist() == [90.0, 70.0]
    assert data.history["rank"].tolist() == [4, 4] and data.history["committee_rank"].tolist() == [2, 2]
    assert data.indicators[["category", "indicator", "rate"]].values.tolist() == [
        ["party", "p", 0.7], ["business", "b", 0.9]]


def test_the_radar_against_the_committee_and_the_overall_mean(views_db):
    data = profile.build(views_db, selection(), f"{YI}/五支部")
    radar = {r.series: r.rate for r in data.radar.itertuples()}
    assert radar["五支部"] == pytest.approx(0.70)
    assert radar[t("ui.profile.committee_mean", "zh")] == pytest.approx((0.92 + 0.70 + 0.88) / 3)
    assert radar[t("ui.profile.overall_mean", "zh")] == pytest.approx((0.98 + 0.92 + 0.85 + 0.70 + 0.60 + 0.88) / 6)


def test_a_vetoed_branch_and_a_branch_without_c(views_db):
    vetoed = profile.build(views_db, selection(), f"{YI}/四支部")
    assert vetoed.veto_reason == "安全事故" and vetoed.badge.startswith("☆☆☆☆☆")
    pending = profile.build(views_db, selection(), f"{YI}/六支部")
    assert [tile.text for tile in pending.tiles] == ["88.0", "—", "—", "— / 5"]
    assert t("ui.grade.待补充", "zh") in pending.badge and pending.badge.endswith("—")


def test_a_branch_without_data_in_the_period(views_db):
    data = profile.build(views_db, selection(), f"{JIA}/无此支部")
    assert not data.in_period and data.tiles == [] and data.history.empty and data.indicators.empty
