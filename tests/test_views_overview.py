"""assess.views.overview on the small store of tests/views_fixtures.py: tiles, verdicts,
distributions and alerts count the branches shown (SPEC §3, last paragraph); ranks and verdicts
of each branch stay the whole period's."""

from __future__ import annotations

import math

import pytest

from assess.i18n import t
from assess.views import overview
from tests.views_fixtures import JIA, Q1, YI, selection, views_db  # noqa: F401


def tiles(data) -> dict:
    return {tile.key: tile for tile in data.tiles}


def test_the_whole_organisation(views_db):
    data = overview.build(views_db, selection())
    got = tiles(data)
    assert [tile.key for tile in data.tiles] == list(overview.KPI_KEYS)
    assert (got["branches"].text, got["branches"].delta_text, got["branches"].delta_color) == ("6", "0", "off")
    assert got["party_mean"].value == pytest.approx(493 / 6)
    assert (got["party_mean"].text, got["party_mean"].delta_text) == ("82.2", "-2.8")
    assert (got["business_mean"].text, got["business_mean"].delta_text) == ("89.6", "+6.0")
    # C: 70.3 against 70.292 — a change that shows as 0.0: no sign, no arrow colour
    assert (got["composite_mean"].text, got["composite_mean"].delta_text) == ("70.3", "0.0")
    assert got["composite_mean"].delta == pytest.approx(0.008) and got["composite_mean"].delta_color == "off"
    assert got["solid_rate"].text == "16.7%"
    assert got["solid_rate"].delta_text == t("ui.kpi.points", "zh", value="-33.3")
    assert (got["vetoes"].text, got["vetoes"].delta_text, got["vetoes"].delta_color) == ("1", "+1", "inverse")
    assert data.previous_period == Q1
    assert data.target.met is False and data.target.rate == pytest.approx(1 / 6)
    assert data.quota.met and data.quota.rate == pytest.approx(0.2)  # 1 of 5 ranked: at the quota
    assert data.counted == ""
    assert data.grades.set_index("grade")["count"].to_dict() == {"优秀": 1, "良好": 0, "合格": 3, "不合格": 1, "待补充": 1}
    assert data.stars["count"].tolist() == [1, 1, 1, 2, 0, 1]
    assert data.committees["committee"].tolist() == [YI, JIA]  # 乙 (U+4E59) sorts before 甲
    assert data.vetoes.to_dict("records") == [{"committee": YI, "branch": "四支部", "veto_reason": "安全事故"}]
    # 五支部's C moved by −7e-15: no fall; 四支部's −10.56 is
    assert data.drops["branch"].tolist() == ["四支部"]
    assert data.drops["delta_composite"].iloc[0] == pytest.approx(-10.56)


def test_a_committee_filter_counts_only_its_branches(views_db):
    data = overview.build(views_db, selection(committees=[JIA]))
    got = tiles(data)
    assert got["branches"].text == "3"
    assert (got["party_mean"].text, got["party_mean"].delta_text) == ("81.0", "+1.0")
    assert (got["composite_mean"].text, got["composite_mean"].delta_text) == ("72.7", "+3.5")
    assert got["solid_rate"].text == "33.3%" and got["solid_rate"].delta_color == "off"  # 1 of 3 both times
    assert (got["vetoes"].text, got["vetoes"].delta_text, got["vetoes"].delta_color) == ("0", "0", "off")
    # the quota counts what is shown: 1 优秀 of 3 ranked is beyond 20 %, and says whose
    assert not data.quota.met and data.quota.rate == pytest.approx(1 / 3)
    assert data.counted == t("views.counted.some", "zh", committees=JIA)
    assert data.quota.message.endswith(data.counted) and data.target.message.endswith(data.counted)
    assert data.grades.set_index("grade")["count"].to_dict() == {"优秀": 1, "良好": 0, "合格": 1, "不合格": 1}
    assert data.stars["count"].tolist() == [0, 1, 0, 1, 0, 1]
    assert data.committees["committee"].tolist() == [JIA]
    assert data.vetoes.empty and data.drops.empty


def test_a_scoped_user_counts_their_committees(views_db):
    data = overview.build(views_db, selection(scope=[YI]))
    got = tiles(data)
    assert got["branches"].text == "3"
    assert (got["party_mean"].text, got["party_mean"].delta_text) == ("83.3", "-6.7")
    assert (got["composite_mean"].text, got["composite_mean"].delta_text) == ("66.7", "-5.3")
    assert got["solid_rate"].text == "0.0%"
    assert data.quota.met and data.quota.rate == 0.0
    assert data.counted == t("views.counted.some", "zh", committees=YI)
    assert data.committees["committee"].tolist() == [YI]
    assert data.drops["branch"].tolist() == ["四支部"]


def test_the_first_quarter_has_nothing_to_compare_with(views_db):
    data = overview.build(views_db, selection(period=Q1))
    assert data.previous_period is None
    assert all(tile.delta_text is None and math.isnan(tile.delta) for tile in data.tiles)
    assert data.drops.empty


# ---------------------------------------------------------------- 需关注 (ISSUE-16)

def test_the_attention_list_most_serious_first(views_db):
    """四支部 vetoed (and C fell 10.56 behind it), 三支部 不合格 and 两张皮 for two quarters,
    五支部 两张皮 for two quarters; nobody else needs attention."""
    data = overview.build(views_db, selection())
    assert data.attention.columns.tolist() == overview.ATTENTION_COLUMNS
    assert data.attention[["branch", "committee", "reasons"]].values.tolist() == [
        ["四支部", YI, "否决：安全事故；C 下降 10.6（党建(K)：否决事项）"],
        ["三支部", JIA, "等次不合格（C 57.0）；两张皮已连续 2 个季度（业务强党建弱）"],
        ["五支部", YI, "两张皮已连续 2 个季度（业务强党建弱）"]]
    assert data.attention["delta_composite"].iloc[0] == pytest.approx(-10.56)
    assert (data.attention_total, data.attention_more) == (3, "")


@pytest.mark.parametrize("chosen, branches", [
    ({"committees": [JIA]}, ["三支部"]),
    ({"scope": [YI]}, ["四支部", "五支部"]),
    ({"committees": [JIA], "scope": [YI]}, []),  # a chosen committee outside the scope lists nothing
])
def test_the_attention_list_lists_the_rows_shown(views_db, chosen, branches):
    data = overview.build(views_db, selection(**chosen))
    assert data.attention["branch"].tolist() == branches
    assert data.attention_total == len(branches)


def test_a_long_attention_list_says_how_many_more(views_db, monkeypatch):
    monkeypatch.setattr(overview, "ATTENTION_LIMIT", 1)
    data = overview.build(views_db, selection(lang="en"))
    assert data.attention["branch"].tolist() == ["四支部"]
    assert data.attention["reasons"].iloc[0] == "veto: 安全事故; C fell by 10.6 (party (K): veto)"
    assert (data.attention_total, data.attention_more) == (3, "2 more branches")
