"""What only a browser does with the URL state (SPEC §6): the back and forward buttons, a link
shared in English, and a phone-sized screen (no sideways overflow, the sidebar opens, the link
round trip works there too)."""

from __future__ import annotations

from assess.i18n import t

from . import app


def state(page) -> dict:
    return {"path": app.path_of(page.url), "title": app.title(page),
            "period": app.selectbox_value(page, "period"),
            "committee": app.multiselect_values(page, "committee"),
            "url": sorted(app.query(page.url)), "link": app.copied_link(page)}


def test_back_button_returns_to_the_previous_state(server, new_page):
    page = new_page(viewport={"width": 3200, "height": 1000})  # every column drawn: the committee is last
    app.open_url(page, f"{server.url}/ranking")
    app.choose(page, "period", "2025Q2")
    app.add_option(page, "committee", "机关党委")
    ranking = state(page)
    assert ("period", "2025Q2") in ranking["url"] and ("committee", "机关党委") in ranking["url"]
    first_rows = app.table_rows(page, "ranking_table", 5)
    assert first_rows and all("机关党委" in row for row in first_rows), first_rows

    app.go_to_page(page, t("ui.page.trends", "zh"))  # the sidebar navigation keeps the filters
    trends = state(page)
    assert trends["path"] == "trends" and trends["title"] == t("ui.page.trends", "zh")
    assert (trends["period"], trends["committee"]) == ("2025Q2", ["机关党委"])
    app.go_to_page(page, t("ui.page.method", "zh"))
    assert app.path_of(page.url) == "method"

    app.acting(page, page.go_back)
    assert state(page) == trends
    app.acting(page, page.go_back)
    assert state(page) == ranking
    assert app.table_rows(page, "ranking_table", 5) == first_rows
    app.acting(page, page.go_forward)
    assert state(page) == trends
    assert not app.exceptions(page)


def test_link_in_english_opens_in_english(server, new_page):
    page = new_page()
    app.open_url(page, f"{server.url}/integration")
    app.choose(page, "period", "2025Q3")
    app.add_option(page, "committee", "科技研发党委")
    app.choose(page, "method", t("ui.method.linear", "zh"))
    app.switch_language(page, "English")
    assert app.title(page) == t("ui.page.integration", "en")
    assert app.selectbox_value(page, "method") == t("ui.method.linear", "en"), "the method survives the switch"
    link = app.copied_link(page)
    assert ("lang", "English") in app.query(link), link
    shown = {"metrics": app.metrics(page), "charts": app.chart_data(page), "titles": app.chart_titles(page),
             "period": app.selectbox_value(page, "period"), "committee": app.multiselect_values(page, "committee")}
    assert any(t("ui.method.linear", "en") in title for title in shown["titles"]), shown["titles"]

    other = new_page()
    app.open_url(other, link)
    assert app.language(other) == "English"
    assert app.title(other) == t("ui.page.integration", "en")
    assert app.selectbox_value(other, "method") == t("ui.method.linear", "en")
    opened = {"metrics": app.metrics(other), "charts": app.chart_data(other), "titles": app.chart_titles(other),
              "period": app.selectbox_value(other, "period"), "committee": app.multiselect_values(other, "committee")}
    assert opened == shown
    # the sidebar speaks English too
    assert t("ui.sidebar.copy_link", "en") in other.locator('[data-testid="stSidebar"]').inner_text()

    # and back to Chinese: the same numbers under Chinese labels
    app.switch_language(other, "中文")
    assert app.title(other) == t("ui.page.integration", "zh")
    assert "lang" not in dict(app.query(app.copied_link(other)))
    assert list(app.metrics(other).values())[0] == list(shown["metrics"].values())[0]


OVERFLOW = """() => {
  const limit = window.innerWidth + 2;
  const wide = [...document.querySelectorAll(
      '[data-testid="stMain"] h1, [data-testid="stMetric"], [data-testid="stPlotlyChart"], '
      + '[data-testid="stDataFrame"], [data-testid="stAlert"], [data-testid="stMainBlockContainer"]')]
    .filter(e => e.getBoundingClientRect().right > limit)
    .map(e => e.dataset.testid || e.tagName);
  return {doc: document.scrollingElement.scrollWidth, main: document.querySelector('[data-testid="stMain"]').scrollWidth,
          wide};
}"""


def sidebar_open(page) -> bool:
    box = page.locator('[data-testid="stSidebar"]').bounding_box()
    return bool(box and box["width"] > 100 and box["x"] >= -1)


def test_phone_view_fits_and_shares(server, new_page):
    phone = dict(viewport=app.PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = new_page(**phone)
    app.open_url(page, f"{server.url}/?period=2025Q3")
    fit = page.evaluate(OVERFLOW)
    assert fit["doc"] <= app.PHONE["width"] + 2 and fit["main"] <= app.PHONE["width"] + 2, fit
    assert not fit["wide"], f"elements wider than the phone: {fit['wide']}"
    assert len(app.metrics(page)) == 6
    assert not sidebar_open(page), "on a phone the sidebar starts closed"

    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().x >= -1")
    assert sidebar_open(page)
    app.choose(page, "period", "2025Q1")
    app.add_option(page, "committee", "生产运营党委")
    link = app.copied_link(page)
    assert ("period", "2025Q1") in app.query(link) and ("committee", "生产运营党委") in app.query(link), link
    shown = {"metrics": app.metrics(page), "charts": app.chart_data(page)}

    other = new_page(**phone)
    app.open_url(other, link)
    assert app.selectbox_value(other, "period") == "2025Q1"
    assert app.multiselect_values(other, "committee") == ["生产运营党委"]
    assert {"metrics": app.metrics(other), "charts": app.chart_data(other)} == shown
    fit = other.evaluate(OVERFLOW)
    assert fit["doc"] <= app.PHONE["width"] + 2 and not fit["wide"], fit
    assert not app.exceptions(other)
