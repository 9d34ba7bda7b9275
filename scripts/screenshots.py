"""Screenshots of every view, desktop (1440 wide, full height) and phone (390×844), zh and en.

    .venv/bin/python scripts/screenshots.py --db data/assessment.duckdb [--out screenshots]
        [--port 8599] [--pages overview ranking …] [--langs zh en] [--query "period=2025"] [--phone]

Starts the dashboard (``scripts/serve.py``, as scripts/run.sh does) on the database (loopback only), waits for
``/_stcore/health``, drives /usr/bin/chromium through Playwright and writes
``<out>/<page>-<lang>-<desktop|phone>.png``. English is taken for a few pages only unless
``--langs`` says otherwise. ``--phone`` takes the phone size only, in a touch browser as a phone
is (``has_touch``, ``is_mobile``: no hover, so what a finger sees — e.g. no chart tool bar).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data")
EN_PAGES = ("overview", "ranking", "integration", "profile")
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-dev-shm-usage", "--disable-gpu", "--no-sandbox"]


def start(db: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, ASSESS_DB=str(db))
    cmd = [str(ROOT / ".venv/bin/python"), str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
           f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/_stcore/health"
    for _ in range(120):
        try:
            if urllib.request.urlopen(url, timeout=2).read().strip() == b"ok":
                return proc
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode(errors="replace"))
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy")


def settle(page) -> None:
    """Wait for the script run to finish and the charts to draw."""
    time.sleep(0.8)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_timeout(1500)


def shoot(page, url: str, path: Path, size: tuple[int, int], full: bool) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    settle(page)
    if full:  # the app scrolls inside its own container: grow the viewport to the content
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section.main, "
            "[data-testid=stAppViewContainer]')].map(e => e.scrollHeight), document.body.scrollHeight)")
        page.set_viewport_size({"width": size[0], "height": min(max(int(height) + 40, size[1]), 12000)})
        page.wait_for_timeout(1200)
    page.screenshot(path=str(path), full_page=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=ROOT / "data" / "assessment.duckdb")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    ap.add_argument("--port", type=int, default=8599)
    ap.add_argument("--pages", nargs="*", default=list(PAGES))
    ap.add_argument("--langs", nargs="*", default=None)
    ap.add_argument("--query", default="", help="extra query string, e.g. period=2025&method=tiered")
    ap.add_argument("--suffix", default="", help="added to the file names")
    ap.add_argument("--phone", action="store_true", help="phone size only, with touch (as a phone)")
    args = ap.parse_args(argv)
    viewports = {"phone": VIEWPORTS["phone"]} if args.phone else VIEWPORTS
    args.out.mkdir(parents=True, exist_ok=True)
    proc = start(args.db.resolve(), args.port)
    written = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            touch = {"has_touch": True, "is_mobile": True, "viewport": {"width": 390, "height": 844}} if args.phone else {}
            page = browser.new_page(locale="zh-CN", **touch)
            base = f"http://127.0.0.1:{args.port}"
            page.goto(base + "/")
            settle(page)
            for name in args.pages:
                langs = args.langs or (["zh", "en"] if name in EN_PAGES else ["zh"])
                for lang in langs:
                    query = "&".join(q for q in (args.query, "lang=English" if lang == "en" else "") if q)
                    path = "/" if name == "overview" else f"/{name}"
                    url = base + path + (f"?{query}" if query else "")
                    for kind, size in viewports.items():
                        out = args.out / f"{name}-{lang}-{kind}{args.suffix}.png"
                        shoot(page, url, out, size, full=True)
                        written.append(out)
                        print(out, flush=True)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
