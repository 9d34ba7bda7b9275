"""Hostile and broken workbooks (tests/hostile_corpus.py) through the reader and the store.

For every case: read_workbook returns (a raised exception fails the test; a hang is caught by a
generous time guard), with exactly the expected outcome; every problem is located and renders in
Chinese and English as plain visible text; nothing is fetched from the network (the corpus points
every URL and external entity at a loopback listener that counts connections). Then a clean file
is stored and reads back as written, and a rejected one leaves the store exactly as it was.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from assess import store
from assess.db import Database
from assess.i18n import LANGS
from assess.problems import ProblemError
from assess.workbook import WorkbookResult, read_workbook
from tests.builders import Row, SheetSpec, build_workbook
from tests.hostile_corpus import CASES, Case, Clean, Rejected

# Catches a hang, not a slow run: on an idle machine every case reads in about a second or less;
# the cases that hung before the fixes took from 20 s to minutes.
GUARD_SECONDS = 15.0
TABLES = ("versions", "version_files", "branches", "indicators", "entries", "entry_scores")


def bounded(fn: Callable[[], Any], seconds: float = GUARD_SECONDS) -> Any:
    """``fn()`` in a daemon thread; fails the test if it is still running after ``seconds``
    (the thread is abandoned, not killed) and re-raises what it raised."""
    outcome: dict[str, Any] = {}

    def run():
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed to the test below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"still running after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture(scope="module")
def loopback():
    """(port, connections): a listener on 127.0.0.1 that records every connection made to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    connections: list[tuple] = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except OSError:  # timeout, or closed
                continue
            connections.append(peer)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(1)
    server.close()


_READ: dict[str, tuple[bytes, WorkbookResult]] = {}


def read_case(case: Case, port: int) -> tuple[bytes, WorkbookResult]:
    """The case's bytes and what the reader made of them (read once per session)."""
    if case.name not in _READ:
        content = case.content(port)
        _READ[case.name] = content, bounded(lambda: read_workbook(content, case.file_name))
    return _READ[case.name]


def by_name(case: Case) -> str:
    return case.name


def test_the_corpus_is_large_named_uniquely_and_deterministic():
    assert len(CASES) >= 35
    assert len({c.name for c in CASES}) == len(CASES)
    assert sum(isinstance(c.expect, Clean) for c in CASES) >= 10
    assert sum(isinstance(c.expect, Rejected) for c in CASES) >= 10
    for case in CASES[:12]:
        assert case.content(9) == case.content(9), case.name
    assert all(case.why for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=by_name)
def test_case_reads_to_its_expected_outcome(case: Case, loopback):
    port, connections = loopback
    _, result = read_case(case, port)
    got = [(p.code, p.sheet, p.cell) for p in result.problems]
    if isinstance(case.expect, Rejected):
        assert not result.ok
        assert got == list(case.expect.problems), [p.render("en") for p in result.problems]
    else:
        assert result.ok, [p.render("en") for p in result.problems]
        for column, values in case.expect.entries.items():
            assert tuple(result.entries[column]) == values, column
        if case.expect.scores is not None:
            scores = result.scores[result.scores.indicator == "三会一课"].score
            assert tuple(scores) == case.expect.scores
        assert tuple(p.code for p in result.warnings) == case.expect.warnings
        if case.expect.descriptions is not None:
            assert tuple(result.catalog.description) == case.expect.descriptions
    assert connections == []  # nothing was fetched: no entity, link or formula reached out


@pytest.mark.parametrize("case", CASES, ids=by_name)
def test_every_message_is_located_translated_and_inert(case: Case, loopback):
    _, result = read_case(case, loopback[0])
    for p in result.problems + result.warnings:
        assert p.file, p
        rendered = {lang: p.render(lang) for lang in LANGS}
        assert rendered["zh"] != rendered["en"]
        for text in rendered.values():
            assert text.startswith(p.location + ": ")
            assert "{" not in text.replace(p.location, "")  # every parameter filled in
            assert text.isprintable()  # no control or bidi character reaches the screen
            assert len(text) < 2000
            assert "root:" not in text  # /etc/passwd was never read


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A store holding one ordinary upload (2025Q2) before the corpus arrives."""
    with Database(tmp_path_factory.mktemp("hostile") / "store.duckdb") as database:
        spec = SheetSpec(quarter="2025Q2", rows=[Row("第一党委", "一支部"), Row("第一党委", "二支部")])
        first = read_workbook(build_workbook([spec]), "2025Q2.xlsx")
        assert first.ok and store.ingest(database, [first], "tests").version == 1
        yield database


def snapshot(db: Database) -> dict[str, list]:
    """Every row of every table of the store (the stored files by their digest)."""
    out = {}
    with db.cursor() as cur:
        for table in TABLES:
            relation = cur.table(table)
            if table == "version_files":
                relation = relation.project("version, position, file_name, sha256, size_bytes")
            out[table] = sorted(relation.fetchall(), key=repr)
    return out


@pytest.mark.parametrize("case", CASES, ids=by_name)
def test_clean_files_are_stored_as_written_and_rejected_ones_change_nothing(case: Case, db,
                                                                           loopback):
    _, result = read_case(case, loopback[0])
    before = snapshot(db)
    latest = store.latest_version(db)
    if isinstance(case.expect, Rejected):
        with pytest.raises(ProblemError) as raised:
            store.ingest(db, [result], "attacker")
        assert [(p.code, p.sheet, p.cell) for p in raised.value.problems] == \
            list(case.expect.problems)
        assert store.latest_version(db) == latest
        assert snapshot(db) == before
        return
    report = store.ingest(db, [result], "tests")
    assert report.version == latest + 1
    stored = store.stored_scores(db, quarters=result.quarters)  # as of the latest version
    keys = set(zip(result.entries.committee, result.entries.branch))
    stored = stored[[key in keys for key in zip(stored.committee, stored.branch)]]
    assert len(stored) == len(result.scores)
    for column in ("committee", "branch", "veto_reason"):
        if column in case.expect.entries:
            got = {None if pd.isna(v) else v for v in stored[column]}
            assert got == set(case.expect.entries[column]), column
    if "note" in case.expect.entries:
        assert sorted(result.entries.note.dropna()) == sorted(
            v for v in case.expect.entries["note"] if v is not None)


def test_a_rejected_file_in_a_mixed_upload_stores_nothing_at_all(db, loopback):
    """One bad file among good ones: the whole upload is refused (SPEC §4: lands whole or not)."""
    good = read_workbook(build_workbook([SheetSpec(quarter="2025Q4", rows=[
        Row("第一党委", "四季度支部")])]), "2025Q4.xlsx")
    bad = next(c for c in CASES if c.name == "xxe_external_entities_in_sheet")
    _, rejected = read_case(bad, loopback[0])
    before = snapshot(db)
    with pytest.raises(ProblemError):
        store.ingest(db, [good, rejected], "attacker")
    assert snapshot(db) == before
