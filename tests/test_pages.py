"""AppTests of the eight views (SPEC §5): each renders with the sample data and with an empty
database, in Chinese and English; the numbers shown are the scoring engine's; the upload flow.

Plotly charts are opaque to AppTest; what only a browser shows is covered by
``scripts/screenshots.py``.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from assess import scoring, store
from assess.config import Config, Method, load_config, with_method
from assess.db import Database
from assess.i18n import t
from assess.links import branch_key
from assess.safe import markdown as md
from tests.store_builders import damaged_store

PAGES = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data", "report")
LANGS = ("zh", "en")


def texts(at) -> str:
    """Every visible text of the run, joined (markdown, captions, alerts, titles, headers)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def latest_quarter(db_path) -> str:
    with Database(db_path) as db:
        p = scoring.periods(db)
    return sorted(p.loc[p["kind"] == "quarter", "period"])[-1]


def scores_of(db_path, period: str, config: Config) -> pd.DataFrame:
    with Database(db_path) as db:
        return scoring.branch_scores(db, period, config)


def assert_ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


# ---------------------------------------------------------------- every view renders

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_view_renders_with_sample_data(make_app, sample_db, page, lang):
    at = make_app(sample_db, page, lang)
    assert_ok(at)
    assert at.title[0].value == t(f"ui.page.{page}", lang)
    # the sidebar holds the shared filters and the copy-link box
    assert at.sidebar.selectbox(key="period").value == latest_quarter(sample_db)
    assert at.sidebar.multiselect(key="committee") is not None
    assert any("period=" in c.value for c in at.sidebar.code), "copy link shows the state"
    expected = {"overview": (6, 1), "ranking": (0, 1), "integration": (3, 1), "trends": (0, 0),
                "profile": (4, 2), "indicators": (0, 1), "method": (0, 0), "data": (0, 1), "report": (0, 0)}[page]
    assert len(at.metric) >= expected[0]
    assert len(at.dataframe) >= expected[1]
    assert t("ui.empty.message", lang) not in texts(at)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_view_renders_with_empty_database(make_app, empty_db, page, lang):
    at = make_app(empty_db, page, lang)
    assert_ok(at)
    assert at.title[0].value == t(f"ui.page.{page}", lang)
    if page not in ("method", "data"):
        assert t("ui.empty.message", lang) in texts(at)
        assert any("python -m assess sample" in c.value for c in at.code)
    assert len(at.metric) == 0 or page == "method"


# ---------------------------------------------------------------- the numbers are the engine's

def shown_ranking(at, lang="zh") -> pd.DataFrame:
    df = at.dataframe[0].value
    return df.rename(columns={t(f"ui.col.{c}", lang): c for c in
                              ("committee", "branch", "party_score", "business_score", "coefficient",
                               "composite", "rank", "grade")})


@pytest.mark.parametrize("method", ["ratio", "tiered", "linear"])
def test_ranking_shows_the_engines_numbers(make_app, sample_db, method):
    at = make_app(sample_db, "ranking", method=method)
    assert_ok(at)
    period = latest_quarter(sample_db)
    expected = scores_of(sample_db, period, with_method(load_config(), name=method))
    shown = shown_ranking(at)
    assert len(shown) == len(expected)
    merged = shown.merge(expected, on=["committee", "branch"], suffixes=("_shown", ""))
    assert len(merged) == len(expected)
    for col, digits in (("party_score", 1), ("business_score", 1), ("composite", 1), ("coefficient", 3)):
        a = merged[f"{col}_shown"].astype(float).to_numpy()
        b = merged[col].astype(float).round(digits).to_numpy()
        assert all((math.isnan(x) and math.isnan(y)) or abs(x - y) < 1e-9 for x, y in zip(a, b)), col
    assert (merged["rank_shown"].astype("Int64") == merged["rank"]).all()
    assert (merged["grade_shown"] == merged["grade"].map(lambda g: t(f"ui.grade.{g}", "zh"))).all()
    assert t(f"ui.method.{method}", "zh") in texts(at)  # the period · method line


