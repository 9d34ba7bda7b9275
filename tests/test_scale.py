"""The scale generator (assess.scale) at a small size: what the benchmarks build is a valid store
and a valid workbook. Figures, not timings: scripts/bench.py measures; tests never time."""

from __future__ import annotations

import math

import pytest

from assess import integrity, store
from assess.config import Config
from assess.db import Database
from assess.indicators import DEFAULT_INDICATORS
from assess.scale import (
    build_scale_db,
    committees_for,
    next_quarter,
    quarter_rows,
    quarters_ending,
    scale_workbook,
)
from assess.scoring import branch_scores, dimension_rates, indicator_rates, periods
from assess.workbook import read_workbook

BRANCHES, QUARTERS = 200, 4
MARKS = {(i.category, i.name): i.full_mark for i in DEFAULT_INDICATORS}


@pytest.fixture(scope="module")
def scale_db(tmp_path_factory):
    path = build_scale_db(tmp_path_factory.mktemp("scale") / "scale.duckdb", BRANCHES, QUARTERS)
    with Database(path, read_only=True) as db:
        yield db


def test_quarters_and_committees():
    assert quarters_ending("2025Q4", 4) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert quarters_ending("2025Q2", 3) == ["2024Q4", "2025Q1", "2025Q2"]
    assert next_quarter("2025Q4") == "2026Q1" and next_quarter("2025Q1") == "2025Q2"
    assert committees_for(200) == 8 and committees_for(10) == 1 and committees_for(100_000) == 4000


def test_counts(scale_db):
    scores = store.stored_scores(scale_db)
    assert set(scores["quarter"]) == set(quarters_ending("2025Q4", QUARTERS))
    # one current cell per branch × quarter × category; 10 party + 6 business indicators
    cells = scores.drop_duplicates(["quarter", "committee", "branch", "category"])
    assert len(cells) == BRANCHES * QUARTERS * 2
    assert len(scores) == BRANCHES * QUARTERS * 16
    assert scores.groupby(["committee", "branch"]).ngroups == BRANCHES
    assert scores["committee"].nunique() == committees_for(BRANCHES)
    # one version per quarter, then a correction of a share of the latest quarter
    assert store.latest_version(scale_db) == QUARTERS + 1
    versions = store.versions(scale_db)
    assert list(versions["version"]) == list(range(QUARTERS + 1, 0, -1))
    assert 0 < versions.iloc[0]["entries_written"] < BRANCHES * 2


def test_every_score_within_its_full_mark(scale_db):
    scores = store.stored_scores(scale_db)
    applicable = scores.dropna(subset=["score"])
    assert (applicable["score"] >= 0).all()
    assert (applicable["score"] <= applicable["full_mark"]).all()
    marks = scores.set_index(["category", "indicator"])["full_mark"]
    assert all(marks.loc[key].eq(mark).all() for key, mark in MARKS.items())


def test_realistic_variety(scale_db):
    scores = store.stored_scores(scale_db)
    assert scores["score"].isna().any(), "some 不适用 cells"
    assert scores["general_branch"].notna().any() and scores["general_branch"].isna().any()
    assert (scores["bonus"] > 0).any() and (scores["deduction"] > 0).any()
    na_by_category = scores[scores["score"].isna()].groupby("category").size()
    assert na_by_category.get("business", 0) > na_by_category.get("party", 0)


def test_the_store_passes_the_integrity_checks(scale_db):
    assert integrity.check_consistency(scale_db) == []


@pytest.mark.parametrize("period", ["2025Q3", "2025"])
def test_branch_scores_one_row_per_branch(scale_db, period):
    table = branch_scores(scale_db, period, Config())
    assert len(table) == BRANCHES
    assert table["branch"].nunique() == BRANCHES
    assert table["party_score"].between(0, 105).all() and table["business_score"].between(0, 105).all()
    assert table["rank"].notna().all()
    assert table["veto"].dtype == bool


def test_the_correction_is_visible_only_from_its_version(scale_db):
    latest = store.latest_version(scale_db)
    before = branch_scores(scale_db, "2025Q4", Config(), as_of=latest - 1)
    after = branch_scores(scale_db, "2025Q4", Config(), as_of=latest)
    merged = before.merge(after, on=["committee", "branch"], suffixes=("_before", "_after"))
    changed = (merged["party_score_before"] != merged["party_score_after"]).sum()
    assert 0 < changed < BRANCHES


def test_other_scoring_functions_run(scale_db):
    assert set(periods(scale_db)["period"]) >= {"2025Q1", "2025"}
    rates = dimension_rates(scale_db, "2025Q3")
    assert rates["rate"].between(0, 1).all() and rates["dimension"].nunique() == 6
    heat = indicator_rates(scale_db, "2025Q3")
    assert len(heat) == BRANCHES * 16
    assert heat["rate"].dropna().between(0, 1).all()


def test_quarter_rows_match_the_store():
    rows = quarter_rows(30, "2025Q3")
    assert len(rows) == 30 * 16
    assert rows["branch"].iloc[0] == "第1党支部"


def test_workbook_reads_without_problems_and_ingests(tmp_path):
    content = scale_workbook(BRANCHES, "2025Q3")
    result = read_workbook(content, "2025Q3.xlsx")
    assert result.ok, [p.render("en") for p in result.problems[:5]]
    assert not result.warnings, [p.render("en") for p in result.warnings[:5]]
    assert result.quarters == ["2025Q3"]
    assert len(result.entries) == BRANCHES * 2 and len(result.scores) == BRANCHES * 16
    assert result.scores["score"].isna().any()
    with Database(tmp_path / "ingest.duckdb") as db:
        report = store.ingest(db, [result], "tests")
        assert report.version == 1 and report.entries_written == BRANCHES * 2
        table = branch_scores(db, "2025Q3", Config())
        assert len(table) == BRANCHES


def test_workbook_holds_the_stores_values(tmp_path):
    """Re-uploading a quarter the generator wrote into a store changes nothing: same values,
    same fingerprints."""
    path = build_scale_db(tmp_path / "small.duckdb", 40, 2, last_quarter="2025Q4", correction_share=0)
    result = read_workbook(scale_workbook(40, "2025Q3"), "2025Q3.xlsx")
    with Database(path) as db:
        status = store.preview(db, [result])
        assert set(status["status"]) == {"unchanged"} and len(status) == 80
        before = branch_scores(db, "2025Q3", Config())
        store.ingest(db, [result], "tests")
        after = branch_scores(db, "2025Q3", Config())
    cols = ["committee", "branch", "party_score", "business_score", "veto"]
    assert before[cols].equals(after[cols])
    assert not math.isnan(after["party_score"].mean())
