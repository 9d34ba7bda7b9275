"""Shared fixtures: databases built the way production builds them (sample workbooks → real
reader → real store), and a builder for dashboard AppTests pointed at a database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from assess.config import ROOT

SAMPLE_SEED = 2025


def ingest_files(db_path: Path, files: list[Path], user: str = "tests") -> int:
    """Read ``files`` with the real reader and store them as one version; the version number."""
    from assess import store
    from assess.db import Database
    from assess.workbook import read_workbook

    with Database(db_path) as db:
        results = [read_workbook(f.read_bytes(), f.name, prior_catalog=lambda q: store.prior_catalog(db, q))
                   for f in sorted(files)]
        bad = [p.render("en") for r in results for p in r.problems]
        assert not bad, bad[:5]
        return store.ingest(db, results, user).version


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> list[Path]:
    """The sample workbooks (assess.sample.write_sample), written once per session."""
    from assess.sample import write_sample

    return list(write_sample(tmp_path_factory.mktemp("sample"), seed=SAMPLE_SEED))


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory, sample_files) -> Path:
    """A DuckDB file holding the sample data as version 1 (read-only for tests: don't write)."""
    path = tmp_path_factory.mktemp("sample_db") / "sample.duckdb"
    ingest_files(path, sample_files)
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory) -> Path:
    """A DuckDB file with the schema and no data."""
    from assess.db import Database

    path = tmp_path_factory.mktemp("empty_db") / "empty.duckdb"
    Database(path).close()
    return path


@pytest.fixture
def fresh_db(tmp_path) -> Path:
    """A new, empty DuckDB file for a test that writes."""
    from assess.db import Database

    path = tmp_path / "fresh.duckdb"
    Database(path).close()
    return path


@pytest.fixture
def make_app(monkeypatch) -> Callable:
    """``make_app(db, page="overview", lang="zh", **query)`` → an AppTest that has run that page.

    ``query`` seeds the URL (lists for repeated parameters); ``lang="en"`` adds ``lang=English``;
    ``url_lang`` puts a raw ``lang`` value in the URL instead.
    """
    from streamlit.testing.v1 import AppTest

    def build(db: Path, page: str = "overview", lang: str = "zh", url_lang: str | None = None, **query):
        monkeypatch.setenv("ASSESS_DB", str(db))
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        if url_lang is not None:
            at.query_params["lang"] = url_lang
        elif lang == "en":
            at.query_params["lang"] = "English"
        for key, value in query.items():
            at.query_params[key] = value
        if page != "overview":  # opened directly, as a shared link would (url paths = file names)
            at.switch_page(f"pages/{page}.py")
        return at.run()

    return build