def test_overview_tiles_are_the_engines_kpis(make_app, sample_db):
    at = make_app(sample_db, "overview")
    period = latest_quarter(sample_db)
    config = load_config()
    k = scoring.kpis(scores_of(sample_db, period, config), config)
    values = {m.label: m.value for m in at.metric}
    assert values[t("ui.kpi.branches", "zh")] == str(k["branches"])
    assert values[t("ui.kpi.party_mean", "zh")] == f"{k['party_mean']:.1f}"
    assert values[t("ui.kpi.composite_mean", "zh")] == f"{k['composite_mean']:.1f}"
    assert values[t("ui.kpi.solid_rate", "zh")] == f"{k['solid_rate'] * 100:.1f}%"
    assert values[t("ui.kpi.vetoes", "zh")] == str(k["vetoes"])


def test_committee_filter_chooses_rows_but_keeps_ranks(make_app, sample_db):
    period = latest_quarter(sample_db)
    expected = scores_of(sample_db, period, load_config())
    committee = sorted(expected["committee"].unique())[1]
    at = make_app(sample_db, "ranking", committee=[committee])
    shown = shown_ranking(at)
    mine = expected[expected["committee"] == committee]
    assert set(shown["branch"]) == set(mine["branch"])
    assert sorted(shown["rank"].astype(int)) == sorted(mine["rank"].astype(int))


def test_year_period_and_profile_link(make_app, sample_db):
    expected = scores_of(sample_db, "2025", load_config())
    row = expected.iloc[0]
    at = make_app(sample_db, "profile", period="2025", branch=branch_key(row["committee"], row["branch"]))
    assert_ok(at)
    assert at.selectbox(key="branch").value == branch_key(row["committee"], row["branch"])
    assert any(row["branch"] in s.value for s in at.subheader)
    assert {m.label: m.value for m in at.metric}[t("ui.col.composite", "zh")] == f"{row['composite']:.1f}"


