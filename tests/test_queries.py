"""Every SQL file of queries/ parses, declares its grain, and binds only known parameters; every
read query runs against a small store, so broken SQL fails CI.

The store's write statements (queries/store/) depend on staging tables and registered frames made
in sequence by assess.store; here they are parsed and their parameters checked, and the store's
own tests execute them.
"""

import re
from datetime import date, datetime

import duckdb
import pandas as pd
import pytest

from assess.db import QUERIES, Database, load_query, query_names
from scoring_fixtures import DIMENSIONS, entry, make_db

PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")  # as assess.db binds them

SAMPLES = {
    "quarters": ["2025Q1", "2025Q2"],
    "quarter": "2025Q2",
    "year": "2025",
    "first_quarter": "2025Q1",
    "cells": ["party|2025Q1"],
    "first_id": 1,
    "last_id": 100,
    "last_quarter": "2025Q2",
    "as_of": 2,
    "bonus_cap": 5.0,
    "version": 3,
    "target": 1,
    "position": 1,
    "sha256": "0" * 64,
    "user": "tester",
    "action": "upload",
    "restored_version": None,
    "written": 0,
    "unchanged": 0,
    "closed": 0,
    "file_name": "2025Q1.xlsx",
    "size_bytes": 10,
    "row_count": 1,
    "content": b"PK",
    "committees": ["党委A"],
    "period": "2025Q1",
    "created_at": datetime(2026, 1, 1),
    "day": date(2026, 1, 1),
}
"""A sample value per parameter name; a query using a name missing here fails the test."""

ALL_FILES = sorted(p.relative_to(QUERIES).with_suffix("").as_posix()
                   for p in QUERIES.rglob("*.sql"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("queries")
    return make_db(tmp, [
        entry("2025Q1", "党委A", "一支部", "party", {"组织设置": 8.0, "班子建设": None, "党员发展": 15.0,
                                                   "先锋攻坚": 9.0, "制度执行": 40.0},
              bonus=2.0, veto="事故", general_branch="第一总支"),
        entry("2025Q1", "党委A", "一支部", "business", {"利润完成": 50.0, "安全生产": 30.0}),
        entry("2025Q2", "党委B", "二支部", "party", {"组织设置": 5.0, "制度执行": 30.0}, version=2),
        entry("2025Q1", "党委A", "一支部", "party", {"组织设置": 9.0}, version=2),
    ], DIMENSIONS)


def test_there_are_queries():
    assert {"branch_period_scores", "dimension_rates", "indicator_rates",
            "available_periods"} <= set(query_names())


@pytest.mark.parametrize("name", ALL_FILES)
def test_query_file_parses_and_documents_itself(name):
    sql = load_query(name)
    assert sql.lstrip().startswith("--"), f"{name}.sql must start with a comment stating its grain"
    statements = duckdb.extract_statements(sql)  # raises on a syntax error
    if "/" in name:  # a staging step of the store may need a few statements
        assert statements, f"{name}.sql is empty"
    else:
        assert len(statements) == 1, f"{name}.sql: one query per file"
    missing = set(PARAM.findall(sql)) - set(SAMPLES)
    assert not missing, f"{name}.sql: no sample value for parameter(s) {sorted(missing)}"


@pytest.mark.parametrize("name", query_names())
def test_read_query_runs(db, name):
    sql = load_query(name)
    params = {k: SAMPLES[k] for k in set(PARAM.findall(sql))}
    result = db.query(name, **params)
    assert isinstance(result, pd.DataFrame)
    assert len(result.columns) > 0


def test_period_branch_counts_equal_distinct_counts(sample_db):
    """available_periods counts branches as bits: the same numbers as counting distinct
    (committee, branch) of the stored cells, per quarter and per year."""
    from assess import scoring, store

    with Database(sample_db) as db:
        cells = store.stored_scores(db)[["quarter", "committee", "branch"]].drop_duplicates()
        periods = scoring.periods(db).set_index("period")["branches"].to_dict()
    expected = cells.groupby("quarter").size().to_dict()
    cells["year"] = cells["quarter"].str[:4]
    expected |= cells.drop_duplicates(["year", "committee", "branch"]).groupby("year").size().to_dict()
    assert periods == expected and len(expected) >= 10


def test_the_newest_prior_quarter_agrees_with_the_search_of_every_cell(sample_db):
    """prior_quarters_newest (one quarter's row groups) gives what prior_quarters (every
    current cell) gives, whenever it finds both categories — which it does in the sample."""
    from assess import store

    with Database(sample_db) as db:
        quarters = sorted(set(store.stored_scores(db)["quarter"])) + ["2099Q1"]
        found_both = 0
        for quarter in quarters:
            newest = db.query("prior_quarters_newest", quarter=quarter)
            if set(newest["category"]) == {"party", "business"}:
                found_both += 1
                full = db.query("prior_quarters", quarter=quarter)
                key = ["category"]
                pd.testing.assert_frame_equal(
                    newest.sort_values(key).reset_index(drop=True),
                    full.sort_values(key).reset_index(drop=True), check_dtype=False)
        assert found_both >= 5, quarters
