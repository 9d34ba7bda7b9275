"""The rules several queries share live once, as DuckDB macros (assess/macros.sql); every query
uses them; a store written before them still reads; each query is logged by name."""

from __future__ import annotations

import logging
import re

import duckdb
import pytest

from assess import scoring
from assess.config import ROOT, Config
from assess.db import MACRO_NAMES, Database
from tests.views_fixtures import Q2, entries
from tests.scoring_fixtures import insert

QUERY_FILES = sorted((ROOT / "queries").rglob("*.sql"))


@pytest.mark.parametrize("valid_from, valid_to, version, visible", [
    (1, None, 1, True), (1, None, 5, True), (2, None, 1, False), (1, 3, 2, True), (1, 3, 3, False),
    (3, 5, 4, True), (3, 5, 5, False), (3, 5, 2, False),
])
def test_visible_in(tmp_path, valid_from, valid_to, version, visible):
    with Database(tmp_path / "m.duckdb") as db, db.cursor() as cur:
        got = cur.execute("SELECT visible_in($f, $t, $v)", {"f": valid_from, "t": valid_to, "v": version}).fetchone()[0]
    assert got is visible


@pytest.mark.parametrize("score_sum, mark_sum, bonus, deduction, cap, score", [
    (45.0, 50.0, 0.0, 0.0, 5.0, 90.0),     # 100 × 45 / 50
    (45.0, 50.0, 8.0, 0.0, 5.0, 95.0),     # bonus capped at 5
    (45.0, 50.0, 2.0, 3.0, 5.0, 89.0),     # + 2 − 3
    (1.0, 50.0, 0.0, 10.0, 5.0, 0.0),      # never below 0
    (None, None, 1.0, 0.0, 5.0, None),     # no indicator applies
    (0.0, 0.0, 1.0, 0.0, 5.0, None),
])
def test_category_score(tmp_path, score_sum, mark_sum, bonus, deduction, cap, score):
    with Database(tmp_path / "m.duckdb") as db, db.cursor() as cur:
        got = cur.execute("SELECT category_score($s::DOUBLE, $m::DOUBLE, $b, $d, $c)",
                          {"s": score_sum, "m": mark_sum, "b": bonus, "d": deduction, "c": cap}).fetchone()[0]
    assert got == (pytest.approx(score) if score is not None else None)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: str(p.relative_to(ROOT / "queries")))
def test_no_query_spells_a_shared_rule_out(path):
    body = re.sub(r"--.*", "", path.read_text(encoding="utf-8"))
    assert not re.search(r"valid_from\s*<=", body), "as of a version: visible_in(valid_from, valid_to, $v)"
    assert not re.search(r"100\.0\s*\*\s*score_sum", body), "a category score: category_score(…)"


def test_every_as_of_query_uses_the_macro():
    users = {p.stem for p in QUERY_FILES if "visible_in(" in p.read_text(encoding="utf-8")}
    assert {"branch_period_scores", "branch_quarter_scores", "dimension_rates", "indicator_rates",
            "available_periods", "view_branches", "stored_scores_as_of"} <= users


def test_a_store_from_before_the_macros_reads_the_same_read_only(tmp_path):
    path = tmp_path / "old.duckdb"
    with Database(path) as db:
        insert(db, entries())
        expected = scoring.branch_scores(db, Q2, Config())
    con = duckdb.connect(str(path))  # as a store written before assess/macros.sql existed
    con.execute("DROP MACRO visible_in")
    con.execute("DROP MACRO category_score")
    con.execute("DROP MACRO category_raw")
    con.close()
    assert set(MACRO_NAMES) == {"visible_in", "category_raw", "category_score"}
    with Database(path, read_only=True) as db:
        got = scoring.branch_scores(db, Q2, Config())
    assert got[["branch", "composite", "rank"]].equals(expected[["branch", "composite", "rank"]])
    with Database(path) as db, db.cursor() as cur:  # opened for writing: created in the file again
        assert cur.execute("SELECT count(*) FROM duckdb_functions() WHERE function_name = 'visible_in'").fetchone()[0]


def test_each_query_is_logged_with_its_name_and_time(tmp_path, caplog):
    with Database(tmp_path / "m.duckdb") as db:
        insert(db, entries())
        with caplog.at_level(logging.DEBUG, logger="assess.db"):
            db.query("view_branches", as_of=1)
    record = next(r for r in caplog.records if r.name == "assess.db")
    assert record.levelno == logging.DEBUG
    assert re.fullmatch(r"query view_branches: 6 rows in \d+\.\d ms", record.getMessage())
