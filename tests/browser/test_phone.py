"""A leader's phone (SPEC §5 "On a phone"), in Chromium at 390×844 with touch: a finger that
swipes over any chart scrolls the page and leaves the chart as it was; a tap still shows a
chart's values; no chart tool bar is shown; nothing makes the page wider than the screen; the
share control is in view on every page, and one tap copies the view's link — which its QR code
holds too. On a desktop the tool bar stays clear of the chart titles.

The swipes are touch events sent through the DevTools protocol (Playwright's touchscreen only
taps), on a context made as a phone makes its requests (``has_touch``, ``is_mobile``, a phone's
user agent). A chart's axis ranges are read from plotly.js (``gd._fullLayout``).
"""

from __future__ import annotations

import subprocess
from urllib.parse import urlsplit

import pytest

from . import app

PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")
CHART_VIEWS = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method")
VIEWS = CHART_VIEWS + ("data",)
SHARE = ".st-key-_share_link"

# Per visible chart of the main area: its axis ranges (cartesian and polar) as plotly.js holds them.
RANGES = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => gd.offsetParent).map(gd => {
    const L = gd._fullLayout, out = {};
    for (const k of Object.keys(L)) {
      if (/^[xy]axis\\d*$/.test(k) && L[k].range) out[k] = L[k].range.slice();
      if (/^polar\\d*$/.test(k)) out[k] = [L[k].radialaxis.range.slice(), L[k].angularaxis.rotation];
    }
    return JSON.stringify(out);
  })"""
SCROLLER = '[data-testid="stMain"]'  # Streamlit scrolls the page inside this element


def phone(new_page):
    return new_page(viewport=app.PHONE, has_touch=True, is_mobile=True, user_agent=PHONE_UA,
                    permissions=["clipboard-read", "clipboard-write"])


def view_url(server, name: str) -> str:
    return server.url + ("/" if name == "overview" else f"/{name}")


def open_view(page, server, name: str) -> None:
    app.open_url(page, view_url(server, name))
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]')]
        .filter(c => c.offsetParent).every(c => { const gd = c.querySelector('.js-plotly-plot'); return gd && gd._fullLayout; })""")


def scroll_top(page) -> float:
    return page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")


def swipe(page, cdp, x: float, y: float, dy: float, steps: int = 8) -> None:
    """A one-finger swipe from (x, y) moving ``dy`` pixels (negative: up, which scrolls down)."""
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y + dy * i / steps}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)


FINGER_AT = (0.04, 0.5, 0.96)  # across a chart's width: the y axis, the plot area, the right edge


def finger_point(page, index: int, across: float) -> tuple[float, float]:
    """Where to put a finger on chart ``index`` (visible charts of the main area) after centring
    it on the screen: at ``across`` of its width, in the middle of its visible height."""
    page.evaluate("""(i) => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
        .filter(gd => gd.offsetParent)[i].scrollIntoView({block: 'center'})""", index)
    page.wait_for_timeout(250)
    left, top, width, height = page.evaluate("""(i) => { const r = [...document.querySelectorAll(
        '[data-testid="stMain"] .js-plotly-plot')].filter(gd => gd.offsetParent)[i].getBoundingClientRect();
        return [r.left, r.top, r.width, r.height]; }""", index)
    return left + width * across, max(top, 0) + (min(top + height, app.PHONE["height"]) - max(top, 0)) / 2


def inside_chart(page, index: int, x: float, y: float) -> bool:
    """Whether (x, y) is on chart ``index`` and on the screen. (Not by elementFromPoint: parts of
    a chart let the finger through to the page on purpose.)"""
    return page.evaluate("""([i, x, y]) => { const r = [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
        .filter(gd => gd.offsetParent)[i].getBoundingClientRect();
        return x > r.left && x < r.right && y > r.top && y < r.bottom && y > 0 && y < window.innerHeight; }""",
                         [index, x, y])


@pytest.mark.parametrize("name", CHART_VIEWS)
def test_a_swipe_over_any_chart_scrolls_the_page_and_leaves_the_chart(server, new_page, name):
    page = phone(new_page)
    open_view(page, server, name)
    cdp = page.context.new_cdp_session(page)
    before = page.evaluate(RANGES)
    assert before, f"{name}: no chart drawn"
    for index in range(len(before)):
        for across in FINGER_AT:
            x, y = finger_point(page, index, across)
            assert inside_chart(page, index, x, y), f"{name}: chart {index} is not under ({x:.0f}, {y:.0f})"
            room = page.evaluate(f"() => {{ const e = document.querySelector('{SCROLLER}');"
                                 " return e.scrollHeight - e.clientHeight - e.scrollTop; }")
            dy = -150 if room > 100 else 150  # at the bottom of the page, swipe the other way
            start = scroll_top(page)
            swipe(page, cdp, x, y, dy)
            moved = scroll_top(page) - start
            assert moved * dy < 0 and abs(moved) >= 75, \
                f"{name}: chart {index} at ({x:.0f}, {y:.0f}) took the swipe (the page moved {moved:.0f} px)"
            assert page.evaluate(RANGES) == before, f"{name}: chart {index} changed under a swipe at ({x:.0f}, {y:.0f})"
    assert not app.exceptions(page)


