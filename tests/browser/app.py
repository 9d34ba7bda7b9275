"""Plumbing of the browser tests: start the dashboard on a database (loopback only), and drive
and read it through Playwright the way a user does — by widget, by what the page shows.

The server is ``scripts/serve.py`` as ``scripts/run.sh`` starts it, with its
output going to a log file (never an unread pipe, which would block a chatty server). Widgets
are found by their key: Streamlit gives each element container the class ``st-key-<key>``, and
the sidebar widgets' keys are the URL parameter names of :mod:`assess.links`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page, TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-dev-shm-usage", "--disable-gpu", "--no-sandbox"]
TIMEOUT = 90_000  # ms: a script run on two busy cores can take a while
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}

# The app is settled when no script runs, nothing on screen is left over from an earlier run,
# and the copy-link box (drawn last) is there — or an exception box says why it is not, or the
# page is the sign-in form of a closed deployment (the only form in the main area).
_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testScriptState !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stException"]')) return true;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  if (document.querySelector('[data-testid="stMain"] [data-testid="stForm"]')) return true;
  return !!document.querySelector('[data-testid="stSidebar"] [data-testid="stCode"]');
}"""


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running dashboard: ``url`` (no trailing slash), ``db``, the process and its log."""

    url: str
    db: Path
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def log_tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:] if self.log.exists() else ""


def start_server(db: Path, log: Path, env: dict[str, str] | None = None) -> Server:
    """The dashboard as ``scripts/run.sh`` starts it (``scripts/serve.py``: ``streamlit run
    dashboard.py``, warmed) on ``db`` at a free loopback port (``env`` added to its
    environment, e.g. ASSESS_CONFIG and ASSESS_USERS); returns once healthy."""
    port = free_port()
    env = dict(os.environ, ASSESS_DB=str(db), PYTHONUNBUFFERED="1", **(env or {}))
    cmd = [str(ROOT / ".venv/bin/python"), str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
           f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    server = Server(f"http://127.0.0.1:{port}", db, proc, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{server.log_tail()}")
        try:
            if urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2).read().strip() == b"ok":
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"streamlit did not become healthy in 90 s:\n{server.log_tail()}")


def require_chromium() -> str:
    """The browser the tests drive; a missing one is a failure (scripts/setup.sh --browser installs it)."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/setup.sh --browser (apt-get install chromium)")
    return CHROMIUM


def copy_db(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


# ---------------------------------------------------------------- waiting


RUN_COUNTER = """(() => {
  window.__stRuns = 0;
  new MutationObserver(changes => {
    for (const c of changes)
      if (c.target.dataset && c.target.dataset.testScriptState === 'running' && c.oldValue !== 'running')
        window.__stRuns++;
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();"""
"""An init script for every context: counts the script runs that start, so an action can wait for
the run it triggered even when that run is over before anybody looks."""


def runs(page: Page) -> int:
    return page.evaluate("() => window.__stRuns ?? -1")


def settle(page: Page, timeout: int = TIMEOUT, after: int | None = None) -> None:
    """Wait until the script run started by the last action has finished and been drawn, and no
    follow-up run (URL sync, st.rerun) starts. ``after`` is :func:`runs` before the action."""
    if after is not None and after >= 0:
        try:
            page.wait_for_function(f"() => window.__stRuns > {after}", timeout=5000)
        except PlaywrightTimeout:  # the action started no run
            pass
    else:
        try:
            page.wait_for_selector('[data-testid="stApp"][data-test-script-state="running"]', timeout=1500)
        except PlaywrightTimeout:
            pass
    idle(page, timeout)


def idle(page: Page, timeout: int = TIMEOUT) -> None:
    """Wait until no script runs and none starts within a short settle wait."""
    for _ in range(20):  # bounded: a page does not rerun itself forever
        page.wait_for_function(_SETTLED, timeout=timeout)
        seen = runs(page)
        page.wait_for_timeout(250)  # a settle wait: does another run start?
        if runs(page) == seen and page.evaluate(_SETTLED):
            return
    raise AssertionError("the app kept rerunning")


def acting(page: Page, action) -> None:
    """Do ``action()`` (a click, a key press) and wait for the run it triggers."""
    before = runs(page)
    action()
    settle(page, after=before)


def open_url(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=TIMEOUT)
    settle(page)


# ---------------------------------------------------------------- the sidebar widgets


def key(page: Page, name: str):
    """The element container of the widget with key ``name`` (= its URL parameter)."""
    return page.locator(f".st-key-{name}").first


def copied_link(page: Page) -> str:
    """The URL of the copy-link box (an st.code block in the sidebar)."""
    return page.locator('[data-testid="stSidebar"] [data-testid="stCode"] code').first.inner_text().strip()


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def path_of(url: str) -> str:
    return urlsplit(url).path.strip("/")


def selectbox_value(page: Page, name: str) -> str:
    return key(page, name).locator("input").first.input_value()


def _open_list(page: Page, name: str, option: str | None = None):
    """Open the drop-down of the select with key ``name``; the ``option`` (or the first one).
    A rerun that redraws the widget closes an open list: then open it again (bounded)."""
    wanted = page.get_by_role("option", name=option, exact=True) if option else page.get_by_role("option").first
    for attempt in range(4):
        idle(page)
        key(page, name).locator("input").first.click()
        try:
            wanted.wait_for(state="visible", timeout=5000 * (attempt + 1))
            return wanted
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the list of {name!r} did not open or has no option {option!r}")


def choose(page: Page, name: str, option: str) -> None:
    """Pick ``option`` in the selectbox with key ``name``, as a user does: open it, click it."""
    acting(page, _open_list(page, name, option).click)


def multiselect_values(page: Page, name: str) -> list[str]:
    return [t.strip() for t in key(page, name).locator("[data-tag] span[title]").all_inner_texts()]


def add_option(page: Page, name: str, option: str) -> None:
    """Add ``option`` to the multiselect with key ``name`` (the list offers "Select all" too)."""
    acting(page, _open_list(page, name, option).click)
    page.keyboard.press("Escape")


def options_of(page: Page, name: str) -> list[str]:
    """The options a select offers (opened and closed again)."""
    _open_list(page, name)
    names = [o.strip() for o in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def open_parameters(page: Page) -> None:
    """Unfold the sidebar's method-parameter expander (closed by default)."""
    details = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] details').first
    if details.get_attribute("open") is None:
        details.locator("summary").click()
        page.wait_for_timeout(300)


def number_value(page: Page, name: str) -> float:
    return float(key(page, name).locator("input").first.input_value())


def set_number(page: Page, name: str, value: float) -> None:
    field = key(page, name).locator("input").first
    field.fill(f"{value:g}")
    acting(page, lambda: field.press("Enter"))


def set_text(page: Page, name: str, value: str) -> None:
    field = key(page, name).locator("input").first
    field.fill(value)
    acting(page, lambda: field.press("Enter"))


def text_value(page: Page, name: str) -> str:
    return key(page, name).locator("input").first.input_value()


def language(page: Page) -> str:
    return key(page, "lang").locator('[role="radio"][aria-checked="true"]').inner_text().strip()


def switch_language(page: Page, label: str) -> None:
    acting(page, lambda: key(page, "lang").get_by_role("radio", name=label).click())


def go_to_page(page: Page, title: str) -> None:
    """Click a page in the sidebar navigation."""
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=re.compile(rf"^\W*\w*\s*{re.escape(title)}\s*$"))
    acting(page, lambda: link.first.click())


