"""assess.views.method on the small store of tests/views_fixtures.py: the parameters against the
default, the K curve, and how the ranks move (ranks over the whole period; counted on the
branches shown)."""

from __future__ import annotations

import pytest

from assess.config import Config, with_method
from assess.i18n import t
from assess.views import method
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401

TIERED = with_method(Config(), name="tiered")


def test_the_default_method_has_no_shift(views_db):
    data = method.build(views_db, selection())
    assert data.shift is None and data.shift_note == t("ui.method.same_as_default", "zh")
    assert data.parameters.to_dict("records") == [{"parameter": "vetok", "value": "0.8", "default": "0.8",
                                                   "changed": False}]
    assert data.chosen_title == f"{t('ui.method.chosen', 'zh')}：{t('ui.method.ratio', 'zh')}"
    assert len(data.words) == len(method.WORDS)


def test_tiered_against_the_default(views_db):
    # tiered C: 一 98 → 1.05 × 95 = 99.75, 三 60 → 0.95 × 95 = 90.25, 五 70 → 0.95 × 90 = 85.5,
    # 二 85 → 1.00 × 80 = 80, 四 (veto) → 0.8 × 88 = 70.4: ranks 1, 2, 3, 4, 5 against 1, 5, 4, 3, 2
    data = method.build(views_db, selection(config=TIERED))
    moved = data.shift.set_index("branch")["delta"].dropna().to_dict()
    assert moved == {"一支部": 0.0, "三支部": 3.0, "五支部": 1.0, "二支部": -1.0, "四支部": -3.0}
    assert (data.moved, data.compared) == (4, 6)
    assert data.moved_text == t("ui.method.moved", "zh", moved=4, n=6)
    assert data.parameters["parameter"].tolist() == ["tiers", "floor", "vetok"]
    curve = data.k_curve[data.k_curve["party_score"] == 85.0].set_index("series")["coefficient"]
    assert sorted(curve.tolist()) == pytest.approx([0.85, 1.0])  # ratio 0.85, tiered 1.00


@pytest.mark.parametrize("chosen, moved, compared", [({"committees": [JIA]}, 2, 3), ({"scope": [YI]}, 2, 3)])
def test_a_filter_counts_the_branches_shown(views_db, chosen, moved, compared):
    data = method.build(views_db, selection(config=TIERED, **chosen))
    assert (data.moved, data.compared) == (moved, compared)
    committee = (chosen.get("committees") or chosen.get("scope"))[0]
    assert set(data.shift["committee"]) == {committee}
    assert data.moved_text.endswith(t("views.counted.some", "zh", committees=committee))
    # ranks stay those of the whole period
    assert data.shift.set_index("branch")["rank_right"].dropna().to_dict() == (
        {"一支部": 1.0, "二支部": 4.0, "三支部": 2.0} if committee == JIA else {"四支部": 5.0, "五支部": 3.0})


def test_parameters_say_what_changed():
    linear = with_method(Config(), name="linear", slope=2.0).method
    table = method.method_parameters(linear, Config().method).set_index("parameter")
    assert table.index.tolist() == ["slope", "pivot", "kmin", "kmax", "vetok"]
    assert table.loc["slope"].tolist() == ["2", "1", True] and not table.loc["pivot", "changed"]
