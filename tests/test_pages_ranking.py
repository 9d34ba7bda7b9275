"""AppTests of the ranking page (issues 13, 16, 19): each row's main driver, the star quota's
moves, the rules in the caption, the sort from the link and back into it, header clicks that sort
through the link, and an export in exactly the order on screen — in both languages."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from assess.views import explain as explain_views
from assess.config import load_config
from assess.db import Database
from assess.i18n import t
from assess.views import ranking as views
from tests.test_pages import assert_ok, latest_quarter, texts

LANGS = ("zh", "en")


def shown(at) -> pd.DataFrame:
    return at.dataframe[0].value


def col(code: str, lang: str) -> str:
    return views.title(code, lang)


@pytest.fixture
def exports(monkeypatch):
    """Every file a download button of the next runs would serve, by file name: the lazy
    buttons' callables are kept as Streamlit registers them and called here, as a click would."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return made


@pytest.mark.parametrize("lang", LANGS)
def test_each_row_shows_its_main_driver(make_app, sample_db, lang):
    at = make_app(sample_db, "ranking", lang)
    assert_ok(at)
    table = shown(at)
    header = t("ui.col.driver", lang)
    assert header in table.columns
    with Database(sample_db) as db:
        drivers = explain_views.ranking_drivers(db, latest_quarter(sample_db), load_config(), lang, as_of=1)
    expected = {(c, b): d for c, b, d in zip(drivers["committee"], drivers["branch"], drivers["driver"])}
    got = {(c, b): d for c, b, d in zip(table[col("committee", lang)], table[col("branch", lang)], table[header])}
    assert got == expected
    assert sum(bool(d) for d in got.values()) > len(got) / 2  # the sample's quarters changed: most rows say why


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("sort, order", [("party_score", None), ("party_score", "asc"), ("committee", "desc"),
                                         ("composite", None)])
def test_the_sort_comes_from_the_link(make_app, sample_db, lang, sort, order):
    query = {"sort": sort} | ({"order": order} if order else {})
    at = make_app(sample_db, "ranking", lang, **query)
    assert_ok(at)
    assert at.selectbox(key="sort").value == sort
    descending = (order or ("desc" if sort in ("party_score", "composite") else "asc")) == "desc"
    assert order_picker(at).value == ("desc" if descending else "asc")
    values = shown(at)[col(sort, lang)].tolist()
    assert values == sorted(values, reverse=descending)
    assert not at.warning, [w.value for w in at.warning]  # sort and order are known parameters


def test_a_bad_sort_in_the_link_is_reported_and_the_rank_order_kept(make_app, sample_db):
    at = make_app(sample_db, "ranking", sort="nonsense")
    assert_ok(at)
    assert any("sort" in w.value and "nonsense" in w.value for w in at.warning)
    ranks = shown(at)[col("rank", "zh")].dropna().astype(int).tolist()
    assert ranks == sorted(ranks)
    assert "sort" not in at.query_params


def test_choosing_a_sort_writes_it_into_the_link(make_app, sample_db):
    at = make_app(sample_db, "ranking")
    at.selectbox(key="sort").select("business_score").run()
    assert_ok(at)
    assert at.query_params.get("sort") == "business_score" and "order" not in at.query_params
    values = shown(at)[col("business_score", "zh")].dropna().tolist()
    assert values == sorted(values, reverse=True)
    order_picker(at).set_value("asc").run()
    assert_ok(at)
    assert at.query_params.get("order") == "asc"
    values = shown(at)[col("business_score", "zh")].dropna().tolist()
    assert values == sorted(values)
    at.selectbox(key="sort").select("rank").run()  # back to the default: nothing in the link
    assert "sort" not in at.query_params and "order" not in at.query_params


def test_a_header_click_sorts_through_the_link(make_app, sample_db):
    at = make_app(sample_db, "ranking", "en")
    header = col("composite", "en")
    at.session_state[views_key(at)] = {"selection": {"rows": [], "columns": [header], "cells": []}}
    at.run()
    assert_ok(at)
    assert at.query_params.get("sort") == "composite"
    assert at.selectbox(key="sort").value == "composite"
    values = shown(at)[header].dropna().tolist()
    assert values == sorted(values, reverse=True)
    # the same header again: the other way round
    at.session_state[views_key(at)] = {"selection": {"rows": [], "columns": [header], "cells": []}}
    at.run()
    assert at.query_params.get("order") == "asc"
    values = shown(at)[header].dropna().tolist()
    assert values == sorted(values)


def order_picker(at):
    return at.button_group(key="order")


def views_key(at) -> str:
    """The table's key this run (a header click gives the next run a new table)."""
    clicks = at.session_state["_ranking_header_clicks"] if "_ranking_header_clicks" in at.session_state else 0
    return f"ranking_table_{clicks}" if clicks else "ranking_table"


@pytest.mark.parametrize("lang", LANGS)
def test_the_export_has_the_order_on_screen(make_app, sample_db, exports, lang):
    at = make_app(sample_db, "ranking", lang, sort="party_score", order="asc")
    assert_ok(at)
    table = shown(at)
    names = [n for n in exports if n.startswith("ranking_")]
    xlsx = next(exports[n] for n in names if n.endswith(".xlsx"))()
    csv = next(exports[n] for n in names if n.endswith(".csv"))()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(table.columns)
    branch = list(table.columns).index(col("branch", lang))
    assert [r[branch] for r in rows[1:]] == table[col("branch", lang)].tolist()
    from_csv = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert from_csv[col("branch", lang)].tolist() == table[col("branch", lang)].tolist()
    p = table[col("party_score", lang)].dropna().tolist()
    assert p == sorted(p) and len(set(p)) > 1


