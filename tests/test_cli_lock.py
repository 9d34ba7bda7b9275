"""A command-line write while another process (the dashboard) holds the database ends with a
clear, translated message and exit 1 — never a lock traceback (issue: import, point 7)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from assess.db import Database

HOLDER = """
import sys, time
from assess.db import Database
db = Database(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held_db(tmp_path):
    path = tmp_path / "held.duckdb"
    Database(path).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    yield path
    proc.kill()
    proc.wait()


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "assess", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("lang, words", [("zh", "占用"), ("en", "in use")])
def test_ingest_while_database_is_held_says_so(held_db, tmp_path, lang, words):
    some_file = tmp_path / "2025Q1.xlsx"
    some_file.write_bytes(b"irrelevant: the database is checked first")
    started = time.monotonic()
    res = run_cli("--db", str(held_db), "--lang", lang, "ingest", str(some_file))
    assert res.returncode == 1
    assert words in res.stderr and str(held_db) in res.stderr
    assert "Traceback" not in res.stderr
    assert time.monotonic() - started < 30


def test_versions_while_database_is_held_says_so(held_db):
    res = run_cli("--db", str(held_db), "versions")
    assert res.returncode == 1 and "占用" in res.stderr and "Traceback" not in res.stderr


def test_usage_error_exits_2():
    res = run_cli("rollback", "not-a-number")
    assert res.returncode == 2
    res = run_cli("no-such-command")
    assert res.returncode == 2
