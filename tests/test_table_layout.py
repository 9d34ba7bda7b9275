"""assess.table_layout: each view's table leads with what names a row and its key figures, so a
phone 390 px wide shows them before it scrolls sideways; alert tables show their change first."""

from __future__ import annotations

import pandas as pd
import pytest

from assess import table_layout
from assess.views import display
from assess.views.profile import HISTORY_COLUMNS
from assess.views.ranking import RANKING_COLUMNS
from assess.i18n import TEXTS, t


@pytest.mark.parametrize("table, columns, expected", [
    ("ranking_table", RANKING_COLUMNS,
     ["rank", "branch", "composite", "delta_rank", "stars", "driver", "grade", "party_score", "business_score",
      "coefficient", "quadrant", "veto_reason", "committee"]),
    # views.largest_drops: committee, branch, composite, previous_composite, delta_composite, delta_rank
    ("drops", ["committee", "branch", "composite", "previous_composite", "delta_composite", "delta_rank"],
     ["branch", "delta_composite", "composite", "previous_composite", "delta_rank", "committee"]),
    ("vetoes", ["committee", "branch", "veto_reason"], ["branch", "veto_reason", "committee"]),
    ("two_skins", ["branch", "quadrant", "party_score", "business_score", "gap", "committee"],
     ["branch", "gap", "party_score", "business_score", "quadrant", "committee"]),
    ("history_table", HISTORY_COLUMNS,
     ["period", "composite", "rank", "stars", "party_score", "business_score", "coefficient", "committee_rank",
      "grade", "veto_reason"]),
    ("indicator_table", ["category", "dimension", "indicator", "full_mark", "rate"],
     ["indicator", "rate", "full_mark", "dimension", "category"]),
    ("weakest_table", ["indicator", "category", "dimension", "rate", "branches"],
     ["indicator", "rate", "category", "dimension", "branches"]),
])
def test_each_table_leads_with_its_name_and_key_figures(table, columns, expected):
    assert table_layout.order(columns, table) == expected


def test_an_unknown_column_keeps_its_place_after_the_known_ones_and_a_missing_one_is_skipped():
    assert table_layout.order(["committee", "note", "branch", "veto_reason"], "vetoes") == [
        "branch", "veto_reason", "committee", "note"]
    assert table_layout.order(["committee", "branch"], "drops") == ["branch", "committee"]


def test_a_table_without_a_layout_leads_with_the_branch_and_ends_with_the_committee():
    assert table_layout.order(["committee", "branch", "party_score", "stars", "composite", "note"]) == [
        "branch", "composite", "stars", "party_score", "note", "committee"]
    assert table_layout.order(["version", "user_name", "action"], "versions") == ["version", "user_name", "action"]


def test_arrange_keeps_the_rows_and_values():
    drops = pd.DataFrame({"committee": ["甲党委"], "branch": ["一支部"], "composite": [70.5],
                          "previous_composite": [80.0], "delta_composite": [-9.5], "delta_rank": [-4]})
    out = table_layout.arrange(drops, "drops")
    assert list(out.columns)[:2] == ["branch", "delta_composite"]
    assert out.iloc[0].to_dict() == drops.iloc[0].to_dict()
    shown = display.display_table(out, "zh")  # then translated, in that order
    assert list(shown.columns)[:3] == ["支部", t("ui.col.delta_composite", "zh"), t("ui.col.composite", "zh")]


def test_pinned_names_are_translated_and_only_of_present_columns():
    assert table_layout.pinned("ranking_table", "zh") == (t("ui.col.rank", "zh"), "支部")
    assert table_layout.pinned("drops", "en") == (t("ui.col.branch", "en"),)
    assert table_layout.pinned("history_table", "zh", columns=["composite"]) == ()
    assert table_layout.pinned("versions", "zh") == ()


def test_every_laid_out_column_has_a_column_name():
    for table, columns in table_layout.ORDERS.items():
        assert set(table_layout.PINNED[table]) <= set(columns), table
        for col in columns:
            assert f"ui.col.{col}" in TEXTS, (table, col)