def test_clicking_a_ranking_row_opens_its_profile(make_app, sample_db):
    at = make_app(sample_db, "ranking", method="tiered")
    branch = at.dataframe[0].value.iloc[2][t("ui.col.branch", "zh")]
    at.session_state["ranking_table"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert_ok(at)
    assert at.title[0].value == t("ui.page.profile", "zh")
    assert at.subheader[0].value.startswith(branch)
    assert at.sidebar.selectbox(key="method").value == t("ui.method.tiered", "zh"), "the state travels along"


def test_trends_for_chosen_branches(make_app, sample_db):
    expected = scores_of(sample_db, latest_quarter(sample_db), load_config())
    keys = [branch_key(c, b) for c, b in zip(expected["committee"][:2], expected["branch"][:2])]
    at = make_app(sample_db, "trends", branches=keys)
    assert_ok(at)
    assert at.multiselect(key="branches").value == keys
    assert any("branches=" in c.value for c in at.sidebar.code), "the copy link carries the branches"


def test_method_page_compares_with_the_default(make_app, sample_db):
    at = make_app(sample_db, "method", method="linear", slope="2")
    assert_ok(at)
    params = at.dataframe[0].value
    assert "2" in params.iloc[:, 1].tolist()  # slope now 2, default 1
    period = latest_quarter(sample_db)
    default = scores_of(sample_db, period, load_config())
    chosen = scores_of(sample_db, period, with_method(load_config(), name="linear", slope=2.0))
    both = default.merge(chosen, on=["committee", "branch"], suffixes=("_d", "_c"))
    moved = int((both["rank_d"] != both["rank_c"]).fillna(False).sum())
    assert t("ui.method.moved", "zh", moved=moved, n=len(both)) in texts(at)


# ---------------------------------------------------------------- links

def test_invalid_and_unknown_parameters_are_reported_not_fatal(make_app, sample_db):
    at = make_app(sample_db, "ranking", period="2099Q9", method="magic", bogus="1", slope="abc")
    assert_ok(at)
    warning = "\n".join(w.value for w in at.warning)
    assert "忽略了无效参数 period=2099Q9，已使用默认值" in warning
    assert "method=magic" in warning and "bogus" in warning and "slope=abc" in warning
    assert at.sidebar.selectbox(key="period").value == latest_quarter(sample_db)


@pytest.mark.parametrize("page", ["overview", "ranking", "profile", "trends", "method"])
def test_garbage_links_never_crash(make_app, sample_db, page):
    at = make_app(sample_db, page, period="'; DROP TABLE entries; --", committee=["\x00", "机关党委" * 50],
                  version="-1", branch="/", branches=["x" * 1000], method="", slope="1e309", tiers="::,",
                  url_lang="klingon", **{"": "empty", "%": "%%"})
    assert_ok(at)
    assert at.title[0].value == t(f"ui.page.{page}", "zh")
    assert at.warning, "what was ignored is said"


@pytest.mark.parametrize("lang_value, lang", [("en", "en"), ("English", "en"), ("zh", "zh")])
def test_language_aliases_in_links(make_app, sample_db, lang_value, lang):
    at = make_app(sample_db, "method", url_lang=lang_value)
    assert_ok(at)
    assert at.title[0].value == t("ui.page.method", lang)
    assert not at.warning


def test_method_code_in_link_selects_its_label(make_app, sample_db):
    at = make_app(sample_db, "method", method="tiered")
    assert_ok(at)
    assert at.sidebar.selectbox(key="method").value == t("ui.method.tiered", "zh")
    assert t("ui.method.tiered", "zh") in texts(at)


def test_language_switch_keeps_the_method(make_app, sample_db):
    at = make_app(sample_db, "ranking", method="linear")
    at.sidebar.segmented_control(key="lang").set_value("English").run()
    assert_ok(at)
    assert at.title[0].value == t("ui.page.ranking", "en")
    assert at.sidebar.selectbox(key="method").value == t("ui.method.linear", "en")


def test_pinned_version_shows_notice_and_way_back(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    files = sorted(sample_files)
    ingest_files(fresh_db, files[:2])
    ingest_files(fresh_db, files[2:4])
    at = make_app(fresh_db, "overview", version="1")
    assert_ok(at)
    assert any("第 1 版" in i.value for i in at.info)
    at.button(key="_to_latest").click().run()
    assert_ok(at)
    assert at.sidebar.selectbox(key="version").value == "2"


def test_a_broken_configuration_is_the_page_located_in_both_languages(make_app, sample_db, tmp_path, monkeypatch):
    config = tmp_path / "assess.toml"
    config.write_text("[scoring]\nbonus_cap = \"five\"\n", encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))
    at = make_app(sample_db, "ranking")
    assert not at.exception
    [error] = at.error
    # as text: the message carries file paths (safe.markdown escapes what Markdown acts on)
    assert md(f"{config} › scoring.bonus_cap: “bonus_cap”的值类型不对") in error.value
    assert md(f"{config} › scoring.bonus_cap: “bonus_cap” has the wrong kind of value") in error.value
    assert not at.dataframe and not at.sidebar.selectbox, "nothing else is drawn"


def test_a_file_that_is_not_a_database_is_explained(make_app, tmp_path):
    path = tmp_path / "assessment.duckdb"
    path.write_text("not a database\n", encoding="utf-8")
    at = make_app(path, "overview")
    assert not at.exception
    [error] = at.error
    assert md(f"数据库文件 {path} 无法读取") in error.value and md(f"the database file {path} cannot be read") in error.value
    assert "not a valid DuckDB database file" in error.value, "DuckDB's own words are kept"


def test_a_damaged_block_found_by_a_page_is_explained(make_app, sample_db, tmp_path):
    path = damaged_store(sample_db, tmp_path)
    at = make_app(path, "overview", period="2024Q1")
    for period in ("2024Q1", "2025Q4", "2024"):
        at.query_params["period"] = period
        at.run()
        assert not at.exception
        if at.error:
            break
    [error] = at.error
    assert md(f"数据库文件 {path} 无法读取") in error.value and "Corrupt database file" in error.value


# ---------------------------------------------------------------- upload

def test_bad_upload_lists_problems_and_stores_nothing(make_app, fresh_db):
    at = make_app(fresh_db, "data")
    assert_ok(at)
    at.file_uploader[0].upload("broken.xlsx", b"this is not a workbook", "application/octet-stream").run()
    assert_ok(at)
    assert any(t("ui.col.message", "zh") in df.value.columns for df in at.dataframe)
    assert at.error, "a visible error says nothing was stored"
    with Database(fresh_db) as db:
        assert store.latest_version(db) == 0


def test_a_refused_batch_is_cleared_in_one_click_before_the_corrected_file(make_app, fresh_db, sample_files):
    """A refused file stays in the uploader; added beside it, the corrected file would be read
    with it and refused again. The clear button empties the uploader."""
    at = make_app(fresh_db, "data")
    at.file_uploader[0].upload("broken.xlsx", b"this is not a workbook", "application/octet-stream").run()
    assert at.error and at.button(key="clear_upload").label == t("ui.data.clear", "zh")
    at.button(key="clear_upload").click().run()
    assert_ok(at)
    assert not at.error, "nothing chosen: no report"
    assert not any(t("ui.col.message", "zh") in df.value.columns for df in at.dataframe)
    assert not at.file_uploader[0].value
    first = sorted(sample_files)[0]
    at.file_uploader[0].upload(first.name, first.read_bytes(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert_ok(at)
    assert not at.error and at.button(key="commit"), "the corrected file alone is read: a preview"
    with Database(fresh_db) as db:
        assert store.latest_version(db) == 0


def test_good_upload_previews_then_commits_a_version(make_app, fresh_db, sample_files):
    at = make_app(fresh_db, "data")
    first = sorted(sample_files)[0]
    at.file_uploader[0].upload(first.name, first.read_bytes(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert_ok(at)
    labels = {m.label for m in at.metric}
    assert t("ui.status.new_branch", "zh") in labels
    assert at.button(key="commit")
    with Database(fresh_db) as db:
        assert store.latest_version(db) == 0, "nothing stored before the commit"
    at.button(key="commit").click().run()
    assert_ok(at)
    assert any("第 1 版" in s.value for s in at.success)
    # the same file again: nothing new, says which version has it
    at.file_uploader[0].upload(first.name, first.read_bytes(),
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert_ok(at)


# ---------------------------------------------------------------- view data (pure)

def test_export_escapes_formula_cells_and_keeps_the_table():
    import io

    from openpyxl import load_workbook

    from assess.views import display as views

    df = pd.DataFrame({"支部": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "普通支部"], "C": [1.0, 2.0, 3.0, 4.0, 5.0]})
    wb = load_workbook(io.BytesIO(views.to_xlsx(df, "排名")))
    ws = wb.active
    values = [ws.cell(row=r, column=1).value for r in range(2, 7)]
    assert values == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "普通支部"]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(2, 7))
    assert [ws.cell(row=r, column=2).value for r in range(2, 7)] == [1, 2, 3, 4, 5]
    csv = views.to_csv(df).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "普通支部" in csv


def test_display_table_formats_for_people():
    from assess.views import display as views

    df = pd.DataFrame({"branch": ["甲", "乙"], "composite": [87.26, float("nan")], "stars": pd.array([4, pd.NA], dtype="Int64"),
                       "grade": ["良好", None], "quadrant": ["双强", None], "delta_rank": pd.array([3, -2], dtype="Int64"),
                       "veto_reason": [None, "事故"]})
    zh = views.display_table(df, "zh")
    assert list(zh.columns) == [t(f"ui.col.{c}", "zh") for c in df.columns]
    row = zh.iloc[0].tolist()
    assert row[1] == 87.3 and row[2] == "★★★★☆" and row[3] == "良好" and row[5] == "↑3" and row[6] == ""
    assert zh.iloc[1, 3] == "待补充" and zh.iloc[1, 5] == "↓2"
    en = views.display_table(df, "en")
    assert en.iloc[0, 3] == "Good" and en.iloc[0, 4] == t("ui.quadrant.双强", "en")


def test_rank_shift_ranks_by_b_over_ranked_branches():
    from assess.views import ranking as views

    scores = pd.DataFrame({"committee": ["甲"] * 4, "branch": list("abcd"), "business_score": [90.0, 80.0, 85.0, 99.0],
                           "rank": pd.array([2, 1, 3, pd.NA], dtype="Int64")})
    shift = views.rank_shift(scores)
    assert shift.set_index("branch")["rank_left"].to_dict() == {"a": 1.0, "b": 3.0, "c": 2.0}
    assert shift.set_index("branch")["rank_right"].to_dict() == {"a": 2.0, "b": 1.0, "c": 3.0}


@pytest.mark.parametrize("by, first", [("rank", "b"), ("composite", "b"), ("delta_rank", "c"), ("committee", "a")])
def test_sort_ranking(by, first):
    from assess.views import ranking as views

    table = pd.DataFrame({"committee": ["乙", "丙", "甲"], "branch": list("abc"), "rank": pd.array([2, 1, 3], dtype="Int64"),
                          "composite": [80.0, 90.0, 70.0], "delta_rank": pd.array([0, pd.NA, 5], dtype="Int64"),
                          "party_score": [1.0, 2.0, 3.0], "business_score": [1.0, 2.0, 3.0]})
    assert views.sort_ranking(table, by)["branch"].iloc[0] == (first if by != "committee" else "b")


def test_committee_colours_are_stable_across_filters():
    from assess import charts

    everyone = charts.committee_colors(["乙党委", "甲党委", "丙党委"])
    assert everyone == charts.committee_colors(["丙党委", "甲党委", "乙党委"])
    assert len(set(everyone.values())) == 3


def test_rollback_needs_confirmation_and_creates_a_version(make_app, fresh_db, sample_files):
    from tests.conftest import ingest_files

    files = sorted(sample_files)
    ingest_files(fresh_db, files[:1])
    ingest_files(fresh_db, files[1:2])
    at = make_app(fresh_db, "data")
    assert_ok(at)
    assert at.button(key="rollback").disabled, "disabled until confirmed"
    at.selectbox(key="rollback_target").set_value(1)
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert_ok(at)
    assert any("第 3 版" in s.value for s in at.success)
    with Database(fresh_db) as db:
        assert store.latest_version(db) == 3


def test_upload_warns_of_a_new_branch_written_like_a_stored_one(make_app, fresh_db, tmp_path):
    from tests.builders import Row, SheetSpec, build_workbook
    from tests.conftest import ingest_files

    first = tmp_path / "2025Q3.xlsx"
    first.write_bytes(build_workbook([SheetSpec(quarter="2025Q3", rows=[Row("第一党委", "第1党支部")])]))
    ingest_files(fresh_db, [first])
    at = make_app(fresh_db, "data")
    second = build_workbook([SheetSpec(quarter="2025Q4", rows=[Row("第一党委", "第１党支部")])])
    at.file_uploader[0].upload("2025Q4.xlsx", second,
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    assert_ok(at)
    assert at.warning, "a visible warning says there are notes"
    shown = "".join(df.value.to_csv() for df in at.dataframe)
    assert "第１党支部" in shown and "已保存的“第1党支部”" in shown
    assert at.button(key="commit"), "a warning does not stop the upload"


def test_a_filtered_overview_counts_and_says_what_it_shows(make_app, sample_db):
    """SPEC §3: tiles and the quota count the branches of the chosen committee, and say so."""
    with Database(sample_db) as db:
        committee = sorted(set(scoring.branches(db)["committee"]))[0]
    at = make_app(sample_db, "overview", committee=[committee])
    assert_ok(at)
    config = load_config()
    scores = scores_of(sample_db, latest_quarter(sample_db), config)
    k = scoring.kpis(scores[scores["committee"] == committee], config)
    values = {m.label: m.value for m in at.metric}
    assert values[t("ui.kpi.branches", "zh")] == str(k["branches"])
    assert values[t("ui.kpi.party_mean", "zh")] == f"{k['party_mean']:.1f}"
    counted = t("views.counted.some", "zh", committees=committee)
    assert counted in texts(at)
    quota_shown = any(t("ui.overview.quota", "zh", share="", quota="")[:6] in w.value for w in at.warning)
    assert quota_shown is k["quota"]["exceeded"]
