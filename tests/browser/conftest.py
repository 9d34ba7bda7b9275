"""Fixtures of the browser tests: the sample database, dashboard servers on it (loopback, a free
port, killed at teardown) and Debian's chromium driven by Playwright.

One server on a copy of the sample database serves every read-only test (``server``); a test
that writes (an upload) gets its own server on its own copy (``make_server``). The browser is
launched once per session; each test opens fresh contexts (``new_page``), so no cookie, session
or cache is shared between the page that copies a link and the one that opens it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from . import app


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory, sample_db) -> Path:
    """A private copy of the sample database (version 1): the server's process locks its file,
    and the AppTests elsewhere in the session must still open ``sample_db``."""
    return app.copy_db(sample_db, tmp_path_factory.mktemp("browser_db") / "sample.duckdb")


@pytest.fixture(scope="session")
def server(browser_db, tmp_path_factory) -> Iterator[app.Server]:
    """The dashboard on the sample data, shared by the tests that only read."""
    running = app.start_server(browser_db, tmp_path_factory.mktemp("server_log") / "streamlit.log")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def make_server(sample_db, tmp_path) -> Iterator[Callable[[], app.Server]]:
    """``make_server(env=None)`` → a dashboard of its own on a fresh copy of the sample
    database, for a test that writes or needs its own configuration; stopped at teardown."""
    started: list[app.Server] = []

    def build(env: dict[str, str] | None = None) -> app.Server:
        n = len(started)
        db = app.copy_db(sample_db, tmp_path / f"writable{n}.duckdb")
        started.append(app.start_server(db, tmp_path / f"streamlit{n}.log", env))
        return started[-1]

    try:
        yield build
    finally:
        for s in started:
            s.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless. Missing chromium fails the run (it is installed by
    ``scripts/setup.sh --browser``, which ``scripts/test.sh`` runs)."""
    path = app.require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=app.CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(browser) -> Iterator[Callable[..., Page]]:
    """``new_page(viewport=app.DESKTOP)`` → a page in a brand-new browser context (like another
    person's browser); every context is closed at teardown."""
    contexts = []

    def build(viewport: dict | None = None, **kwargs) -> Page:
        ctx = browser.new_context(viewport=viewport or app.DESKTOP, locale="zh-CN", **kwargs)
        ctx.set_default_timeout(app.TIMEOUT)
        ctx.add_init_script(app.RUN_COUNTER)
        contexts.append(ctx)
        return ctx.new_page()

    try:
        yield build
    finally:
        for ctx in contexts:
            ctx.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
