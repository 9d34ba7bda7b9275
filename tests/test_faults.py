"""Faults of the store (issue "Access control and hardening", point 4): an ingest killed with
SIGKILL, simultaneous uploads, readers during a commit, many sessions at once — and the
integrity checks (assess.integrity) that say whether a store is consistent.

Uploads are built by :func:`upload_for` so that what any version must contain can be computed
from its number alone (:func:`expected_scores`). Bounded loops, loopback only, nothing external.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from assess import store
from assess.config import ROOT
from assess.db import Database
from assess.integrity import check_consistency, check_names
from tests.store_builders import make_result

Q = "2025Q1"
PARTY = ("组织设置", "班子建设", "三会一课", "制度执行")
BUSINESS = ("利润完成", "安全生产")
COMMITTEES = ("一党委", "二党委", "三党委", "四党委", "五党委")


# --- deterministic uploads ----------------------------------------------------------------------


def branch(i: int) -> tuple[str, str]:
    return COMMITTEES[i % len(COMMITTEES)], f"第{i:05d}支部"


def party_score(version: int, i: int, j: int) -> float | None:
    """Every party score changes from one version to the next; a few are not applicable."""
    if j == 3 and (i + version) % 13 == 0:
        return None
    return float((version * 7 + i * 3 + j) % 11)


def business_score(version: int, i: int, j: int) -> float:
    return float((version + i + 4 * j) % 10)


def upload_for(version: int, n: int, tag: str = "", file_bytes: int = 200_000):
    """Upload number ``version``: the party cell of every branch 0…n−1, and the business cell of
    the branches whose number ≡ version (mod 3) — so business cells of earlier versions stay
    current and the row count grows over the first three versions."""
    cells, na = {}, math.nan
    for i in range(n):
        committee, name = branch(i)
        scores = {ind: party_score(version, i, j) for j, ind in enumerate(PARTY)}
        cells[(committee, name, "party")] = {k: na if v is None else v for k, v in scores.items()}
        if i % 3 == version % 3:
            cells[(committee, name, "business")] = {ind: business_score(version, i, j) for j, ind in enumerate(BUSINESS)}
    content = f"upload {version}{tag}".encode().ljust(file_bytes, b"\0")  # kept byte for byte
    return make_result(f"{Q}-v{version}{tag}.xlsx", Q, cells, content=content)


def expected_scores(version: int, n: int) -> dict:
    """What ``stored_scores(as_of=version)`` must hold after uploads 1…version of :func:`upload_for`:
    {(committee, branch, category, indicator): (score or None, version that wrote it)}."""
    out = {}
    if version < 1:
        return out
    for i in range(n):
        committee, name = branch(i)
        for j, ind in enumerate(PARTY):
            out[(committee, name, "party", ind)] = (party_score(version, i, j), version)
        written = version - (version - i) % 3  # the latest version ≤ `version` that is ≡ i (mod 3)
        if written >= 1:
            for j, ind in enumerate(BUSINESS):
                out[(committee, name, "business", ind)] = (business_score(written, i, j), written)
    return out


def observed(df) -> dict:
    """A stored_scores frame in the shape of :func:`expected_scores`."""
    return {
        (r.committee, r.branch, r.category, r.indicator): (None if math.isnan(r.score) else r.score, int(r.version))
        for r in df.itertuples()
    }


def values(df) -> dict:
    """Like :func:`observed` without the version that wrote each cell."""
    return {key: score for key, (score, _) in observed(df).items()}


def matching_version(df, candidates: dict[int, dict]) -> int | None:
    """The version whose whole data ``df`` is, or None when it is a mix (or anything else)."""
    got = observed(df)
    return next((v for v, want in candidates.items() if got == want), None)


# --- the integrity checks themselves -------------------------------------------------------------


@pytest.fixture
def small_store(tmp_path):
    """Four versions: three uploads of 30 branches and a rollback to version 1."""
    with Database(tmp_path / "s.duckdb") as db:
        for v in (1, 2, 3):
            store.ingest(db, [upload_for(v, 30)], "u")
        store.rollback(db, 1, "admin")
        yield db


def test_a_consistent_store_has_no_violation(small_store):
    assert len(check_names()) >= 6
    assert check_consistency(small_store) == []
    assert observed(store.stored_scores(small_store, as_of=3)) == expected_scores(3, 30)


@pytest.mark.parametrize("corruption, check", [
    ("UPDATE entries SET valid_to = NULL WHERE valid_to = 2", "overlapping_entries"),
    ("UPDATE entries SET valid_from = 9 WHERE entry_id = (SELECT max(entry_id) FROM entries)", "entry_versions"),
    ("UPDATE entries SET valid_to = valid_from WHERE entry_id = 1", "entry_versions"),
    ("DELETE FROM versions WHERE version = 4", "entry_versions"),
    ("DELETE FROM versions WHERE version = 2", "version_records"),
    ("INSERT INTO entries SELECT * FROM entries WHERE entry_id = 1", "duplicate_ids"),
    ("INSERT INTO entry_scores SELECT * FROM entry_scores WHERE entry_id = 1 LIMIT 1", "duplicate_ids"),
    ("DELETE FROM entries WHERE entry_id = 1", "orphan_rows"),
    ("UPDATE entries SET branch_id = 999 WHERE entry_id = 1", "orphan_rows"),
    ("DELETE FROM indicators WHERE name = '安全生产'", "orphan_rows"),
    ("UPDATE entry_scores SET score = coalesce(score, 0) + 1 WHERE entry_id = 2", "entry_sums"),
    ("DELETE FROM entry_scores WHERE entry_id = 2", "entry_sums"),
    ("DELETE FROM version_files WHERE version = 1", "version_records"),
    ("UPDATE versions SET entries_written = entries_written - 1 WHERE version = 3", "version_records"),
    ("UPDATE versions SET restored_version = NULL WHERE version = 4", "version_records"),
])
def test_each_corruption_is_reported_by_its_check(small_store, corruption, check):
    with small_store.cursor() as cur:
        cur.execute(corruption)
    violations = check_consistency(small_store)
    assert violations, corruption
    assert check in {line.split(":", 1)[0] for line in violations}, violations
    assert all(len(line) > len(check) + 10 for line in violations)  # each says what is wrong


def test_many_violations_are_capped_per_check(small_store):
    with small_store.cursor() as cur:
        cur.execute("UPDATE entries SET valid_from = 99")
    violations = [v for v in check_consistency(small_store, limit=5) if v.startswith("entry_versions:")]
    assert len(violations) == 6 and violations[-1].startswith("entry_versions: … and ")


# --- (a) an ingest killed with SIGKILL -----------------------------------------------------------

KILL_BRANCHES = 3000
KILL_FILE_BYTES = 2_000_000  # the kept file makes the write and the commit last long enough to hit
KILL_BUDGET_S = 18.0
WRITER = """
import sys
from assess import store
from assess.db import Database
from tests.test_faults import upload_for

