"""Versions, replace-what-it-covers, as-of reads, rollback and idempotency (SPEC §4 Versions)."""

from __future__ import annotations

import math

import pytest

from assess import store
from assess.db import Database
from assess.problems import Problem, ProblemError
from tests.store_builders import NA, make_result

Q1, Q2 = "2025Q1", "2025Q2"
A = ("一党委", "甲支部", "party")
B = ("一党委", "乙支部", "party")
C = ("二党委", "丙支部", "party")


@pytest.fixture
def db(tmp_path):
    with Database(tmp_path / "t.duckdb") as database:
        yield database


def scores_of(db, as_of=None, quarters=()):
    """{(quarter, branch, indicator): score} as of a version; NaN for not applicable."""
    df = store.stored_scores(db, as_of=as_of, quarters=quarters)
    return {(r.quarter, r.branch, r.indicator): r.score for r in df.itertuples()}


def test_empty_store_has_version_zero(db):
    assert store.latest_version(db) == 0
    assert store.versions(db).empty
    assert store.stored_scores(db).empty


def test_upload_creates_version_with_file_metadata_and_bytes(db):
    r = make_result("2025Q1.xlsx", Q1, {A: {"x": 5, "y": 6}, B: {"x": 7, "y": NA}})
    report = store.ingest(db, [r], "组织部")
    assert report.version == 1
    assert report.entries_written == 2 and report.entries_unchanged == 0
    v = store.versions(db).iloc[0]
    assert v.version == 1 and v.user_name == "组织部" and v.action == "upload"
    assert list(v.quarters) == [Q1] and list(v.file_names) == ["2025Q1.xlsx"]
    assert list(v.sha256s) == [r.sha256] and v.size_bytes == len(r.content)
    assert store.version_file(db, 1, 1) == ("2025Q1.xlsx", r.content)
    got = scores_of(db)
    assert got[(Q1, "甲支部", "x")] == 5 and math.isnan(got[(Q1, "乙支部", "y")])


def test_same_file_twice_changes_nothing_and_names_the_version(db):
    r = make_result("a.xlsx", Q1, {A: {"x": 5}})
    store.ingest(db, [r], "u")
    again = store.ingest(db, [make_result("renamed.xlsx", Q1, {A: {"x": 5}}, content=r.content)], "u")
    assert again.version is None and again.duplicate_of == 1
    assert again.duplicates == {"renamed.xlsx": 1}
    assert store.latest_version(db) == 1


def test_upload_replaces_only_the_cells_it_covers(db):
    store.ingest(db, [make_result("q1.xlsx", Q1, {A: {"x": 5}, B: {"x": 6}})], "u")
    store.ingest(db, [make_result("q2.xlsx", Q2, {A: {"x": 1}})], "u")
    # a correction of branch A in Q1 only: B in Q1 and A in Q2 stay as they were
    report = store.ingest(db, [make_result("fix.xlsx", Q1, {A: {"x": 9}})], "u")
    assert report.version == 3 and report.entries_written == 1
    got = scores_of(db)
    assert got == {(Q1, "甲支部", "x"): 9, (Q1, "乙支部", "x"): 6, (Q2, "甲支部", "x"): 1}


def test_unchanged_cells_are_counted_not_rewritten(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}, B: {"x": 6}})], "u")
    report = store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 5}, B: {"x": 7}})], "u")
    assert (report.entries_written, report.entries_unchanged) == (1, 1)
    df = store.stored_scores(db)
    assert dict(zip(df.branch, df.version)) == {"甲支部": 1, "乙支部": 2}


def test_as_of_reads_every_earlier_version(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 8}, C: {"x": 3}})], "u")
    assert scores_of(db, as_of=1) == {(Q1, "甲支部", "x"): 5}
    assert scores_of(db, as_of=2) == {(Q1, "甲支部", "x"): 8, (Q1, "丙支部", "x"): 3}
    assert scores_of(db, as_of=0) == {}


