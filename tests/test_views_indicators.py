"""assess.views.indicators on the small store of tests/views_fixtures.py: the heat map and the
weakest indicators count the branches shown."""

from __future__ import annotations

import pytest

from assess.i18n import t
from assess.views import indicators
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401


def test_the_party_heat_map_and_the_weakest(views_db):
    data = indicators.build(views_db, selection())
    assert data.category == "party"
    assert dict(zip(data.heat["label"], data.heat["rate"])) == pytest.approx(
        {"一支部": 0.98, "二支部": 0.85, "三支部": 0.60, "四支部": 0.92, "五支部": 0.70, "六支部": 0.88})
    assert data.grid.shape == (6, 1) and data.grid.loc["三支部", "p"] == pytest.approx(0.60)
    assert (data.heat_shown, data.heat_total, data.limited) == (6, 6, False)
    weakest = data.weakest.set_index("indicator")
    assert weakest.index.tolist() == ["p", "b"]
    assert weakest.loc["p", "rate"] == pytest.approx(4.93 / 6) and weakest.loc["p", "branches"] == 6
    assert weakest.loc["b", "rate"] == pytest.approx(4.48 / 5) and weakest.loc["b", "branches"] == 5
    assert data.counted == ""


def test_the_business_category(views_db):
    data = indicators.build(views_db, selection(), "business")
    assert set(data.heat["label"]) == {"一支部", "二支部", "三支部", "四支部", "五支部"}  # 六 has no B
    assert indicators.build(views_db, selection(), "nonsense").category == "party"


@pytest.mark.parametrize("chosen", [{"committees": [YI]}, {"scope": [YI]}])
def test_a_filter_counts_the_branches_shown(views_db, chosen):
    data = indicators.build(views_db, selection(**chosen))
    assert set(data.heat["label"]) == {"四支部", "五支部", "六支部"}
    assert (data.heat_shown, data.heat_total) == (3, 3)
    weakest = data.weakest.set_index("indicator")
    assert weakest.loc["p", "rate"] == pytest.approx((0.92 + 0.70 + 0.88) / 3)
    assert weakest.loc["b", "rate"] == pytest.approx((0.88 + 0.90) / 2) and weakest.loc["b", "branches"] == 2
    assert data.counted == t("views.counted.some", "zh", committees=YI)


def test_the_weakest_branches_when_there_are_many(views_db, monkeypatch):
    monkeypatch.setattr(indicators, "HEAT_ROWS", 2)
    data = indicators.build(views_db, selection(committees=[JIA]))
    assert set(data.heat["label"]) == {"三支部", "二支部"}  # 0.60 and 0.85 of 甲's 0.98, 0.85, 0.60
    assert (data.heat_shown, data.heat_total, data.limited) == (2, 3, True)
