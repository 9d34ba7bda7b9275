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
    # every tile with its change against 2025Q1; the ranks out of the whole period's ranked
    # branches (5) and of its committee's (2: 六支部 has no C), whatever the viewer's scope
    assert [(tile.key, tile.text, tile.delta_text) for tile in data.tiles] == [
        ("party_score", "70.0", "-20.0"), ("business_score", "90.0", "+20.0"), ("coefficient", "0.700", "-0.200"),
        ("composite", "63.0", "0"), ("rank", "4 / 5", "0"), ("committee_rank", "2 / 2", None),
        ("stars", "2★", "-2")]
    assert data.tiles[3].help == t("ui.profile.k", "zh", k="0.70")
    assert data.tiles[3].delta_color == "off"  # C fell by 7e-15: no change, no red arrow
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
    assert [tile.text for tile in pending.tiles] == ["88.0", "—", "0.880", "—", "—", "—", "3★"]  # K from P alone; unranked
    assert pending.explanation.found and not pending.explanation.comparable
    assert t("ui.grade.待补充", "zh") in pending.badge and pending.badge.endswith("—")


def test_a_branch_without_data_in_the_period(views_db):
    data = profile.build(views_db, selection(), f"{JIA}/无此支部")
    assert not data.in_period and data.tiles == [] and data.history.empty and data.indicators.empty


# ---------------------------------------------------------------- why it changed, what next (ISSUE-16)

def test_why_a_branch_changed_and_what_it_takes(views_db):
    """五支部: P 90 → 70 (its one indicator p −20), B 70 → 90; C 63 both times (K 0.9 → 0.7)."""
    data = profile.build(views_db, selection(), f"{YI}/五支部")
    why = data.explanation
    assert data.against == "变化量与 2025Q1 相比"
    assert why.composite_waterfall[["measure", "value"]].values.tolist() == [
        ["absolute", pytest.approx(63.0)], ["relative", pytest.approx(20 * (0.9 + 0.7) / 2)],
        ["relative", pytest.approx(-0.2 * (70 + 90) / 2)], ["total", pytest.approx(63.0)]]
    assert why.party_waterfall[["label", "value"]].values.tolist() == [
        ["2025Q1 P", 90.0], ["p", pytest.approx(-20.0)], ["2025Q2 P", 70.0]]
    assert why.driver_text == "主要因素：党建(K)：p −20.0"
    # 4★ → 2★: P fell below the 3★ line (80), and so below the 4★ line too
    assert why.crossing_texts == ("星级 4★→2★：P 低于 80.0",)
    assert why.step_texts[:3] == ("要达到3★需再提高P 10.0分", "要达到过硬（4★）需再提高P 20.0分", "已达标")
    assert data.two_skins == "两张皮已连续 2 个季度（业务强党建弱），请关注党建与业务的融合"
    assert data.scores.values.tolist()[0][:6] == ["party", "基本组织", "p", 70.0, 100.0, 0.7]
    assert data.scores["part"].tolist() == [pytest.approx(-20.0), pytest.approx(20.0)]
    assert data.waterfall_context.startswith("2025Q1 → 2025Q2 · ")


def test_the_explanations_in_english(views_db):
    data = profile.build(views_db, selection(lang="en"), f"{YI}/五支部")
    assert data.explanation.crossing_texts == ("Stars 4★ → 2★: P fell below 80.0",)
    assert data.two_skins.startswith("two skins for 2 quarters in a row")
    assert [tile.label for tile in data.tiles][4:6] == ["Rank (all)", "Rank in committee"]


def test_a_veto_that_blocks_every_step_is_said_once(views_db):
    data = profile.build(views_db, selection(), f"{YI}/四支部")
    assert data.steps == ("有否决事项：本期1★、过硬（4★）、达标、良好均无法达到",)
    assert len(data.explanation.step_texts) == 4  # the view's four sentences, said as one
    english = profile.build(views_db, selection(lang="en"), f"{YI}/四支部")
    assert english.steps == ("a veto blocks every next step this period: 1★, solid (4★), the standard (达标), Good",)


def test_the_next_star_that_is_solid_is_said_once(views_db):
    data = profile.build(views_db, selection(), f"{JIA}/二支部")  # P 85: 3★, the next star is 4★ = 过硬
    assert data.steps[0] == "要达到4★需再提高P 5.0分"
    assert not any("过硬" in text for text in data.steps)
    assert any("过硬" in text for text in data.explanation.step_texts)  # the view's list had both