def test_quarter_filter(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    store.ingest(db, [make_result("b.xlsx", Q2, {A: {"x": 6}})], "u")
    assert scores_of(db, quarters=[Q2]) == {(Q2, "甲支部", "x"): 6}


def test_rollback_makes_a_new_version_equal_to_the_old_one(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 8}, C: {"x": 3}})], "u")
    store.ingest(db, [make_result("c.xlsx", Q2, {B: {"x": 1}})], "u")
    report = store.rollback(db, 1, "admin")
    assert report.version == 4
    assert report.entries_written == 1  # A restored to 5
    assert report.entries_closed == 2  # C in Q1 and B in Q2 did not exist in version 1
    assert report.quarters == [Q1, Q2]
    assert scores_of(db) == scores_of(db, as_of=1) == {(Q1, "甲支部", "x"): 5}
    # nothing is lost: version 3 is still readable, and rolling forward again works
    assert scores_of(db, as_of=3)[(Q2, "乙支部", "x")] == 1
    store.rollback(db, 3, "admin")
    assert scores_of(db) == scores_of(db, as_of=3)
    v = store.versions(db)
    assert list(v.action[:2]) == ["rollback", "rollback"] and list(v.restored_version[:2]) == [3, 1]


@pytest.mark.parametrize("target, code", [(0, "version_not_found"), (9, "version_not_found"), (2, "rollback_to_latest")])
def test_rollback_refuses_impossible_targets(db, target, code):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 6}})], "u")
    with pytest.raises(ProblemError) as err:
        store.rollback(db, target, "u")
    assert [p.code for p in err.value.problems] == [code]
    assert err.value.problems[0].render("zh") and err.value.problems[0].render("en")
    assert store.latest_version(db) == 2


def test_rejected_upload_stores_nothing(db):
    good = make_result("good.xlsx", Q1, {A: {"x": 5}})
    bad = make_result("bad.xlsx", Q1, {B: {"x": 5}})
    bad.problems.append(Problem("file_not_found", "bad.xlsx", params={"path": "bad.xlsx"}))
    with pytest.raises(ProblemError):
        store.ingest(db, [good, bad], "u")
    assert store.latest_version(db) == 0 and store.stored_scores(db).empty


def test_same_cell_in_two_files_of_one_upload_is_rejected(db):
    first = make_result("a.xlsx", Q1, {A: {"x": 5}})
    second = make_result("b.xlsx", Q1, {A: {"x": 6}})
    with pytest.raises(ProblemError) as err:
        store.ingest(db, [first, second], "u")
    (problem,) = err.value.problems
    assert problem.code == "duplicate_across_files" and problem.file == "b.xlsx"
    assert "a.xlsx" in problem.render("en")
    assert store.latest_version(db) == 0


def test_dry_run_reports_and_writes_nothing(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    report = store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 6}, B: {"x": 1}})], "u", dry_run=True)
    assert report.version is None and report.entries_written == 2
    assert store.latest_version(db) == 1 and scores_of(db) == {(Q1, "甲支部", "x"): 5}


def test_preview_statuses_and_details(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5, "y": 2}, B: {"x": 6}})], "u")
    p = store.preview(db, [make_result("b.xlsx", Q1, {A: {"x": 7, "y": NA}, B: {"x": 6}, C: {"x": 1}})])
    status = dict(zip(p.branch, p.status))
    assert status == {"甲支部": "changed", "乙支部": "unchanged", "丙支部": "new_branch"}
    detail = dict(zip(p.branch, p.detail))["甲支部"]
    assert "x 5 → 7" in detail and "y 2 → —" in detail
    p2 = store.preview(db, [make_result("c.xlsx", Q2, {A: {"x": 1}})])
    assert list(p2.status) == ["new"]


