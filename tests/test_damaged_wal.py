"""A store whose write-ahead log a crash damaged is explained like any unusable store: in the
command line, at the server start and on every page — never a traceback or Streamlit's error
page (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assess.cli import main
from assess.db import Database, DatabaseUnreadable
from tests.store_builders import damaged_wal_store

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data")


@pytest.fixture(scope="module")
def crashed(tmp_path_factory, sample_files):
    return damaged_wal_store(tmp_path_factory.mktemp("wal"), sorted(sample_files)[0])


def test_opening_it_raises_database_unreadable_naming_the_log(crashed):
    with pytest.raises(DatabaseUnreadable) as caught:
        Database(crashed)
    assert caught.value.wal_damaged and "Corrupt WAL file" in caught.value.detail
    problem = caught.value.problem
    assert problem.code == "database_wal_damaged"
    assert problem.render("en").startswith(f"the write-ahead log {crashed}.wal of the database file {crashed} is damaged")
    assert f"将 {crashed}.wal 移到别处后重新启动" in problem.render("zh")


@pytest.mark.parametrize("args", [["versions"], ["scores", "--quarter", "2024Q1"], ["rollback", "1"]])
def test_every_command_explains_it(capsys, crashed, args):
    code = main(["--db", str(crashed), "--lang", "en", *args])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "Traceback" not in err
    assert err.startswith(f"the write-ahead log {crashed}.wal of the database file {crashed} is damaged"), err


def test_the_server_start_explains_it_and_stops(crashed):
    env = dict(os.environ, ASSESS_DB=str(crashed))
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
                           "--server.port=1"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"数据库文件 {crashed} 的预写日志 {crashed}.wal 已损坏" in done.stderr
    assert f"the write-ahead log {crashed}.wal of the database file {crashed} is damaged" in done.stderr


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_it(make_app, crashed, page):
    at = make_app(crashed, page)
    assert not at.exception
    [error] = at.error
    from assess.safe import markdown  # the page shows the message as text (dashboard.stop_with)

    assert markdown(f"数据库文件 {crashed} 的预写日志 {crashed}.wal 已损坏") in error.value
    assert "Corrupt WAL file" in error.value
