"""assess.views.ranking on the small store of tests/views_fixtures.py: the table of the branches
shown in the chosen order, and the rank shift whose both ranks are the whole period's."""

from __future__ import annotations

import pytest

from assess.i18n import t
from assess.views import ranking
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401


def test_the_table_in_rank_order(views_db):
    data = ranking.build(views_db, selection())
    assert list(data.table.columns) == ranking.RANKING_COLUMNS
    assert data.table["branch"].tolist() == ["一支部", "四支部", "二支部", "五支部", "三支部", "六支部"]
    assert data.table["composite"].tolist()[:3] == pytest.approx([93.1, 70.4, 68.0])
    assert data.table["delta_rank"].tolist()[:5] == [0, 0, 0, 0, 0]
    assert data.branch_at(1) == (YI, "四支部")
    assert data.caption == t("ui.ranking.caption", "zh", context=selection().context(), n=6)
    # rank by B (95, 88, 80, 90, 95 → 1, 4, 5, 3, 1) against rank by C
    shift = data.shift.set_index("branch")
    assert shift["rank_left"].to_dict() == {"一支部": 1, "四支部": 4, "二支部": 5, "五支部": 3, "三支部": 1}
    assert shift["rank_right"].to_dict() == {"一支部": 1, "四支部": 2, "二支部": 3, "五支部": 4, "三支部": 5}
    assert (data.shift_shown, data.shift_total, data.limited) == (5, 5, False)


@pytest.mark.parametrize("sort, first", [("party_score", "一支部"), ("business_score", "一支部"),
                                         ("committee", "四支部"), ("composite", "一支部"), ("nonsense", "一支部")])
def test_the_table_follows_the_sort(views_db, sort, first):
    data = ranking.build(views_db, selection(), sort)
    assert data.table["branch"].iloc[0] == first
    assert data.sort == (sort if sort in ranking.SORTS else "rank")
    if sort == "party_score":
        assert data.table["branch"].tolist() == ["一支部", "四支部", "六支部", "二支部", "五支部", "三支部"]


def test_a_committee_filter_keeps_the_ranks(views_db):
    data = ranking.build(views_db, selection(committees=[JIA]))
    assert data.table["branch"].tolist() == ["一支部", "二支部", "三支部"]
    assert data.table["rank"].tolist() == [1, 3, 5]
    assert data.shift.set_index("branch")["rank_left"].to_dict() == {"一支部": 1, "二支部": 5, "三支部": 1}
    assert data.counted == t("views.counted.some", "zh", committees=JIA)
    assert data.caption.endswith(data.counted) and "3" in data.caption


def test_a_scoped_user_sees_the_whole_periods_ranks(views_db):
    data = ranking.build(views_db, selection(scope=[YI]))
    assert data.table["branch"].tolist() == ["四支部", "五支部", "六支部"]
    assert data.table["rank"].tolist()[:2] == [2, 4]
    # the rank by B too is over every branch (was over the user's own branches: 1 and 2)
    shift = data.shift.set_index("branch")
    assert shift["rank_left"].to_dict() == {"四支部": 4, "五支部": 3}
    assert shift["rank_right"].to_dict() == {"四支部": 2, "五支部": 4}


def test_the_rank_shift_draws_the_best_ranked_when_there_are_many(views_db, monkeypatch):
    monkeypatch.setattr(ranking, "SHIFT_ROWS", 2)
    data = ranking.build(views_db, selection())
    assert data.shift["branch"].tolist() == ["一支部", "四支部"]
    assert (data.shift_shown, data.shift_total, data.limited) == (2, 5, True)
