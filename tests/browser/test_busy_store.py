"""The dashboard while another process holds its store: one read-write DuckDB process locks the
file against every other (a command-line import, say). Every page says so in Chinese and
English, without an exception box and without a sidebar listing the code's modules; once the
file is free, a reload shows the data."""

from __future__ import annotations

import subprocess
import sys

from assess.i18n import t

from . import app

HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
con.close()
"""


def open_busy(page, url: str) -> None:
    """Open ``url`` and wait for its run to end (the usual settle waits for the sidebar's link
    box, which a page without its store does not draw)."""
    page.goto(url, wait_until="domcontentloaded", timeout=app.TIMEOUT)
    page.locator('[data-testid="stMain"] [data-testid="stAlertContainer"]').first.wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def test_a_held_store_is_explained_and_the_pages_come_back_when_it_is_free(sample_db, tmp_path, new_page):
    db = app.copy_db(sample_db, tmp_path / "held.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    server = None
    try:
        assert holder.stdout.readline().strip() == "held"
        server = app.start_server(db, tmp_path / "streamlit.log")
        page = new_page()
        for path in ("", "data", "profile?branch=x/y"):
            open_busy(page, f"{server.url}/{path}")
            shown = app.alerts(page)
            for lang in ("zh", "en"):
                assert t("ui.db.busy", lang, path=db) in shown, shown
            assert not app.exceptions(page)
            links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
            assert links == [], f"the sidebar lists {links}"
        holder.stdin.close()
        assert holder.wait(timeout=30) == 0

        app.open_url(page, f"{server.url}/")
        assert t("ui.db.busy", "zh", path=db) not in app.alerts(page)
        assert app.title(page) == t("ui.page.overview", "zh")
        nav = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
        assert len(nav) == 9 and any(t("ui.page.data", "zh") in n for n in nav), nav  # 8 views + 通报
        assert not app.exceptions(page)
    finally:
        if holder.poll() is None:
            holder.kill()
        if server is not None:
            server.stop()