# ---------------------------------------------------------------- the organisation's own rules

RULES_2025 = """
[rules.2025.method]
name = "tiered"

[rules.2025.scoring]
star_quota = [[5, 0.1], [4, 0.4]]
"""


@pytest.mark.parametrize("lang", LANGS)
def test_the_star_quota_and_the_years_rules_show(make_app, sample_db, tmp_path, monkeypatch, lang):
    from assess import scoring
    from assess.rules import rules_used

    path = tmp_path / "assess.toml"
    path.write_text(RULES_2025, encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(path))
    config = load_config(path)
    period = latest_quarter(sample_db)
    assert period.startswith("2025")
    at = make_app(sample_db, "ranking", lang)
    assert_ok(at)
    table = shown(at)
    with Database(sample_db) as db:
        engine = scoring.branch_scores(db, period, config, as_of=1)
    moved = engine[engine["stars"] != engine["stars_before_quota"]]
    assert len(moved) >= 2  # the quota binds on the sample
    expected = {(c, b): "" for c, b in zip(engine["committee"], engine["branch"])}
    expected |= {(c, b): t("ranking.quota_moved", lang, before=int(s0), after=int(s1))
                 for c, b, s0, s1 in zip(moved["committee"], moved["branch"], moved["stars_before_quota"], moved["stars"])}
    got = dict(zip(zip(table[col("committee", lang)], table[col("branch", lang)]), table[col("quota_moved", lang)]))
    assert got == expected
    stars = list(table.columns).index(col("stars", lang))
    assert list(table.columns)[stars + 1] == col("quota_moved", lang)
    caption = texts(at)
    assert rules_used(config, period).label(lang) in caption
    assert t("ranking.quota_note", lang, n=len(moved)) in caption
    # without the year's rules: no quota column, no rules line
    monkeypatch.delenv("ASSESS_CONFIG")
    plain = make_app(sample_db, "ranking", lang)
    assert col("quota_moved", lang) not in shown(plain).columns
    assert rules_used(config, period).label(lang) not in texts(plain)
    # the header says the default rules on every view; the table's caption adds no rules sentence
    assert t("ranking.rules", lang, rules=rules_used(load_config(), period).label(lang)) not in texts(plain)


@pytest.fixture(scope="module")
def evaluated_db(tmp_path_factory, sample_files):
    """The sample data (v1) and a 2025 year-end evaluation of every branch but the last (v2):
    E = 70 + the branch's position (0, 1, …)."""
    from assess import scoring, store
    from tests.conftest import ingest_files
    from tests.test_evaluation import book, read

    path = tmp_path_factory.mktemp("evaluated") / "evaluated.duckdb"
    ingest_files(path, sample_files)
    with Database(path) as db:
        branches = scoring.branch_scores(db, "2025", load_config(None)).sort_values(["committee", "branch"])
        rows = [(c, None if g != g or g is None else g, b, 2025, 70 + i)
                for i, (c, g, b) in enumerate(zip(branches["committee"], branches["general_branch"],
                                                  branches["branch"]))][:-1]
        result = read(book(rows), "2025群众评价.xlsx")
        assert result.ok, [p.render("en") for p in result.problems]
        store.ingest(db, [result], "组织部")
    return path, {(c, b): e for c, _, b, _, e in rows}, (branches["committee"].iloc[-1], branches["branch"].iloc[-1])


@pytest.mark.parametrize("lang", LANGS)
def test_a_year_with_evaluations_shows_the_mean_e_and_pending(make_app, evaluated_db, lang):
    path, given, missing = evaluated_db
    at = make_app(path, "ranking", lang, period="2025")
    assert_ok(at)
    table = shown(at)
    headers = list(table.columns)
    p = headers.index(col("party_score", lang))
    assert headers[p + 1:p + 4] == [col("party_quarter_mean", lang), col("evaluation", lang),
                                    col("evaluation_status", lang)]
    keys = list(zip(table[col("committee", lang)], table[col("branch", lang)]))
    e = dict(zip(keys, table[col("evaluation", lang)]))
    status = dict(zip(keys, table[col("evaluation_status", lang)]))
    assert {k: v for k, v in e.items() if k != missing} == pytest.approx(given)
    assert pd.isna(e[missing])
    assert status == {k: (t("rules.pending", lang) if k == missing else "") for k in keys}
    # P_year = 0.7 × the quarterly mean + 0.3 × E (the default weight), to the shown decimal
    mean = dict(zip(keys, table[col("party_quarter_mean", lang)]))
    party = dict(zip(keys, table[col("party_score", lang)]))
    for k in keys:
        want = mean[k] if k == missing else 0.7 * mean[k] + 0.3 * given[k]
        assert abs(party[k] - want) <= 0.1 + 1e-9, k
    # a quarter of the same data has none of these columns
    quarter = make_app(path, "ranking", lang)
    assert col("evaluation", lang) not in shown(quarter).columns