db = Database(sys.argv[1])
n, file_bytes = int(sys.argv[2]), int(sys.argv[3])
print("ready", flush=True)
while True:
    version = store.latest_version(db) + 1
    upload = upload_for(version, n, file_bytes=file_bytes)
    print("begin", version, flush=True)
    report = store.ingest(db, [upload], "writer")
    assert report.version == version, report
    print("committed", version, flush=True)
"""


def run_writer_and_kill(path, rng: random.Random, ingest_s: float) -> tuple[int, int, float]:
    """Start a process that ingests upload after upload; SIGKILL it at a random instant of its
    k-th ingest (k random in 1…3; the instant uniform over ``ingest_s`` × 1.2).

    Returns the last version it began, the last it reported committed (0 when none), and the
    duration of its last complete ingest (``ingest_s`` when none completed).
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(KILL_BRANCHES), str(KILL_FILE_BYTES)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    target, began, committed, begun_at = rng.randint(1, 3), [], [], 0.0
    try:
        for _ in range(20):  # bounded: at most a few lines before the target ingest begins
            word, *rest = proc.stdout.readline().split() or ["eof"]
            if word == "begin":
                began.append(int(rest[0]))
                begun_at = time.monotonic()
            elif word == "committed":
                committed.append(int(rest[0]))
                ingest_s = time.monotonic() - begun_at
            elif word != "ready":
                break
            if len(began) == target:
                time.sleep(rng.uniform(0, 1.2 * ingest_s))
                break
    finally:
        proc.kill()
        proc.wait(timeout=30)
    tail = proc.stdout.read().split()
    began += [int(v) for word, v in zip(tail, tail[1:]) if word == "begin"]
    committed += [int(v) for word, v in zip(tail, tail[1:]) if word == "committed"]
    assert proc.returncode == -9 and began, proc.stderr.read()
    return max(began), max(committed, default=0), ingest_s


