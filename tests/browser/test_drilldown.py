"""The two drill-downs only a browser can do (SPEC §5): a click on a row of the ranking table and a
click on a dot of the P–B scatter open the profile of *that* branch, in the URL
(``/profile?branch=committee/branch``) and on screen (its name, its scores), keeping the period.

The ranking table is a glide-data-grid drawn on a canvas: a row is selected by clicking its
row-marker (checkbox) cell at coordinates computed from the grid's geometry, and the row's values
are read from the grid's accessible table. The scatter is plotly SVG, whose drag layer takes the
clicks: the dot is clicked by coordinates, after hovering it shows the label naming its branch.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from assess.i18n import t
from assess.links import branch_key

from . import app

ROW_HEIGHT = 35  # px: Streamlit's default dataframe row height
MARKER_X = 15  # px from the grid's left edge: the middle of the row-marker (checkbox) column


def profile_default(page: Page, base: str) -> str:
    """The branch the profile shows without a ``branch`` parameter (the first option of its
    bound picker). A drill-down to that branch leaves no ``branch`` in the URL (a bound widget at
    its default is not written there), so the tests drill down to another one."""
    app.open_url(page, f"{base}/profile")
    return app.selectbox_value(page, "branch")


def shown_profile(page: Page) -> dict:
    """What the profile page shows: path, URL query, title, subheader, picker value, metric tiles."""
    return {"path": app.path_of(page.url), "query": dict(app.query(page.url)), "title": app.title(page),
            "subheader": page.locator('[data-testid="stMain"] h3').first.inner_text().strip(),
            "picker": app.selectbox_value(page, "branch"), "metrics": app.metrics(page)}


def assert_profile_of(shown: dict, committee: str, branch: str, period: str, clicked) -> None:
    """``shown`` (see :func:`shown_profile`) is the profile page of (committee, branch) for
    ``period``: path and title, ``branch`` and ``period`` in the URL, subheader and picker."""
    assert shown["path"] == "profile" and shown["title"] == t("ui.page.profile", "zh"), shown
    assert shown["query"].get("branch") == branch_key(committee, branch), (clicked, shown)
    assert shown["query"].get("period") == period, shown
    assert shown["subheader"] == f"{branch} · {committee}", (clicked, shown)
    assert shown["picker"] == branch_key(committee, branch), (clicked, shown)


def select_ranking_row(page: Page, index: int) -> None:
    """Click the row-marker cell of row ``index`` (0 = first data row) of the ranking grid, as a
    user ticks a row; waits for the runs the selection triggers (the switch to the profile)."""
    frame = app.key(page, "ranking_table")
    canvas = frame.locator('canvas[data-testid="data-grid-canvas"]')
    header = frame.locator("canvas").nth(1)  # glide draws the header on a canvas of its own
    expect(canvas).to_be_visible()
    grid, head = canvas.bounding_box(), header.bounding_box()
    assert grid and head and head["height"] > 0, (grid, head)
    y = grid["y"] + head["height"] + ROW_HEIGHT * index + ROW_HEIGHT / 2
    assert y < grid["y"] + grid["height"] - ROW_HEIGHT / 2, "the row is not in view"
    app.acting(page, lambda: page.mouse.click(grid["x"] + MARKER_X, y))


def test_ranking_row_opens_its_profile(server, new_page):
    """Ticking a row of the ranking table (period 2025Q2) opens the profile of that row's branch:
    /profile with ``branch=committee/branch`` and the period in the URL, the branch's name as
    the subheader, the picker on it, and the same P, B, C and rank as the row."""
    page = new_page(viewport={"width": 3200, "height": 1000})  # every column of the table drawn: the committee is last
    default = profile_default(page, server.url)
    app.open_url(page, f"{server.url}/ranking")
    app.choose(page, "period", "2025Q2")
    assert ("period", "2025Q2") in app.query(page.url)
    header = app.tables(page, 0)[0]["header"]
    col = {name: header.index(t(f"ui.col.{name}", "zh"))
           for name in ("rank", "branch", "committee", "party_score", "business_score", "composite")}
    rows = app.table_rows(page, "ranking_table", 8)
    # a row in the middle of the first screen, not the picker's default branch (see profile_default)
    index = next(i for i in (4, 5, 6) if branch_key(rows[i][col["committee"]], rows[i][col["branch"]]) != default)
    row = rows[index]
    committee, branch = row[col["committee"]], row[col["branch"]]
    assert sum(branch_key(r[col["committee"]], r[col["branch"]]) == branch_key(committee, branch) for r in rows) == 1

    select_ranking_row(page, index)
    expect(page).to_have_url(re.compile(r"/profile\?"))
    shown = shown_profile(page)
    assert not app.exceptions(page), app.exceptions(page)
    assert_profile_of(shown, committee, branch, "2025Q2", row)
    metrics = shown["metrics"]
    for name in ("party_score", "business_score", "composite"):
        assert float(metrics[t(f"ui.col.{name}", "zh")]) == float(row[col[name]]), (name, row, metrics)
    assert metrics[t("explain.profile.rank_org", "zh")].split(" / ")[0] == row[col["rank"]], (row, metrics)


# Every dot of the scatter: its centre on screen, and the (committee, branch) of its customdata.
_DOTS = """() => {
  const gd = document.querySelector('.st-key-scatter .js-plotly-plot');
  const dots = [];
  for (const trace of gd.querySelectorAll('.scatterlayer .trace')) {
    const data = trace.__data__ && trace.__data__[0] && trace.__data__[0].trace;
    for (const dot of trace.querySelectorAll('.points path.point')) {
      const box = dot.getBoundingClientRect();
      if (!box.width || !data || !data.customdata) continue;
      dots.push({x: box.x + box.width / 2, y: box.y + box.height / 2,
                 custom: Array.from(data.customdata[dot.__data__.i]).map(String)});
    }
  }
  return dots;
}"""

_HOVER = "h => [...h.querySelectorAll('tspan.line')].map(line => line.textContent.trim())"  # the label's lines


def test_scatter_dot_opens_its_profile(server, page):
    """Clicking a dot of the P–B scatter (period 2025Q3) opens the profile of that dot's branch:
    the hover label over the dot names the branch of its customdata, and after the click the URL
    is /profile with that ``branch`` and the period, and the page shows that branch with the
    P and B of the label."""
    default = profile_default(page, server.url)
    app.open_url(page, f"{server.url}/integration?period=2025Q3")
    dots = page.evaluate(_DOTS)
    assert len(dots) > 2, dots

    def room(dot):  # distance to the nearest other dot: the click must not be ambiguous
        return min(((dot["x"] - o["x"]) ** 2 + (dot["y"] - o["y"]) ** 2) ** 0.5 for o in dots if o is not dot)

    target = max((d for d in dots if branch_key(*d["custom"][:2]) != default), key=room)
    committee, branch = target["custom"][:2]
    assert room(target) > 12, f"no dot stands apart from the others: {target}"

    page.mouse.move(target["x"], target["y"])
    label = page.locator(".st-key-scatter .hoverlayer .hovertext").first
    expect(label).to_be_visible()
    lines = label.evaluate(_HOVER)
    assert lines[:2] == [branch, committee], (lines, target)
    scores = re.fullmatch(r"P ([\d.]+) · B ([\d.]+)", lines[2])
    assert scores, lines

    app.acting(page, lambda: page.mouse.click(target["x"], target["y"]))
    expect(page).to_have_url(re.compile(r"/profile\?"))
    shown = shown_profile(page)
    assert not app.exceptions(page), app.exceptions(page)
    assert_profile_of(shown, committee, branch, "2025Q3", target)
    metrics = shown["metrics"]
    assert metrics[t("ui.col.party_score", "zh")] == scores[1], (lines, metrics)
    assert metrics[t("ui.col.business_score", "zh")] == scores[2], (lines, metrics)
