"""The warm-up (assess.warmup, started by ``scripts/serve.py``): it fills the very caches
the pages read, and a page asking for a result being computed waits for it instead of computing
it again."""

from __future__ import annotations

import threading
import time

import pytest

from assess import db as assess_db
from assess import scoring, warmup
from assess.config import load_config
from assess.scoring import cache


@pytest.fixture
def warm_store(monkeypatch, sample_db, tmp_path):
    import shutil

    path = tmp_path / "warm.duckdb"
    shutil.copyfile(sample_db, path)
    monkeypatch.setenv("ASSESS_DB", str(path))
    yield path
    with assess_db._shared_lock:
        opened = assess_db._shared.pop(str(path.resolve()), None)
    if opened is not None:
        cache.clear(opened)
        opened.close()


def test_warm_fills_the_caches_the_default_view_reads(warm_store, monkeypatch):
    assert warmup.warm() == ["periods and branches", "scores of 2025Q4", "explanations of 2025Q4"]
    db = assess_db.shared(warm_store)
    asked, query = [], db.query
    monkeypatch.setattr(db, "query", lambda name, **k: asked.append(name) or query(name, **k))
    config = load_config()
    scores = scoring.branch_scores(db, "2025Q4", config)
    previous = scoring.branch_scores(db, "2025Q3", config)
    scoring.changes(db, "2025Q4", config)
    scoring.periods(db)
    scoring.branches(db)
    assert set(asked) == {"data_version"}, "only the version is asked: the rest is kept"
    assert len(scores) > 20 and len(previous) > 20
    scoring.branch_scores(db, "2024Q1", config)  # not warmed: computed now
    assert set(asked) > {"data_version"}


def test_after_warm_the_whole_overview_asks_the_store_nothing_new(warm_store, monkeypatch):
    """What the first visitor's default page builds (:func:`assess.views.overview.build`, the
    需关注 list's explanations included) is all in the caches: the first page costs what any
    later one does."""
    from assess.views import common, overview

    warmup.warm()
    db = assess_db.shared(warm_store)
    config = load_config()
    as_of = scoring.latest_version(db)
    options = common.period_options(scoring.periods(db, as_of=as_of))
    catalog = scoring.branches(db, as_of=as_of)
    sel = common.Selection(lang="zh", period=options[0], config=config, default_config=config, as_of=as_of,
                           latest=as_of, period_options=tuple(options),
                           all_committees=tuple(sorted(catalog["committee"].unique())),
                           branch_keys=tuple(common.branch_keys(catalog)))
    asked, query = [], db.query
    monkeypatch.setattr(db, "query", lambda name, **k: asked.append(name) or query(name, **k))
    built = overview.build(db, sel)
    assert set(asked) <= {"data_version"}, f"computed on the first page: {sorted(set(asked))}"
    assert built.attention_total > 0 and not built.committees.empty


def test_warm_on_an_empty_store_does_nothing(monkeypatch, tmp_path):
    path = tmp_path / "empty.duckdb"
    monkeypatch.setenv("ASSESS_DB", str(path))
    try:
        assert warmup.warm() == []
    finally:
        assess_db._shared.pop(str(path.resolve())).close()


def test_a_result_being_computed_is_waited_for_not_computed_again():
    calls, started, release = [], threading.Event(), threading.Event()
    owner = object.__new__(type("Store", (), {}))  # any weak-referenceable key

    def slow():
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(5)
        import pandas as pd
        return pd.DataFrame({"x": [1]})

    results = []
    first = threading.Thread(target=lambda: results.append(cache.cached(owner, "k", True, slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(cache.cached(owner, "k", True, slow)))
    second.start()
    time.sleep(0.2)
    assert len(calls) == 1 and not results, "the second caller waits"
    release.set()
    first.join(5)
    second.join(5)
    assert len(calls) == 1 and [r["x"].tolist() for r in results] == [[1], [1]]
    cache.clear(owner)


def test_a_failed_computation_lets_the_waiter_compute():
    owner = object.__new__(type("Store", (), {}))
    attempts = []

    def flaky():
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first try fails")
        import pandas as pd
        return pd.DataFrame({"x": [2]})

    with pytest.raises(RuntimeError):
        cache.cached(owner, "k", True, flaky)
    assert cache.cached(owner, "k", True, flaky)["x"].tolist() == [2]
    cache.clear(owner)


def _serve():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "serve.py"
    spec = importlib.util.spec_from_file_location("serve_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_serve_runs_streamlit_on_the_dashboard_after_preparing(monkeypatch):
    serve = _serve()
    seen = {}
    monkeypatch.setattr(warmup, "prepare", lambda: seen.setdefault("order", []).append("prepare"))
    monkeypatch.setattr(warmup, "start", lambda: seen.setdefault("order", []).append("start"))
    from streamlit.web import cli

    def fake_main():
        import sys
        seen["argv"] = list(sys.argv)
        seen.setdefault("order", []).append("streamlit")

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr("sys.argv", ["serve"])
    serve.main(["--server.port=1234"])
    assert seen["order"] == ["prepare", "start", "streamlit"]
    assert seen["argv"][:2] == ["streamlit", "run"] and seen["argv"][2].endswith("dashboard.py")
    # no users file here: local mode listens on the loopback address only (assess.listen)
    assert seen["argv"][3:] == ["--server.port=1234", "--server.address=127.0.0.1"]


def test_prepare_imports_without_touching_a_store(monkeypatch, tmp_path):
    path = tmp_path / "untouched.duckdb"
    monkeypatch.setenv("ASSESS_DB", str(path))
    before = dict(assess_db._shared)
    warmup.prepare()  # an in-memory store only: no file is created or locked
    assert assess_db._shared == before and not path.exists()