# ---------------------------------------------------------------- what the page shows


def main_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def title(page: Page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text().strip()


def metrics(page: Page) -> dict[str, str]:
    """``{label: value}`` of the st.metric tiles of the main area, in order."""
    out = {}
    for tile in page.locator('[data-testid="stMain"] [data-testid="stMetric"]').all():
        label = tile.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = tile.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def table_rows(page: Page, name: str, n: int = 5) -> list[list[str]]:
    """The first ``n`` rows of the dataframe with key ``name``, read from the grid's accessible
    table (the visible cells are drawn on a canvas; the same values are in the DOM)."""
    return _rows(key(page, name).locator("table").first, n)


def _rows(grid, n: int) -> list[list[str]]:
    grid.wait_for(state="attached", timeout=TIMEOUT)
    rows = []
    for tr in grid.locator("tbody tr").all()[:n]:
        cells = [c.strip() for c in tr.locator("td").all_inner_texts()]
        while cells and not cells[-1]:  # the grid may add an empty filler column at the end
            cells.pop()
        rows.append(cells)
    return rows


def tables(page: Page, n: int = 5, columns: int | None = None) -> list[dict]:
    """Every dataframe of the main area, in page order: ``{header, rows}`` (first ``n`` rows;
    with ``columns``, their first ``columns`` cells: the grid puts in its accessible table only
    the columns it has drawn, and a wide table's last ones are drawn as it gets to them).
    A dataframe without selection has no key (no ``st-key-`` class), so they go by position."""
    out = []
    for frame in page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').all():
        if not frame.is_visible():  # in a closed expander or another tab: not drawn
            out.append({"header": [], "rows": []})
            continue
        grid = frame.locator("table").first
        grid.wait_for(state="attached", timeout=TIMEOUT)
        header: list[str] = []
        for _ in range(40):  # the grid fills its accessible table just after it is drawn
            header = [c.strip() for c in grid.locator("thead th").all_inner_texts()]
            if any(header):
                break
            page.wait_for_timeout(250)
        rows = _rows(grid, n)
        if columns is not None:
            header, rows = header[:columns], [r[:columns] for r in rows]
        out.append({"header": header, "rows": rows})
    return out


def chart_titles(page: Page) -> list[str]:
    """The titles of every plotly chart on the page (SVG text; zero-width spaces removed)."""
    texts = page.locator('[data-testid="stMain"] .gtitle').all_text_contents()
    return [t.replace("\u200b", " ").strip() for t in texts]


def alerts(page: Page) -> str:
    """The text of the alert boxes (st.warning/info/error/success) of the main area."""
    sel = '[data-testid="stMain"] [data-testid="stAlertContainer"]'
    return "\n".join(page.locator(sel).all_inner_texts())


def exceptions(page: Page) -> list[str]:
    return page.locator('[data-testid="stException"]').all_inner_texts()


_CHART_DATA = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map(gd =>
  (gd._fullData || []).filter(t => t.visible !== false).map(t => {
    const plain = v => v == null ? null : (ArrayBuffer.isView(v) ? Array.from(v)
      : Array.isArray(v) ? v.map(plain) : v);
    const out = {name: t.name ?? null, type: t.type};
    for (const k of ['x', 'y', 'z', 'r', 'theta']) if (t[k] != null) out[k] = plain(t[k]);
    return out;
  }))"""


def chart_data(page: Page) -> list[list[dict]]:
    """The data of every plotly chart on the page, as plotly.js holds it (``gd._fullData``):
    per chart, per trace ``{name, type, x, y, z, r, theta}`` — the numbers the chart draws."""
    return page.evaluate(_CHART_DATA)