def test_bonus_and_veto_changes_count_as_changes(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    p = store.preview(db, [make_result("b.xlsx", Q1, {A: {"x": 5}}, veto={A: "安全事故"})])
    assert list(p.status) == ["changed"]
    p = store.preview(db, [make_result("c.xlsx", Q1, {A: {"x": 5}}, bonus={A: 2.0})])
    assert list(p.status) == ["changed"]


def test_prior_full_marks_come_from_latest_earlier_quarter(db):
    store.ingest(db, [make_result("a.xlsx", "2024Q4", {A: {"x": 5}}, full_mark=8)], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 5}}, full_mark=12)], "u")
    assert store.prior_full_marks(db, Q2) == {("party", "x"): 12.0}
    assert store.prior_full_marks(db, Q1) == {("party", "x"): 8.0}
    assert store.prior_full_marks(db, "2024Q1") == {}


def test_prior_full_marks_take_each_categorys_latest_quarter_only(db):
    """SPEC §4 "the latest stored quarter": per category, the newest earlier quarter holding
    that category; an indicator dropped since then is not carried forward."""
    business = ("一党委", "甲支部", "business")
    store.ingest(db, [make_result("a.xlsx", "2024Q4", {A: {"x": 5, "old": 1},
                                                        business: {"利润": 9}}, full_mark=8)], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 5}}, full_mark=12)], "u")
    assert store.prior_full_marks(db, Q2) == {("party", "x"): 12.0, ("business", "利润"): 8.0}
    # a correction of the latest quarter replaces its marks; closed cells do not count
    store.ingest(db, [make_result("c.xlsx", Q1, {A: {"x": 5}}, full_mark=15)], "u")
    assert store.prior_full_marks(db, Q2)[("party", "x")] == 15.0


def test_prior_full_marks_skip_a_quarter_rolled_away(db):
    """The newest quarter an upload touched is not "stored" once a rollback closed its cells:
    the marks come from the quarter before it."""
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}}, full_mark=8)], "u")
    store.ingest(db, [make_result("b.xlsx", Q2, {A: {"x": 5}}, full_mark=12)], "u")
    assert store.prior_full_marks(db, "2025Q3") == {("party", "x"): 12.0}
    store.rollback(db, 1, "u")
    assert store.prior_full_marks(db, "2025Q3") == {("party", "x"): 8.0}


def test_known_branches_are_every_stored_name(db):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}, B: {"x": 6}})], "u")
    assert store.known_branches(db) == {(A[0], A[1]), (B[0], B[1])}


def test_a_schema_1_store_gets_fingerprints_that_match_new_uploads(tmp_path, monkeypatch):
    """A store written before schema 2 kept DuckDB's hash() as fingerprints. Opened for writing,
    it gets them recomputed (a few cells at a time, all in one transaction), once: afterwards
    the same values uploaded again are unchanged, and a changed one is changed."""
    import assess.db

    path = tmp_path / "old.duckdb"
    C = ("二党委", "丙支部", "business")
    with Database(path) as db:
        store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5, "y": NA}, B: {"x": 6}},
                                      bonus={A: 1.5}, veto={B: "事故"})], "u")
        store.ingest(db, [make_result("b.xlsx", Q2, {A: {"x": 7}, C: {"利润": 9}})], "u")
        with db.cursor() as cur:
            current = cur.execute("SELECT entry_id, fingerprint FROM entries ORDER BY 1").fetchall()
            cur.execute("UPDATE entries SET fingerprint = 'duckdb-hash-' || entry_id")
            cur.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    monkeypatch.setattr(assess.db, "MIGRATION_CELLS", 2)  # several ranges of entry ids
    with Database(path) as db:
        with db.cursor() as cur:
            assert cur.execute("SELECT entry_id, fingerprint FROM entries ORDER BY 1").fetchall() \
                == current
            assert cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() \
                == (assess.db.SCHEMA_VERSION,)
        again = store.preview(db, [make_result("c.xlsx", Q1, {A: {"x": 5, "y": NA}, B: {"x": 6}},
                                               bonus={A: 1.5}, veto={B: "事故"})])
        assert set(again["status"]) == {"unchanged"}
        changed = store.preview(db, [make_result("d.xlsx", Q2, {A: {"x": 8}, C: {"利润": 9}})])
        assert dict(zip(changed.branch, changed.status)) == {"甲支部": "changed", "丙支部": "unchanged"}