def test_a_tap_still_shows_the_values(server, new_page):
    """Tapping a bar of the grade chart and a dot of the P–B scatter shows their hover labels."""
    page = phone(new_page)
    for name, key, target in (("overview", "grades", ".bars .point path"), ("integration", "scatter", ".points .point")):
        open_view(page, server, name)
        chart = page.locator(f".st-key-{key} .js-plotly-plot")
        chart.scroll_into_view_if_needed()
        point = chart.locator(target).first
        box = point.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        label = chart.locator(".hoverlayer .hovertext")
        label.first.wait_for(state="attached", timeout=5000)
        assert label.count() >= 1 and label.first.text_content().strip(), f"{name}: no value on a tap"


@pytest.mark.parametrize("name", VIEWS)
def test_no_tool_bar_and_no_sideways_scroll_on_a_phone(server, new_page, name):
    page = phone(new_page)
    open_view(page, server, name)
    shown = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .modebar-container, .js-plotly-plot .modebar')]
        .filter(m => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0
                       && getComputedStyle(m).visibility !== 'hidden' && getComputedStyle(m).display !== 'none'; }).length""")
    assert shown == 0, f"{name}: a chart tool bar is shown"
    widths = page.evaluate(f"""() => {{ const m = document.querySelector('{SCROLLER}');
        return [document.documentElement.scrollWidth, document.body.scrollWidth, m.scrollWidth, m.clientWidth,
                window.innerWidth]; }}""")
    assert max(widths[0], widths[1]) <= widths[4] and widths[2] <= widths[3], f"{name}: wider than the screen {widths}"


def decode_qr(png: bytes, tmp_path) -> str:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, f"no QR code read: {out.stderr[-300:]}"
    return out.stdout.strip()


@pytest.mark.parametrize("name", VIEWS)
def test_the_share_control_is_in_view_and_one_tap_copies_the_link(server, new_page, name, tmp_path):
    page = phone(new_page)
    open_view(page, server, name)
    page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop = 600")  # further down the page
    page.wait_for_timeout(200)
    control = page.locator(SHARE)
    box = control.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 80 and box["x"] + box["width"] <= app.PHONE["width"], box
    button = control.locator('[data-testid="stCode"] button').first
    b = button.bounding_box()
    x, y = b["x"] + b["width"] / 2, b["y"] + b["height"] / 2
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('button') !== null", [x, y]), \
        "the copy button is covered"
    link = control.locator('[data-testid="stCode"] code').first.text_content().strip()
    assert link == app.copied_link(page)  # what the sidebar's copy-link box gives
    assert app.path_of(link) == ("" if name == "overview" else name)
    assert urlsplit(link).netloc == urlsplit(server.url).netloc
    page.touchscreen.tap(x, y)  # one tap, no hover first
    page.wait_for_timeout(300)
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    # the QR code holds the same link
    control.locator('[data-testid="stPopoverButton"]:visible').first.tap()  # (a hidden twin carries the tooltip)
    image = page.locator('[data-testid="stPopoverBody"] [data-testid="stImage"] img').first
    image.wait_for(state="visible")
    assert decode_qr(image.screenshot(), tmp_path) == link


def test_the_shared_link_keeps_the_filters(server, new_page):
    """The share control of a filtered view gives the view with its filters (the sidebar's link)."""
    page = phone(new_page)
    app.open_url(page, server.url + "/trends?period=2025Q2&lang=English")
    link = page.locator(f"{SHARE} [data-testid='stCode'] code").first.text_content().strip()
    assert ("period", "2025Q2") in app.query(link) and ("lang", "English") in app.query(link)
    assert app.path_of(link) == "trends"


@pytest.mark.parametrize("name", ("overview", "integration", "trends"))
def test_on_a_desktop_the_tool_bar_keeps_off_the_titles(server, new_page, name):
    page = new_page(viewport=app.DESKTOP)
    open_view(page, server, name)
    charts = page.locator('[data-testid="stMain"] .js-plotly-plot')
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        chart.hover()
        bar = chart.locator(".modebar").first
        bar.wait_for(state="visible")
        page.wait_for_timeout(300)  # the tool bar fades in
        m = bar.bounding_box()
        title = chart.locator(".gtitle").first.bounding_box()
        assert m and title
        apart = (m["x"] >= title["x"] + title["width"] or title["x"] >= m["x"] + m["width"]
                 or m["y"] >= title["y"] + title["height"] or title["y"] >= m["y"] + m["height"])
        assert apart, f"{name}: chart {i}'s tool bar {m} covers its title {title}"


def test_the_committee_bars_say_their_values_on_a_phone(server, new_page):
    """The score bars start at 0, so each says its value — legibly, at phone width."""
    page = phone(new_page)
    open_view(page, server, "overview")
    shown = page.evaluate("""() => { const gd = document.querySelector('.st-key-committees .js-plotly-plot');
        return [gd._fullLayout.yaxis.range[0], [...gd.querySelectorAll('.bars .point')].length,
                [...gd.querySelectorAll('.bars text')].filter(t => getComputedStyle(t).display !== 'none'
                    && !/scale\\(0\\)/.test(t.getAttribute('transform') || '')).map(t => t.textContent)]; }""")
    low, bars, texts = shown
    assert low == 0 and bars == len(texts) and all(len(x) == 4 and x[2] == "." for x in texts), shown
