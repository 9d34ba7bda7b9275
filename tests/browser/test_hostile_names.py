"""Hostile text stays text in the browser (issue 14): a store whose committees, branches, veto
reasons, notes, indicators and file names come from the hostile-names corpus (tests/hostile_store.py,
built through the real reader and store), served by the real dashboard, every view opened in
Chromium (zh), the profile of every branch included.

Fails on what a name could make of the page: a link (``<a>``) made from the data, an image not
the app's own, a script, an event-handler attribute, an alert, markup from a name (bold, a
heading, KaTeX, an 80 px span), and any request that leaves the server's origin. And the names
must be on screen, as the text they are, so the test cannot pass because nothing was drawn.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest

from assess.charts import LABEL_WIDTH
from assess.links import MAX_BRANCHES, branch_key
from assess.plot_config import clip
from assess.safe import plain
from tests.hostile_names import OUTSIDE
from tests.hostile_store import BRANCHES, COMMITTEES, DIMENSION, FILE_NAMES, INDICATORS, VETOED, build_hostile_store

from . import app

LOCAL_SCHEMES = {"data", "blob", "about"}
NEEDLES = (OUTSIDE.split("//")[1], "example.com", "点我", "alert(1)")
"""Pieces of the corpus: a link or script carrying one of them was made from the data."""
MARKUP_TEXTS = ("粗", "斜", "下", "上", "强调", "下划线", "删除", "code", "标题", "引用", "列表", "红字", "大")
"""Texts the corpus wraps in markup (``<b>粗</b>``, ``*强调*``, ``# 标题`` …): an element of that
kind holding exactly one of them is markup rendered from a name."""
APP_IMAGE_PATHS = ("/media/", "/static/", "/_stcore/", "/app/static/")
"""Where the app's own images come from on the server (``<img src=x>`` from a name would be /x)."""
SETTLE_MS = 400  # after a view settles: an image from a name would be requested by now

_LEAKS = """([needles, markupTexts, imagePaths]) => {
  const out = [];
  const origin = location.origin;
  const fromData = s => !!s && needles.some(n => s.includes(n));
  const resolve = raw => { try { return new URL(raw, location.href); } catch (e) { return null; } };
  for (const a of document.querySelectorAll('a')) {
    const raw = a.getAttribute('href') ?? a.getAttribute('xlink:href') ?? '';
    const url = resolve(raw);
    const text = a.textContent || '';
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin || fromData(raw) || fromData(text))
      out.push(`link: <a href="${raw}">${text.slice(0, 80)}</a>`);
  }
  for (const img of document.querySelectorAll('img, image')) {
    const raw = img.getAttribute('src') ?? img.getAttribute('href') ?? img.getAttribute('xlink:href') ?? '';
    const url = resolve(raw);
    const own = url && (url.protocol === 'data:' || url.protocol === 'blob:'
      || (url.origin === origin && imagePaths.some(p => url.pathname.startsWith(p))));
    if (!own || fromData(raw)) out.push(`image: ${raw.slice(0, 120)}`);
  }
  for (const s of document.querySelectorAll('script')) {
    const src = s.getAttribute('src');
    const url = src ? resolve(src) : null;
    if (fromData(s.textContent) || (src && (!url || url.origin !== origin)) || s.closest('[data-testid="stApp"]'))
      out.push(`script: ${(src || s.textContent || '').slice(0, 120)}`);
  }
  for (const el of document.querySelectorAll('[data-testid="stApp"] *')) {
    for (const attr of el.getAttributeNames())
      if (attr.startsWith('on')) out.push(`handler: <${el.localName} ${attr}="${el.getAttribute(attr)}">`);
  }
  for (const el of document.querySelectorAll('b, strong, i, em, sub, sup, del, s, h1, h2, h3, h4, h5, h6, blockquote, li, code, span, font')) {
    if (markupTexts.includes((el.textContent || '').trim()) && el.children.length === 0 && el.localName !== 'span')
      out.push(`markup: <${el.localName}>${el.textContent}`);
  }
  for (const el of document.querySelectorAll('[style]')) {
    const style = el.getAttribute('style').replace(/\\s/g, '');
    if (style.includes('font-size:80px')) out.push(`markup: style ${style}`);
  }
  for (const el of document.querySelectorAll('.katex, svg[onload]'))
    out.push(`markup: ${el.outerHTML.slice(0, 120)}`);
  return out;
}"""

_SHOWN_TEXT = """() => {
  const parts = [document.body.innerText];
  for (const t of document.querySelectorAll('svg text')) {  // a wrapped label: its lines, spaced
    const lines = Array.from(t.querySelectorAll('tspan.line')).map(x => x.textContent);
    parts.push(lines.length ? lines.join(' ') : t.textContent);
  }
  for (const t of document.querySelectorAll('[data-testid="stDataFrame"] table')) parts.push(t.textContent);
  return parts.join('\\n').replace(/[\\u200b\\u2060]/g, '');
}"""


class Watch:
    """One browser page on the hostile server, recording every request and dialog."""

    def __init__(self, page, server: app.Server):
        self.page, self.server = page, server
        self.requests: list[str] = []  # since the last open()
        self.every_request: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: (self.requests.append(r.url), self.every_request.append(r.url)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: str, query: list[tuple[str, str]] = ()) -> None:
        url = f"{self.server.url}/{path}" + (f"?{urlencode(list(query))}" if query else "")
        self.requests.clear()
        self.dialogs.clear()
        app.open_url(self.page, url)
        self.page.wait_for_timeout(SETTLE_MS)

    def outside(self, requests: list[str] | None = None) -> list[str]:
        home = urlsplit(self.server.url)
        return [u for u in (self.requests if requests is None else requests) if urlsplit(u).scheme not in LOCAL_SCHEMES
                and (urlsplit(u).hostname, urlsplit(u).port) != (home.hostname, home.port)]

    def problems(self) -> list[str]:
        """Everything on the page or in the traffic so far that the data made live."""
        found = self.page.evaluate(_LEAKS, [list(NEEDLES), list(MARKUP_TEXTS), list(APP_IMAGE_PATHS)])
        found += [f"request: {u}" for u in self.outside()]
        found += [f"dialog: {m}" for m in self.dialogs]
        found += [f"exception: {e[:300]}" for e in app.exceptions(self.page)]
        return found

    def shown(self) -> str:
        return self.page.evaluate(_SHOWN_TEXT)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    running = app.start_server(build_hostile_store(folder / "hostile.duckdb"), folder / "streamlit.log")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def watch(browser, hostile_server):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1600}, locale="zh-CN")
    ctx.set_default_timeout(app.TIMEOUT)
    ctx.add_init_script(app.RUN_COUNTER)
    try:
        yield Watch(ctx.new_page(), hostile_server)
    finally:
        ctx.close()


