"""AppTests of the ranking page (issues 13, 16, 19): each row's main driver, the star quota's
moves, the rules in the caption, the sort from the link and back into it, header clicks that sort
through the link, and an export in exactly the order on screen — in both languages."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from assess import explain_views
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
