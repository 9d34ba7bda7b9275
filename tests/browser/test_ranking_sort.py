"""The ranking's sort in a real browser (issue 13, SPEC §6): a link's ``sort`` is what the page
shows and stays in the address bar; the sort picker writes its choice there; a click on a
column header sorts through the link (the grid's own header sorting is off), a second click
the other way round."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from assess.i18n import t

from . import app

COMPOSITE_X = 250  # px from the grid's left edge: the third column's header (rank and branch before it)


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def column(page, title: str) -> list[float]:
    table = app.tables(page, 12)[0]
    at = table["header"].index(title)
    return [float(r[at]) for r in table["rows"] if r[at]]


def test_the_sort_lives_in_the_address_bar(server, page):
    p_title, c_title = t("ui.col.party_score", "zh"), t("ui.col.composite", "zh")
    app.open_url(page, f"{server.url}/ranking?sort=party_score")
    assert not app.exceptions(page)
    assert params(page).get("sort") == ["party_score"]
    assert app.selectbox_value(page, "sort") == p_title
    values = column(page, p_title)
    assert values == sorted(values, reverse=True) and len(set(values)) > 1

    app.choose(page, "sort", t("ui.col.business_score", "zh"))
    assert params(page).get("sort") == ["business_score"]
    values = column(page, t("ui.col.business_score", "zh"))
    assert values == sorted(values, reverse=True)

    grid = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    app.acting(page, lambda: page.mouse.click(box["x"] + COMPOSITE_X, box["y"] + 18))
    assert params(page).get("sort") == ["composite"] and "order" not in params(page)
    assert app.selectbox_value(page, "sort") == c_title
    values = column(page, c_title)
    assert values == sorted(values, reverse=True)

    box = grid.bounding_box()
    app.acting(page, lambda: page.mouse.click(box["x"] + COMPOSITE_X, box["y"] + 18))
    assert params(page).get("order") == ["asc"]
    values = column(page, c_title)
    assert values == sorted(values)
    assert not app.exceptions(page)