ALL_COMMITTEES = [("committee", c) for c in COMMITTEES]
VIEWS = (  # (path, query, literal texts that must be on screen)
    ("", [], [VETOED[0].branch]),
    ("", ALL_COMMITTEES, [COMMITTEES[1], VETOED[-1].branch]),
    ("ranking", [], [BRANCHES[0].branch, BRANCHES[1].branch]),
    ("ranking", ALL_COMMITTEES, [COMMITTEES[0]]),
    ("integration", ALL_COMMITTEES, [COMMITTEES[3]]),
    # a branch's row label is cut on the heat map's axis (the whole name on hover)
    ("indicators", ALL_COMMITTEES, [clip(BRANCHES[2].branch, LABEL_WIDTH), INDICATORS[0], INDICATORS[2]]),
    ("method", ALL_COMMITTEES, []),
    ("data", [], [plain(FILE_NAMES["2025Q3"]), plain(FILE_NAMES["2025Q2"])]),
    ("report", ALL_COMMITTEES, [COMMITTEES[2]]),
)


@pytest.mark.parametrize("path, query, texts", VIEWS, ids=[f"{v[0] or 'overview'}{'-filtered' if v[1] else ''}"
                                                         for v in VIEWS])
def test_view_keeps_hostile_names_as_text(watch, path, query, texts):
    watch.open(path, query)
    problems = watch.problems()
    assert problems == [], "\n".join(problems)
    shown = " ".join(watch.shown().split())  # a label wrapped on two lines is still shown
    for text in texts:
        assert " ".join(plain(text).split()) in shown, f"{text!r} is not on screen"


TREND_GROUPS = [BRANCHES[i:i + MAX_BRANCHES] for i in range(0, len(BRANCHES), MAX_BRANCHES)]


@pytest.mark.parametrize("group", range(len(TREND_GROUPS)))
def test_trends_of_hostile_branches(watch, group):
    chosen = TREND_GROUPS[group]
    watch.open("trends", [("branches", branch_key(b.committee, b.branch)) for b in chosen])
    problems = watch.problems()
    assert problems == [], "\n".join(problems)
    shown = watch.shown()
    short = [b.branch for b in chosen if len(b.branch) <= 40]  # longer names are cut in a legend
    assert short and all(plain(name) in shown for name in short), short


@pytest.mark.parametrize("branch", BRANCHES, ids=[f"{i}" for i in range(len(BRANCHES))])
def test_profile_of_each_hostile_branch(watch, branch):
    watch.open("profile", [("branch", branch_key(branch.committee, branch.branch))])
    problems = watch.problems()
    assert problems == [], "\n".join(problems)
    shown = watch.shown()
    assert f"{plain(branch.branch)} · {plain(branch.committee)}" in shown, "the heading names the branch"
    if branch.veto:
        assert plain(branch.veto) in shown, "the veto reason is shown as written"
    assert DIMENSION in shown and INDICATORS[0] in shown, "the radar and the indicator table"


def test_nothing_left_the_origin(watch):
    """Over the whole walk (runs last in this module): requests went to the server only, and
    there were some (so the recorder was on)."""
    assert watch.outside(watch.every_request) == []
    assert any(u.startswith(watch.server.url) for u in watch.every_request)




def test_scatter_hover_names_each_branch_as_text(watch):
    """Hover labels are plotly text too: each point of the P–B scatter hovered in turn."""
    watch.open("integration")
    points = watch.page.locator('[data-testid="stMain"] .js-plotly-plot').first.locator(".scatterlayer .points path")
    boxes = [b for b in (p.bounding_box() for p in points.all()) if b]
    assert len(boxes) >= len(BRANCHES)
    hovered = []
    for box in boxes:
        watch.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        watch.page.wait_for_timeout(60)
        problems = watch.problems()
        assert problems == [], "\n".join(problems)
        hovered.append(" ".join(watch.page.locator(".hoverlayer .hovertext").all_text_contents()))
    shown = "\n".join(hovered).replace("\u200b", "")
    named = [b.branch for b in BRANCHES if plain(b.branch) in shown]
    assert len(named) >= len(BRANCHES) // 2, (named, hovered[:3])
