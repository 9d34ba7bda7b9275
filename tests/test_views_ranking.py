"""assess.views.ranking on the small store of tests/views_fixtures.py: the table of the branches
shown in the link's order, each row's main driver, the star quota's moves, a year's evaluation
columns, the rules in the caption, and the rank shift whose both ranks are the whole period's."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from assess import links, store
from assess.config import Config, Scoring, YearRules
from assess.db import Database
from assess.i18n import t
from assess.views import ranking
from assess.views.common import Selection
from tests.store_builders import make_result
from tests.views_fixtures import JIA, YI, selection, views_db  # noqa: F401


def test_the_table_in_rank_order(views_db):
    data = ranking.build(views_db, selection())
    assert list(data.table.columns) == ranking.RANKING_COLUMNS
    assert data.table["branch"].tolist() == ["一支部", "四支部", "二支部", "五支部", "三支部", "六支部"]
    assert data.table["composite"].tolist()[:3] == pytest.approx([93.1, 70.4, 68.0])
    assert data.table["delta_rank"].tolist()[:5] == [0, 0, 0, 0, 0]
    assert data.branch_at(1) == (YI, "四支部")
    assert (data.sort, data.descending, data.order) == ("rank", False, "asc")
    assert data.caption == t("ui.ranking.caption", "zh", context=selection().context(), n=6)
    # rank by B (95, 88, 80, 90, 95 → 1, 4, 5, 3, 1) against rank by C
    shift = data.shift.set_index("branch")
    assert shift["rank_left"].to_dict() == {"一支部": 1, "四支部": 4, "二支部": 5, "五支部": 3, "三支部": 1}
    assert shift["rank_right"].to_dict() == {"一支部": 1, "四支部": 2, "二支部": 3, "五支部": 4, "三支部": 5}
    assert (data.shift_shown, data.shift_total, data.limited) == (5, 5, False)


@pytest.mark.parametrize("lang, expected", [
    # ΔC of 一支部: ΔB·(K₀+K₁)/2 = 5 × 0.965 against ΔK·(B₀+B₁)/2 = 0.03 × 92.5 → B, its one indicator b +5
    ("zh", {"一支部": "业务(B)：b +5.0", "四支部": "党建(K)：否决事项", "二支部": "无变化",
            "五支部": "党建(K)：p −20.0", "三支部": "业务(B)：b +5.0", "六支部": ""}),
    ("en", {"一支部": "business (B): b +5.0", "四支部": "party (K): veto", "二支部": "no change",
            "五支部": "party (K): p −20.0", "三支部": "business (B): b +5.0", "六支部": ""}),
])
def test_each_row_carries_its_main_driver(views_db, lang, expected):
    data = ranking.build(views_db, selection(lang=lang))
    assert dict(zip(data.table["branch"], data.table["driver"])) == expected
    # the same words as the explanations' own list of drivers
    from assess.views.explain import ranking_drivers

    drivers = ranking_drivers(views_db, "2025Q2", Config(), lang, as_of=1)
    assert dict(zip(drivers["branch"], drivers["driver"])) == expected


@pytest.mark.parametrize("sort, order, branches", [
    ("party_score", None, ["一支部", "四支部", "六支部", "二支部", "五支部", "三支部"]),
    ("party_score", "asc", ["三支部", "五支部", "二支部", "六支部", "四支部", "一支部"]),
    ("business_score", None, ["一支部", "三支部", "五支部", "四支部", "二支部", "六支部"]),
    # 乙 (U+4E59) sorts before 甲 (U+7532); within a committee, by rank
    ("committee", None, ["四支部", "五支部", "六支部", "一支部", "二支部", "三支部"]),
    ("committee", "desc", ["一支部", "二支部", "三支部", "四支部", "五支部", "六支部"]),
    ("rank", "desc", ["三支部", "五支部", "二支部", "四支部", "一支部", "六支部"]),
    ("composite", None, ["一支部", "四支部", "二支部", "五支部", "三支部", "六支部"]),
])
def test_the_table_follows_the_links_sort_and_order(views_db, sort, order, branches):
    choices = links.ViewChoices(sort=sort, order=order)
    data = ranking.build(views_db, replace(selection(), choices=choices))
    assert data.table["branch"].tolist() == branches
    assert (data.sort, data.descending) == (sort, choices.descending)
    # given explicitly (the page's) it is the same
    assert ranking.build(views_db, selection(), choices).table["branch"].tolist() == branches


def test_without_choices_the_rank_order(views_db):
    assert ranking.choices_of(selection()) == links.ViewChoices()
    data = ranking.build(views_db, selection(), links.ViewChoices(sort="nonsense", order="desc"))
    assert (data.sort, data.descending) == ("rank", False)
    assert data.table["branch"].iloc[0] == "一支部"


def test_the_sort_rule_has_one_home():
    assert ranking.SORTS is links.RANKING_SORTS
    assert not hasattr(ranking, "SORT_DESCENDING")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_header_click_asks_for_a_sort(views_db, lang):
    data = ranking.build(views_db, selection(lang=lang))
    titles = {code: t(f"ui.col.{code}", lang) for code in links.RANKING_SORTS}
    assert data.sort_titles == {v: k for k, v in titles.items()}
    assert data.choices_after_click(titles["party_score"]) == links.ViewChoices(sort="party_score")
    assert data.choices_after_click(titles["rank"]) == links.ViewChoices(sort="rank", order="desc")  # again: flipped
    assert data.choices_after_click(t("ui.col.stars", lang)) is None  # not a sort column
    by_p = ranking.build(views_db, selection(lang=lang), links.ViewChoices(sort="party_score"))
    assert by_p.choices_after_click(titles["party_score"]) == links.ViewChoices(sort="party_score", order="asc")


@pytest.mark.parametrize("lang, mark", [("zh", "3★→2★"), ("en", "3★→2★")])
def test_the_star_quota_shows_whom_it_moved_and_from_where(views_db, lang, mark):
    # ≥3★ at most 20 % of the six branches with a P: floor(1.2) = 1, so only 一支部 (5★) keeps its
    # level; 二支部 (P 85) and 六支部 (P 88), 3★ by the thresholds, go down to 2★
    config = Config(scoring=Scoring(star_quota=((3, 0.2),)))
    data = ranking.build(views_db, selection(config=config, lang=lang))
    columns = list(data.table.columns)
    assert columns[columns.index("stars") + 1] == "quota_moved"
    rows = data.table.set_index("branch")
    assert rows["stars"].to_dict() == {"一支部": 5, "四支部": 0, "二支部": 2, "五支部": 2, "三支部": 1, "六支部": 2}
    assert rows["quota_moved"].to_dict() == {"一支部": "", "四支部": "", "二支部": mark, "五支部": "",
                                             "三支部": "", "六支部": mark}
    assert data.quota_moved == 2
    assert t("ranking.quota_note", lang, n=2) in data.caption
    # no quota configured: no such column
    assert "quota_moved" not in ranking.build(views_db, selection(lang=lang)).table.columns


def test_the_caption_names_rules_that_are_not_the_defaults(views_db):
    tiered = Config(rules=(YearRules("2025", method=(("name", "tiered"),)),))
    data = ranking.build(views_db, selection(config=tiered))
    label = "2025 年度正式规则（本年度专门规则，分档系数法）"
    assert data.rules == label
    assert t("ranking.rules", "zh", rules=label) in data.caption
    assert "分档系数法" in data.caption.split("　")[0]  # the context line names the method that scored it
    # tiered bands: P 98 → 1.05 (≥ 90), so 一支部's C is 95 × 1.05
    assert data.table["composite"].iloc[0] == pytest.approx(99.75)
    assert ranking.build(views_db, selection()).rules == ""
    en = ranking.build(views_db, selection(config=tiered, lang="en"))
    assert "official rules of 2025 (the year's own rules, Tiered coefficient)" in en.caption


A_PARTY, A_BUSINESS = ("一党委", "甲支部", "party"), ("一党委", "甲支部", "business")
B_PARTY, B_BUSINESS = ("一党委", "乙支部", "party"), ("一党委", "乙支部", "business")


@pytest.fixture
def evaluated(tmp_path: Path):
    """2025Q1 甲 P 80, 乙 P 70; 2025Q2 甲 90, 乙 80 (B 80 throughout): quarterly means 甲 85,
    乙 75; the year-end evaluation gives 甲 E 95 and 乙 none."""
    from tests.test_evaluation import evaluation

    with Database(tmp_path / "t.duckdb") as db:
        store.ingest(db, [make_result("q1.xlsx", "2025Q1", {
            A_PARTY: {"x": 8}, A_BUSINESS: {"利润": 8}, B_PARTY: {"x": 7}, B_BUSINESS: {"利润": 8}})], "u")
        store.ingest(db, [make_result("q2.xlsx", "2025Q2", {
            A_PARTY: {"x": 9}, A_BUSINESS: {"利润": 8}, B_PARTY: {"x": 8}, B_BUSINESS: {"利润": 8}})], "u")
        store.ingest(db, [evaluation({"甲支部": 95})], "组织部")
        yield db


def year_selection(period: str, lang: str = "zh") -> Selection:
    return Selection(lang=lang, period=period, as_of=3, latest=3, period_options=(period,),
                     all_committees=("一党委",), branch_keys=("一党委/甲支部", "一党委/乙支部"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_with_evaluations_shows_the_mean_e_and_pending(evaluated, lang):
    data = ranking.build(evaluated, year_selection("2025", lang))
    columns = list(data.table.columns)
    at = columns.index("party_score")
    assert columns[at + 1:at + 4] == ranking.EVALUATION_COLUMNS
    rows = data.table.set_index("branch")
    # 甲: P_year = 0.7 × 85 + 0.3 × 95 = 88; 乙 keeps its mean 75 and waits for its evaluation
    assert rows.loc["甲支部", ["party_quarter_mean", "evaluation", "party_score"]].tolist() == \
        pytest.approx([85.0, 95.0, 88.0])
    assert rows.loc["乙支部", "party_quarter_mean"] == pytest.approx(75.0)
    assert math.isnan(rows.loc["乙支部", "evaluation"])
    assert rows["evaluation_status"].to_dict() == {"甲支部": "", "乙支部": t("rules.pending", lang)}


def test_a_quarter_or_a_year_without_evaluations_has_no_such_columns(evaluated, views_db):
    assert "evaluation" not in ranking.build(evaluated, year_selection("2025Q2")).table.columns
    assert "evaluation" not in ranking.build(views_db, selection(period="2025")).table.columns


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
