"""SPEC §6 in a real browser: on every view, change the filters as a user does, take the link
from the copy-link box, open it in a brand-new browser context, and find the same page, the
same widget values and the same numbers.

"The same numbers" is read from what the page shows: the st.metric tiles, the first rows of
every table (the data grid draws on a canvas but keeps an accessible table in the DOM), the
data of every plotly chart as plotly.js holds it (``gd._fullData``: exactly what is drawn), the
chart titles (which must name the period and the method) and the main area's whole text.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit
from dataclasses import dataclass
from typing import Callable

import pytest

from assess.i18n import t

from . import app

COMMITTEES = ("市场营销党委", "机关党委", "生产运营党委", "科技研发党委")
NUMBER_KEYS = ("slope", "pivot", "kmin", "kmax", "vetok", "floor")


def method_label(code: str, lang: str = "zh") -> str:
    return t(f"ui.method.{code}", lang)


@dataclass(frozen=True)
class Case:
    """One view: where it lives, what a user changes there, and what the link must then say."""

    page: str  # url path ("" for the overview at /)
    title_key: str
    act: Callable  # (page) -> None: the user's changes
    expect: dict  # URL parameters the copied link must carry (lists for repeated ones)
    period_text: str  # how the chart titles name the period
    method: str


def _overview(page):
    app.choose(page, "period", "2025Q2")
    app.add_option(page, "committee", "机关党委")
    app.add_option(page, "committee", "生产运营党委")
    app.choose(page, "method", method_label("tiered"))


def _ranking(page):
    app.choose(page, "period", "2024Q4")
    app.add_option(page, "committee", "科技研发党委")
    app.add_option(page, "committee", "市场营销党委")
    app.choose(page, "method", method_label("linear"))
    app.open_parameters(page)
    app.set_number(page, "slope", 1.5)
    app.set_number(page, "pivot", 85)


def _integration(page):
    app.choose(page, "period", "2025")  # the annual view
    app.add_option(page, "committee", "机关党委")
    app.choose(page, "method", method_label("tiered"))
    app.open_parameters(page)
    app.set_text(page, "tiers", "95:1.1,85:1,60:0.9")
    app.set_number(page, "floor", 0.85)


def _trends(page):
    app.choose(page, "period", "2025Q3")
    app.add_option(page, "committee", "生产运营党委")
    picks = app.options_of(page, "branches")[1:3]  # the first option is "Select all"
    for pick in picks:
        app.add_option(page, "branches", pick)
    assert app.multiselect_values(page, "branches") == picks


def _profile(page):
    app.choose(page, "period", "2025Q1")
    app.choose(page, "method", method_label("linear"))
    app.open_parameters(page)
    app.set_number(page, "vetok", 0.7)
    options = app.options_of(page, "branch")
    pick = options[len(options) // 2]
    assert pick != app.selectbox_value(page, "branch")
    app.choose(page, "branch", pick)


def _indicators(page):
    app.choose(page, "period", "2024Q3")
    app.add_option(page, "committee", "科技研发党委")
    app.choose(page, "method", method_label("linear"))
    app.open_parameters(page)
    app.set_number(page, "kmax", 1.1)


def _method(page):
    app.choose(page, "period", "2025Q3")
    app.choose(page, "method", method_label("linear"))
    app.open_parameters(page)
    app.set_number(page, "slope", 2)
    app.set_number(page, "kmin", 0.7)
    app.set_number(page, "kmax", 1.25)


def _data(page):
    app.choose(page, "period", "2024Q2")
    app.add_option(page, "committee", "市场营销党委")
    app.choose(page, "method", method_label("tiered"))


CASES = {
    "overview": Case("", "overview", _overview,
                     {"period": ["2025Q2"], "committee": ["机关党委", "生产运营党委"],
                      "method": [method_label("tiered")]}, "2025Q2", "tiered"),
    "ranking": Case("ranking", "ranking", _ranking,
                    {"period": ["2024Q4"], "committee": ["科技研发党委", "市场营销党委"],
                     "method": [method_label("linear")], "slope": ["1.5"], "pivot": ["85"]}, "2024Q4", "linear"),
    "integration": Case("integration", "integration", _integration,
                        {"period": ["2025"], "committee": ["机关党委"], "method": [method_label("tiered")],
                         "tiers": ["95:1.1,85:1,60:0.9"], "floor": ["0.85"]},
                        t("ui.period.year", "zh", year="2025"), "tiered"),
    "trends": Case("trends", "trends", _trends, {"period": ["2025Q3"], "committee": ["生产运营党委"]},
                   "2025Q3", "ratio"),
    "profile": Case("profile", "profile", _profile,
                    {"period": ["2025Q1"], "method": [method_label("linear")], "vetok": ["0.7"]}, "2025Q1", "linear"),
    "indicators": Case("indicators", "indicators", _indicators,
                       {"period": ["2024Q3"], "committee": ["科技研发党委"], "method": [method_label("linear")],
                        "kmax": ["1.1"]}, "2024Q3", "linear"),
    "method": Case("method", "method", _method,
                   {"period": ["2025Q3"], "method": [method_label("linear")], "slope": ["2"], "kmin": ["0.7"],
                    "kmax": ["1.25"]}, "2025Q3", "linear"),
    "data": Case("data", "data", _data,
                 {"period": ["2024Q2"], "committee": ["市场营销党委"], "method": [method_label("tiered")]},
                 "2024Q2", "tiered"),
}


def snapshot(page) -> dict:
    """Everything a viewer sees that a link must reproduce."""
    widgets = {
        "period": app.selectbox_value(page, "period"),
        "committee": app.multiselect_values(page, "committee"),
        "method": app.selectbox_value(page, "method"),
        "lang": app.language(page),
    }
    for name in NUMBER_KEYS:
        if app.key(page, name).count():
            widgets[name] = app.number_value(page, name)
    if app.key(page, "tiers").count():
        widgets["tiers"] = app.text_value(page, "tiers")
    if app.key(page, "branch").count():
        widgets["branch"] = app.selectbox_value(page, "branch")
    if app.key(page, "branches").count():
        widgets["branches"] = app.multiselect_values(page, "branches")
    return {
        "path": app.path_of(page.url),
        "title": app.title(page),
        "widgets": widgets,
        "metrics": app.metrics(page),
        "tables": app.tables(page, 6, columns=8),  # those a desktop always draws
        "chart_titles": app.chart_titles(page),
        "charts": app.chart_data(page),
        "text": app.main_text(page),
    }


def _brief(value) -> str:
    return json.dumps(value, ensure_ascii=False)[:3000]


def params(url: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in app.query(url):
        out.setdefault(k, []).append(v)
    return out


@pytest.mark.parametrize("view", list(CASES))
def test_copied_link_reproduces_the_view(server, new_page, view):
    case = CASES[view]
    page = new_page()
    app.open_url(page, f"{server.url}/{case.page}")
    assert app.title(page) == t(f"ui.page.{case.title_key}", "zh")
    before = snapshot(page)
    case.act(page)
    assert not app.exceptions(page), server.log_tail()

    link = app.copied_link(page)
    got = params(link)
    for name, values in case.expect.items():
        assert got.get(name) == values, (name, link)
    assert urlsplit(link).path == f"/{case.page}" and link.startswith(server.url), link
    # the browser's own address bar says the same (bound widgets keep it in sync)
    assert params(page.url) == got, (page.url, link)
    shown = snapshot(page)
    assert shown != before, "the user's changes changed nothing on the page"

    # every chart names its period and method
    assert shown["chart_titles"] or view == "data", "no chart titles read"
    for title in shown["chart_titles"]:
        assert method_label(case.method) in title, title
        if view != "method":  # the K curve is about P, not a period; it still names it
            assert case.period_text in title, title

    # another person opens the link in a fresh browser
    other = new_page()
    app.open_url(other, link)
    assert not app.exceptions(other), server.log_tail()
    opened = snapshot(other)
    for part in ("path", "title", "widgets", "metrics", "tables", "chart_titles", "charts", "text"):
        assert opened[part] == shown[part], f"{part}:\n{_brief(shown[part])}\n!=\n{_brief(opened[part])}"
    assert "忽略了" not in app.alerts(other), "a copied link must not contain anything ignored"
    assert params(app.copied_link(other)) == got, "the opened view's own link is the same link"