def test_ingest_killed_at_random_points_leaves_whole_versions(tmp_path):
    path = tmp_path / "killed.duckdb"
    Database(path).close()
    rng = random.Random(20251121)
    started = time.monotonic()
    trials, interrupted, latest, ingest_s = 0, 0, 0, 0.3
    while trials < 4 or (time.monotonic() - started < KILL_BUDGET_S and trials < 40):
        before = latest
        began, committed, ingest_s = run_writer_and_kill(path, rng, ingest_s)
        trials += 1
        with Database(path) as db:  # reopening replays the write-ahead log of the killed process
            latest = store.latest_version(db)
            # the version in flight either landed whole (committed, not yet reported) or not at all
            assert max(before, committed) <= latest <= began
            interrupted += began > latest
            assert list(store.versions(db).version) == list(range(latest, 0, -1))
            assert check_consistency(db) == []
            assert observed(store.stored_scores(db)) == expected_scores(latest, KILL_BRANCHES)
            if latest >= 2:
                assert observed(store.stored_scores(db, as_of=latest - 1)) == expected_scores(latest - 1, KILL_BRANCHES)
    assert interrupted >= 1, f"no kill landed inside an ingest in {trials} trials"
    with Database(path) as db:
        for version in range(1, latest + 1):  # every earlier version is still exactly readable
            assert observed(store.stored_scores(db, as_of=version)) == expected_scores(version, KILL_BRANCHES)
        # the store accepts the next upload after the crashes
        report = store.ingest(db, [upload_for(latest + 1, KILL_BRANCHES)], "after")
        assert report.version == latest + 1 and check_consistency(db) == []
    print(f"\nSIGKILL: {trials} trials, {interrupted} before the commit landed, {latest} versions committed")


# --- (b) two uploads at the same moment from two threads ----------------------------------------


def test_simultaneous_uploads_from_two_threads_are_serialised(tmp_path):
    n = 1500
    with Database(tmp_path / "two.duckdb") as db:
        for _ in range(3):  # three rounds of two simultaneous uploads
            base = store.latest_version(db)
            # 乙 covers every branch of 甲 and half as many again, with different values
            uploads = {
                "甲": upload_for(base + 1, n, tag="甲"),
                "乙": upload_for(base + 2, n + n // 2, tag="乙"),
            }
            reports, errors = run_together({user: (lambda u=user: store.ingest(db, [uploads[u]], u)) for user in uploads})
            assert errors == []
            assert sorted(r.version for r in reports.values()) == [base + 1, base + 2]
            by_version = {r.version: user for user, r in reports.items()}
            assert dict(zip(store.versions(db).version, store.versions(db).user_name)).items() >= by_version.items()
            # as of each version, each cell holds the value of the upload that wrote it last
            state = observed(store.stored_scores(db, as_of=base))
            for version in (base + 1, base + 2):
                upload = uploads[by_version[version]]
                state = replace_cells(state, upload, version)
                assert observed(store.stored_scores(db, as_of=version)) == state
            assert check_consistency(db) == []


def run_together(calls: dict[str, callable]) -> tuple[dict, list]:
    """Run the calls on threads released at the same instant; their results and any exceptions."""
    barrier = threading.Barrier(len(calls))
    results, errors = {}, []

    def run(key, call):
        barrier.wait()
        try:
            results[key] = call()
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the caller
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in calls.items()]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not any(th.is_alive() for th in threads)
    return results, errors


def replace_cells(state: dict, upload, version: int) -> dict:
    """``state`` after ``upload`` was stored as ``version``: each cell it covers is replaced whole."""
    covered = {(r.committee, r.branch, r.category) for r in upload.entries.itertuples()}
    out = {k: v for k, v in state.items() if k[:3] not in covered}
    for r in upload.scores.itertuples():
        out[(r.committee, r.branch, r.category, r.indicator)] = (None if math.isnan(r.score) else r.score, version)
    return out


# --- (c) readers during a commit see whole versions ----------------------------------------------


def read_while_committing(db, n: int, sessions: int, versions: list[int], read) -> dict:
    """Commit ``versions`` (uploads of :func:`upload_for`) on one thread while ``sessions`` reader
    threads call ``read()`` in a loop (once before the writer starts); each read must be one whole
    version.

    Returns figures: reads, reads that overlapped a commit, versions seen, errors, reads per session.
    """
    candidates = {v: expected_scores(v, n) for v in range(versions[0] - 1, versions[-1] + 1)}
    done = threading.Event()
    commits: list[tuple[float, float]] = []
    seen: list[tuple[float, float, int | None]] = []
    errors: list[BaseException] = []
    per_session = [0] * sessions
    barrier = threading.Barrier(sessions + 1)

    def writer():
        barrier.wait()
        try:
            for version in versions:
                time.sleep(0.05)  # let every reader read the old version first
                t0 = time.monotonic()
                assert store.ingest(db, [upload_for(version, n)], "writer").version == version
                commits.append((t0, time.monotonic()))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            done.set()

    def read_once(k: int) -> None:
        t0 = time.monotonic()
        version = matching_version(read(), candidates)
        seen.append((t0, time.monotonic(), version))
        per_session[k] += 1

    def reader(k: int):
        try:
            read_once(k)  # every session has read the old version before the writer starts
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        barrier.wait()
        try:
            for _ in range(10_000):  # bounded; ends when the writer is done, after a last read
                finished = done.is_set()
                read_once(k)
                if finished:
                    break
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader, args=(k,)) for k in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert not any(th.is_alive() for th in threads)
    overlapping = sum(1 for t0, t1, _ in seen for c0, c1 in commits if t0 < c1 and c0 < t1)
    return {
        "errors": errors, "reads": len(seen), "overlapping": overlapping,
        "versions": [v for _, _, v in seen], "per_session": per_session,
    }