def test_a_damaged_schema_1_store_still_opens_and_is_still_reported(tmp_path):
    """The migration to schema 2 does not stop at a damaged store (an entry id twice, a score of
    no cell): it opens, and the integrity check still names the damage."""
    from assess.integrity import check_consistency

    path = tmp_path / "damaged.duckdb"
    with Database(path) as db:
        c = ("一党委", "丙支部", "party")
        store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}, B: {"x": 6}, c: {"x": 7}})], "u")
        with db.cursor() as cur:
            ids = [r[0] for r in cur.execute("SELECT entry_id FROM entries ORDER BY 1").fetchall()]
            cur.execute("INSERT INTO entries SELECT * FROM entries WHERE entry_id = $i", {"i": ids[0]})
            # the middle cell's row lost, its scores left: orphans among the ids migrated
            cur.execute("DELETE FROM entries WHERE entry_id = $i", {"i": ids[1]})
            cur.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with Database(path) as db:
        checks = {line.split(":")[0] for line in check_consistency(db)}
        with db.cursor() as cur:
            assert cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() \
                == (__import__("assess.db").db.SCHEMA_VERSION,)
    assert {"duplicate_ids", "orphan_rows"} <= checks, checks


def test_ingest_is_atomic_when_a_write_fails(db, monkeypatch):
    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}})], "u")
    real_execute = db.execute
    failed = []

    def failing_execute(cur, name, **params):
        if name == "store/insert_written_scores":
            failed.append(name)
            raise RuntimeError("disk full")
        return real_execute(cur, name, **params)

    monkeypatch.setattr(db, "execute", failing_execute)
    with pytest.raises(RuntimeError):
        store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 9}, B: {"x": 1}})], "u")
    monkeypatch.undo()
    assert failed == ["store/insert_written_scores"]  # the failure came late, after the others
    assert store.latest_version(db) == 1
    assert scores_of(db) == {(Q1, "甲支部", "x"): 5}
    assert store.preview(db, [make_result("c.xlsx", Q1, {B: {"x": 1}})]).status.tolist() == ["new_branch"]


def test_fresh_ids_stay_unique_across_changes_new_branches_and_rollbacks(db):
    """Fresh entry and branch ids are "largest + 1 + position in the upload": unchanged cells
    leave gaps, and ids must never repeat whatever the sequence."""
    from assess.integrity import check_consistency

    store.ingest(db, [make_result("a.xlsx", Q1, {A: {"x": 5}, B: {"x": 6}})], "u")
    store.ingest(db, [make_result("b.xlsx", Q1, {A: {"x": 5}, B: {"x": 7}, C: {"x": 1}})], "u")
    store.rollback(db, 1, "u")
    store.ingest(db, [make_result("c.xlsx", Q2, {C: {"x": 2}, A: {"x": 3}})], "u")
    store.ingest(db, [make_result("d.xlsx", Q1, {B: {"x": 8}, ("三党委", "丁支部", "party"): {"x": 4}})], "u")
    assert check_consistency(db) == []
    with db.cursor() as cur:
        ids = cur.execute("SELECT count(*), count(DISTINCT entry_id) FROM entries").fetchone()
        branches = cur.execute("SELECT count(*), count(DISTINCT branch_id) FROM branches").fetchone()
    assert ids[0] == ids[1] and branches == (4, 4)
    assert scores_of(db, quarters=[Q1]) == {(Q1, "甲支部", "x"): 5, (Q1, "乙支部", "x"): 8,
                                            (Q1, "丁支部", "x"): 4}
