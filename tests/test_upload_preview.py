"""The upload page's pure helpers (assess.upload) and the store's answer for a file already
stored: the preview leads with what changes, the version picker's labels, who a version was
recorded by (issue 13, SPEC §4 "Versions")."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from assess import access, store, upload
from assess.auth import User
from assess.db import Database
from store_builders import make_result

PREVIEW = pd.DataFrame([
    ("2025Q3", "机关党委", "一支部", "party", "unchanged", ""),
    ("2025Q3", "机关党委", "二支部", "party", "changed", "组织设置 6 → 7"),
    ("2025Q3", "机关党委", "一支部", "business", "new", ""),
    ("2025Q3", "生产党委", "甲支部", "party", "new_branch", ""),
    ("2025Q2", "机关党委", "三支部", "party", "changed", "三会一课 10 → 12"),
    ("2025Q2", "机关党委", "一支部", "party", "unchanged", ""),
], columns=["quarter", "committee", "branch", "category", "status", "detail"])


def test_the_preview_leads_with_new_branches_then_new_then_changed_cells():
    ordered = upload.preview_ordered(PREVIEW)
    assert list(zip(ordered.status, ordered.quarter, ordered.branch)) == [
        ("new_branch", "2025Q3", "甲支部"), ("new", "2025Q3", "一支部"),
        ("changed", "2025Q2", "三支部"), ("changed", "2025Q3", "二支部"),
        ("unchanged", "2025Q2", "一支部"), ("unchanged", "2025Q3", "一支部")]
    assert list(ordered.index) == list(range(6))
    assert len(PREVIEW) == 6 and PREVIEW.status.iat[0] == "unchanged"  # the input is left as it was


def test_changes_only_leaves_the_unchanged_cells_out():
    only = upload.preview_ordered(PREVIEW, changes_only=True)
    assert list(only.status) == ["new_branch", "new", "changed", "changed"]
    assert upload.change_counts(PREVIEW) == {"new_branch": 1, "new": 1, "changed": 2, "unchanged": 2}
    assert upload.preview_ordered(PREVIEW.iloc[[0, 5]], changes_only=True).empty


HISTORY = pd.DataFrame([
    {"version": 6, "created_at": datetime(2025, 12, 2, 9, 5, 59), "user_name": "本机",
     "action": "rollback", "restored_version": 4, "file_names": None},
    {"version": 5, "created_at": datetime(2025, 12, 1, 10, 32, 10), "user_name": "zhang",
     "action": "upload", "restored_version": None, "file_names": ["2025Q4党建.xlsx"]},
    {"version": 4, "created_at": datetime(2025, 11, 3, 8, 0), "user_name": "dashboard",
     "action": "upload", "restored_version": None, "file_names": ["党建.xlsx", "业务.xlsx", "补.xlsx"]},
])


def test_version_labels_give_time_and_file_in_both_languages():
    zh, en = upload.version_labels(HISTORY, "zh"), upload.version_labels(HISTORY, "en")
    assert list(zh) == [6, 5, 4]
    assert zh[5] == "v5 · 2025-12-01 10:32 · 2025Q4党建.xlsx"
    assert en[5] == "v5 · 2025-12-01 10:32 · 2025Q4党建.xlsx"
    assert zh[6] == "v6 · 2025-12-02 09:05 · 回退到 v4 （最新）"
    assert en[6] == "v6 · 2025-12-02 09:05 · rolled back to v4 (latest)"
    assert zh[4] == "v4 · 2025-11-03 08:00 · 党建.xlsx 等 3 个文件"
    assert en[4] == "v4 · 2025-11-03 08:00 · 党建.xlsx +2 more"
    assert upload.version_labels(HISTORY.iloc[0:0], "zh") == {}


def test_the_local_user_is_recorded_as_this_computer_and_shown_in_the_ui_language():
    local = User(name="", role="admin")
    assert access.user_name(local) == "本机"
    assert access.user_name(User(name="zhang", role="uploader")) == "zhang"
    assert [upload.recorder_label(n, "en") for n in HISTORY.user_name] == ["this computer", "zhang",
                                                                         "this computer"]
    assert upload.recorder_label("本机", "zh") == "本机"


def test_a_file_already_stored_names_its_version_before_any_commit(tmp_path):
    with Database(tmp_path / "s.duckdb") as db:
        first = make_result("a.xlsx", "2025Q1", {("党委A", "一支部", "party"): {"x": 5}})
        store.ingest(db, [make_result("z.xlsx", "2025Q1", {("党委A", "二支部", "party"): {"x": 1}})], "u")
        assert store.already_stored(db, [first]) == {}
        assert store.ingest(db, [first], access.user_name(User(name=""))).version == 2
        again = make_result("renamed.xlsx", "2025Q1", {("党委A", "一支部", "party"): {"x": 5}},
                            content=first.content)
        other = make_result("b.xlsx", "2025Q2", {("党委A", "一支部", "party"): {"x": 6}})
        assert store.already_stored(db, [again, other]) == {"renamed.xlsx": 2}
        assert store.latest_version(db) == 2  # asking wrote nothing
        assert store.versions(db).set_index("version").at[2, "user_name"] == "本机"
        labels = upload.version_labels(store.versions(db), "en")
        assert labels[2].startswith("v2 · ") and labels[2].endswith(" · a.xlsx (latest)")


# --- the quarter picker for a workbook naming none, and the dimensions in the preview ---

def test_a_workbook_naming_no_quarter_asks_for_one_and_reads_with_the_choice():
    from assess.workbook import read_workbook
    from tests.builders import SheetSpec, build_workbook

    content = build_workbook([SheetSpec(quarter_in=None, title=None)])
    bare = read_workbook(content, "党建考核表.xlsx")
    named = read_workbook(build_workbook([SheetSpec()]), "党建考核表.xlsx")
    assert upload.needs_quarter([bare, named]) == ["党建考核表.xlsx"] and named.ok
    chosen = read_workbook(content, "党建考核表.xlsx", quarter_hint="2025Q2")
    assert chosen.ok and chosen.quarters == ["2025Q2"] and upload.needs_quarter([chosen]) == []


def test_quarter_options_offer_recent_quarters_and_preselect_the_one_after_the_stored():
    options, default = upload.quarter_options(date(2025, 11, 20), ["2025Q1", "2025Q2"])
    assert options == ["2025Q4", "2025Q3", "2025Q2", "2025Q1", "2024Q4", "2024Q3", "2024Q2", "2024Q1"]
    assert default == "2025Q3"
    assert upload.quarter_options(date(2026, 1, 5), [])[1] == "2025Q4"  # nothing stored: last quarter
    options, default = upload.quarter_options(date(2026, 1, 5), ["2026Q2", "2019Q1"])
    assert options[:2] == ["2026Q2", "2026Q1"] and default == "2025Q4"


def test_the_preview_lists_the_dimension_used_inherited_ones_first():
    from assess.workbook import read_workbook
    from tests.builders import Indicator, SheetSpec, build_workbook

    own = [Indicator("组织设置", 8, "party", "组织建设"), Indicator("支部自评", 10, "party")]
    result = read_workbook(build_workbook([SheetSpec(indicators=own)]), "2025Q3.xlsx")
    bare = read_workbook(build_workbook([SheetSpec(group_rows=(), indicators=own)]), "2025Q3b.xlsx")
    assert result.ok and bare.ok
    table = upload.dimensions_used([result, bare], "en")
    # what the workbook does not state first (file by file), then what it states
    assert table.to_dict("records") == [
        {"file": "2025Q3.xlsx", "category": "Party building", "indicator": "支部自评",
         "dimension": "支部自评", "source": "none (its own dimension)"},
        {"file": "2025Q3b.xlsx", "category": "Party building", "indicator": "组织设置",
         "dimension": "基本组织", "source": "default catalog"},
        {"file": "2025Q3b.xlsx", "category": "Party building", "indicator": "支部自评",
         "dimension": "支部自评", "source": "none (its own dimension)"},
        {"file": "2025Q3.xlsx", "category": "Party building", "indicator": "组织设置",
         "dimension": "组织建设", "source": "stated in the workbook"},
    ]
    assert upload.dimensions_used([], "zh").empty
