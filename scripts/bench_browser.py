"""What a leader waits for, in Chromium, at 10,000 branches × 40 quarters (not a test).

    .venv/bin/python scripts/bench_browser.py [--branches 10000] [--quarters 40] [--repeat 5]
                                              [--baseline-branches 30] [--out BENCHMARKS.md]

Two dashboard processes (``scripts/serve.py``, as ``scripts/run.sh`` starts them, loopback only)
run at once: one on the scale store of :mod:`assess.scale` (built once and cached under
``bench-out/`` by ``scripts/bench.py``'s :func:`ensure_data`), the baseline on a small store of
the same generator. For each, in headless chromium at a desktop size:

- **first page**: from starting the process until the overview is drawn (script done, every
  chart drawn) in a browser that never saw the app, and from the process answering
  ``/_stcore/health`` until then; then a returning visitor's first page (a new session in the
  same browser, its cache warm);
- **every view after a sidebar click**: the time from the click on the view's link in the
  sidebar navigation until the script run it starts is done, nothing stale is left on screen and
  every visible plotly chart is drawn (a plot with its SVG, then two animation frames, so it is
  painted). One round of the sidebar fills the caches of the data version (reported as "first
  visit"); then ``--repeat`` rounds, whose medians are reported.

The two servers are measured in turns within each round, so both see the same load on a shared
machine: the ratio to the baseline holds when absolute times do not. Results go to stdout and,
with ``--out``, between the ``bench-browser`` markers of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (scripts/bench.py: data, free ports, machine line)

PAGES = bench.PAGES
START, END = "<!-- bench-browser:start -->", "<!-- bench-browser:end -->"
TARGET = {"first_page": 3.0, "view": 1.0}
VIEWPORT = {"width": 1280, "height": 900}

RUN_COUNTER = """(() => {
  window.__stRuns = 0;
  new MutationObserver(changes => {
    for (const c of changes)
      if (c.target.dataset && c.target.dataset.testScriptState === 'running' && c.oldValue !== 'running')
        window.__stRuns++;
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
})();"""

# Ready: a run started after the click is over, nothing stale or skeleton is on screen, the
# page's title is there and every visible plotly chart has drawn its plot. A run of a fraction
# of a second can be over before the app's script state is ever drawn as "running" (React
# batches the two updates), so a new page's title, other than the one before the click, also
# shows that the click's run has drawn.
READY = """([after, before]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const title = document.querySelector('[data-testid="stMain"] h1');
  if (!app || app.dataset.testScriptState !== 'notRunning' || !title) return false;
  if ((window.__stRuns ?? 0) <= after && (before === null || title.textContent === before)) return false;
  if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
  for (const c of document.querySelectorAll('[data-testid="stMain"] [data-testid="stPlotlyChart"]')) {
    if (!c.offsetParent) continue;  // in a closed tab or expander: not drawn by the browser
    const gd = c.querySelector('.js-plotly-plot');
    if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg .plot, .main-svg .polarlayer, .main-svg .infolayer'))
      return false;
  }
  return true;
}"""
PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


class Dashboard:
    """A dashboard process on ``db`` and a browser page on it."""

    def __init__(self, db: Path, log: Path):
        self.port = bench.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "ASSESS_DB": str(db)}
        cmd = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
               f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
        self.log = open(log, "wb")  # a pipe nobody reads would block the server
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.page = None

    def healthy(self, timeout: float = 120) -> float:
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.read().strip() == b"ok":
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server not healthy within {timeout:.0f} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def wait_ready(page, after: int, timeout: float, before: str | None = None) -> None:
    """Poll from here (a wait inside the page stalls while its main thread draws). ``before``:
    the page title before a click that opens another page."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if page.evaluate(READY, [after, before]):
            page.evaluate(PAINTED)
            if page.evaluate(READY, [after, before]):  # no follow-up run started meanwhile
                return
        time.sleep(0.02)
    raise TimeoutError(f"not ready within {timeout:.0f} s")


def first_page(browser, dash: Dashboard, timeout: float) -> dict:
    health = dash.healthy()
    ctx = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    ctx.add_init_script(RUN_COUNTER)
    page = ctx.new_page()
    page.goto(dash.url + "/", wait_until="domcontentloaded")
    wait_ready(page, 0, timeout)
    total = time.perf_counter() - dash.started
    dash.page = page
    again = ctx.new_page()  # a returning visitor: a new session, the browser's cache warm
    start = time.perf_counter()
    again.goto(dash.url + "/", wait_until="domcontentloaded")
    wait_ready(again, 0, timeout)
    returning = time.perf_counter() - start
    again.close()
    return {"health_s": health, "first_page_s": total, "after_health_s": total - health, "returning_s": returning}


def click_view(page, name: str, timeout: float) -> float:
    """Seconds from a click on ``name``'s sidebar link until the view is ready."""
    link = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"]').first
    if name == "overview":
        link = page.locator('[data-testid="stSidebarNav"] a').first
    link.wait_for(state="visible", timeout=timeout * 1000)
    box = link.bounding_box()
    after = page.evaluate("() => window.__stRuns ?? 0")
    before = page.evaluate("""() => document.querySelector('[data-testid="stMain"] h1')?.textContent ?? null""")
    start = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    try:
        wait_ready(page, after, timeout, before)
    except TimeoutError as exc:
        page.screenshot(path=str(bench.OUT_DIR / f"bench_browser_{name}_timeout.png"))
        raise TimeoutError(f"{name}: {exc} (runs {after} → {page.evaluate('() => window.__stRuns ?? 0')}; "
                           f"{page.url}; screenshot in {bench.OUT_DIR})") from exc
    return time.perf_counter() - start


def run(args: argparse.Namespace) -> dict:
    from playwright.sync_api import sync_playwright

    stores = {"scale": args.branches, "baseline": args.baseline_branches}
    dbs = {k: Path(bench.ensure_data(n, args.quarters, args.seed)["db"]) for k, n in stores.items()}
    out: dict = {"machine": bench.machine(), "stores": stores, "quarters": args.quarters, "repeat": args.repeat,
                 "first": {}, "views": {k: {p: [] for p in PAGES} for k in stores}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--disable-dev-shm-usage", "--disable-gpu"])
        dashes = {}
        try:
            for kind in stores:  # one at a time: the first page is measured from the start of the process
                dashes[kind] = Dashboard(dbs[kind], bench.OUT_DIR / f"bench_browser_{kind}.log")
                out["first"][kind] = first_page(browser, dashes[kind], args.page_timeout)
                print(f"first page, {kind}: {out['first'][kind]}", flush=True)
            out["cold"] = {k: {} for k in stores}
            for kind, dash in dashes.items():  # the first visit of a view fills the caches of its data version
                for name in PAGES[1:] + PAGES[:1]:
                    out["cold"][kind][name] = click_view(dash.page, name, args.page_timeout)
            for round_ in range(args.repeat):
                for name in PAGES[1:] + PAGES[:1]:
                    for kind, dash in dashes.items():
                        out["views"][kind][name].append(click_view(dash.page, name, args.page_timeout))
                print(f"round {round_ + 1}: " + ", ".join(
                    f"{n} {out['views']['scale'][n][-1]:.2f}/{out['views']['baseline'][n][-1]:.2f}" for n in PAGES),
                    flush=True)
        finally:
            for dash in dashes.values():
                dash.stop()
            browser.close()
    out["load_end"] = os.getloadavg()[0]
    return out


def report(res: dict) -> str:
    n, b = res["stores"]["scale"], res["stores"]["baseline"]
    lines = [f"Machine: {res['machine']} · load average at the end {res['load_end']:.2f}", "",
             f"Command: `.venv/bin/python scripts/bench_browser.py --branches {n} --quarters {res['quarters']} "
             f"--repeat {res['repeat']}` — headless chromium {VIEWPORT['width']}×{VIEWPORT['height']}; "
             f"baseline: the same views of a {b:,}-branch store of the same generator, served by a second "
             "process and measured in turns with the scale one.", ""]
    fs, fb = res["first"]["scale"], res["first"]["baseline"]
    lines += ["| first page | " + f"{n:,} branches" + " | " + f"baseline ({b:,})" + " | target | verdict |",
              "|---|---|---|---|---|",
              f"| process start → overview drawn | {fs['first_page_s']:.2f} s | {fb['first_page_s']:.2f} s | "
              f"≤ {TARGET['first_page']:.0f} s | {bench.verdict(fs['first_page_s'] <= TARGET['first_page'])} |",
              f"| of which after /_stcore/health | {fs['after_health_s']:.2f} s | {fb['after_health_s']:.2f} s | | |",
              f"| a returning visitor (new session, browser cache warm) | {fs['returning_s']:.2f} s | "
              f"{fb['returning_s']:.2f} s | | |",
              "", f"| view: sidebar click → script done, every chart drawn (median of {res['repeat']}) | "
              f"{n:,} branches | baseline ({b:,}) | ÷ baseline | slowest run | first visit | target | verdict |",
              "|---|---|---|---|---|---|---|---|"]
    for name in PAGES:
        s, base = res["views"]["scale"][name], res["views"]["baseline"][name]
        ms, mb = statistics.median(s), statistics.median(base)
        lines.append(f"| {name} | {ms:.2f} s | {mb:.2f} s | {ms / mb:.2f}× | {max(s):.2f} s | "
                     f"{res['cold']['scale'][name]:.2f} s | "
                     f"≤ {TARGET['view']:.0f} s | {bench.verdict(ms <= TARGET['view'])} |")
    return "\n".join(lines)


def write_out(path: Path, text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if START in old and END in old:
        new = old[:old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branches", type=int, default=10_000)
    ap.add_argument("--baseline-branches", type=int, default=30)
    ap.add_argument("--quarters", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the sidebar; medians reported")
    ap.add_argument("--page-timeout", type=float, default=120)
    ap.add_argument("--json", type=Path, default=bench.OUT_DIR / "bench_browser.json")
    ap.add_argument("--out", type=Path, help="write the tables into this markdown file (between markers)")
    args = ap.parse_args()
    res = run(args)
    res["finished"] = f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC"
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    text = report(res)
    print("\n" + text)
    if args.out:
        write_out(args.out, text)
        print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