CURRENT = 2**31 - 1
"""As of a version beyond any: the current rows, read in one query without the version table."""


def test_readers_during_a_commit_see_only_whole_versions(tmp_path):
    """Readers alternate the product's read (as of the latest version) and a read of the current
    rows: the first is also protected by the version row being written last, the second only by
    the transaction, so a non-atomic ingest shows up as a mix there."""
    n = 3000
    reads = iter(range(10**9))
    with Database(tmp_path / "readers.duckdb") as db:
        store.ingest(db, [upload_for(1, n)], "setup")

        def read():
            return store.stored_scores(db, as_of=None if next(reads) % 2 else CURRENT)

        figures = read_while_committing(db, n, sessions=3, versions=[2, 3], read=read)
        assert figures["errors"] == []
        assert None not in figures["versions"], "a read saw a mix of two versions"
        assert figures["versions"].count(1) >= 3 and 3 in figures["versions"]
        assert set(figures["versions"]) <= {1, 2, 3}
        # the readers did read while the writer committed (otherwise nothing was tested)
        assert figures["overlapping"] >= 1
        print(f"\nreaders: {figures['reads']} reads, {figures['overlapping']} during a commit")


# --- (d) twenty sessions reading while an upload commits -----------------------------------------


def test_twenty_sessions_read_while_an_upload_commits(tmp_path):
    n = 600
    with Database(tmp_path / "sessions.duckdb") as db:
        store.ingest(db, [upload_for(1, n)], "setup")

        reads = iter(range(10**9))

        def session_read():
            # what a dashboard session does on a rerun: several queries, each on its own cursor
            assert int(db.scalar("data_version")) >= 1
            assert len(store.versions(db)) >= 1
            return store.stored_scores(db, as_of=None if next(reads) % 2 else CURRENT, quarters=[Q])

        figures = read_while_committing(db, n, sessions=20, versions=[2, 3], read=session_read)
        assert figures["errors"] == []  # no ResourceInUseException, no other error
        assert None not in figures["versions"]
        assert all(count >= 2 for count in figures["per_session"]), figures["per_session"]
        assert figures["versions"].count(1) >= 20 and 3 in figures["versions"]
        assert figures["overlapping"] >= 1
        assert store.latest_version(db) == 3 and check_consistency(db) == []
        print(f"\nsessions: 20 held, {figures['reads']} reads, {figures['overlapping']} during a commit")


# --- races between a read that decides a write and the write -------------------------------------


def test_rollback_while_another_session_uploads(tmp_path, monkeypatch):
    """Another session's upload commits between rollback's read of the latest version and its
    transaction (forced here by running it at that point): the rollback must still land."""
    with Database(tmp_path / "race.duckdb") as db:
        store.ingest(db, [upload_for(1, 30)], "u")
        store.ingest(db, [upload_for(2, 30)], "u")
        real = store.latest_version

        def latest_then_other_upload(db_):
            version = real(db_)
            monkeypatch.setattr(store, "latest_version", real)
            store.ingest(db, [upload_for(3, 30)], "other session")
            return version

        monkeypatch.setattr(store, "latest_version", latest_then_other_upload)
        report = store.rollback(db, 1, "admin")
        monkeypatch.undo()  # a store that no longer calls latest_version here never had the race
        assert report.version == store.latest_version(db)
        assert store.versions(db).action.iloc[0] == "rollback"
        assert values(store.stored_scores(db)) == values(store.stored_scores(db, as_of=1))
        assert check_consistency(db) == []


def test_same_file_uploaded_twice_at_once_is_stored_once(tmp_path, monkeypatch):
    """SPEC §4: a file whose SHA-256 is stored changes nothing. Two sessions uploading the same
    file at once (forced: the second commits between the first's duplicate check and its write)."""
    with Database(tmp_path / "twice.duckdb") as db:
        upload = upload_for(1, 30)
        real = store._split_duplicates

        def split_then_other_upload(db_, results):
            out = real(db_, results)
            monkeypatch.setattr(store, "_split_duplicates", real)
            assert store.ingest(db, [upload], "other session").version == 1
            return out

        monkeypatch.setattr(store, "_split_duplicates", split_then_other_upload)
        report = store.ingest(db, [upload], "u")
        assert report.version is None and report.duplicate_of == 1
        assert store.latest_version(db) == 1
