"""The versioned store: ingest, preview, versions, as-of and rollback (SPEC §4 "Versions").

Every accepted upload is one data version. An upload replaces what it covers — the (branch,
quarter, category) cells present in it — by closing the old rows and writing new ones, so any
earlier version stays readable; a rollback writes a new version equal to an earlier one. Each
ingest and each rollback is one transaction: it lands whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from assess import evaluation_store, fingerprint
from assess.access import scope_problems
from assess.db import Database
from assess.indicators import CATEGORIES
from assess.problems import Problem, ProblemError
from assess.workbook.marks import PriorItem
from assess.workbook.result import BLOCK_COLUMNS, CATALOG_COLUMNS, ENTRY_COLUMNS, WorkbookResult

KEY = ["quarter", "committee", "branch", "category"]
STORED_ENTRY_COLUMNS = [c for c in ENTRY_COLUMNS if c not in ("sheet", "row")]
STATUSES = ("new_branch", "new", "changed", "unchanged")


@dataclass
class IngestReport:
    """What an ingest or rollback did (or, dry run, would do).

    ``version`` is None when nothing was written (dry run, or every file already stored);
    ``duplicates`` maps a file name to the version that already holds its exact bytes;
    ``status`` (a dry run only) is the preview of each cell.
    """

    version: int | None
    quarters: list[str] = field(default_factory=list)
    entries_written: int = 0
    entries_unchanged: int = 0
    entries_closed: int = 0
    files: list[str] = field(default_factory=list)
    duplicates: dict[str, int] = field(default_factory=dict)
    status: pd.DataFrame | None = None

    @property
    def duplicate_of(self) -> int | None:
        """The version holding the files when every file was a duplicate, else None."""
        if self.files or not self.duplicates:
            return None
        return min(self.duplicates.values())


def latest_version(db: Database) -> int:
    """The newest data version, 0 when the store is empty."""
    return int(db.scalar("data_version") or 0)


def prior_catalog(db: Database, quarter: str) -> dict[tuple[str, str], PriorItem]:
    """``{(category, indicator): PriorItem(full mark, dimension)}`` from the latest stored quarter
    before ``quarter`` (per category); a dimension None means the indicator is its own. What the
    reader inherits for indicators a workbook gives no full mark or dimension for (SPEC §4)."""
    latest = db.query("prior_quarters_newest", quarter=quarter)
    if set(latest["category"]) != set(CATEGORIES):  # one is older, or none: look at every cell
        latest = db.query("prior_quarters", quarter=quarter)
    if latest.empty:
        return {}
    df = db.query("prior_catalog", cells=[f"{r.category}|{r.quarter}" for r in latest.itertuples()],
                  first_id=int(latest["first_id"].min()), last_id=int(latest["last_id"].max()))
    return {(r.category, r.indicator): PriorItem(float(r.full_mark),
                                                  None if pd.isna(r.dimension) else str(r.dimension))
            for r in df.itertuples()}


def prior_full_marks(db: Database, quarter: str) -> dict[tuple[str, str], float]:
    """``{(category, indicator): full mark}`` from the latest stored quarter before ``quarter``
    (per category): :func:`prior_catalog`'s full marks."""
    return {key: item.full_mark for key, item in prior_catalog(db, quarter).items()}


def known_branches(db: Database) -> set[tuple[str, str]]:
    """Every stored (committee, branch) name."""
    names = db.arrays("branch_names")
    return set(zip(names["committee"].tolist(), names["branch"].tolist()))


def versions(db: Database) -> pd.DataFrame:
    """One row per data version, newest first (see queries/version_history.sql)."""
    return db.query("version_history")


def version_file(db: Database, version: int, position: int = 1) -> tuple[str, bytes] | None:
    """The original bytes of a stored file, or None."""
    df = db.query("version_file_content", version=version, position=position)
    if df.empty:
        return None
    return str(df.at[0, "file_name"]), bytes(df.at[0, "content"])


def stored_version_of(db: Database, sha256: str, cur=None) -> int | None:
    """The version that already holds a file with this SHA-256, or None (``cur``: in a transaction)."""
    df = db.run(cur, "stored_file_by_sha", sha256=sha256) if cur else db.query("stored_file_by_sha", sha256=sha256)
    return None if df.empty else int(df.at[0, "version"])


def already_stored(db: Database, results: Sequence[WorkbookResult]) -> dict[str, int]:
    """``{file name: version}`` of the files whose exact bytes (SHA-256) a version already holds,
    before anything is committed: the upload page names that version and offers no commit for
    them (committing them would change nothing)."""
    return _split_duplicates(db, results)[1]


def _combined(results: Sequence[WorkbookResult]
              ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The upload's entries (numbered by cell_id), indicator blocks, scores and catalog, the
    files' tables concatenated with their cell and block numbers shifted."""
    entries, blocks, scores = [], [], []
    cells = block_count = 0
    for r in results:
        entries.append(r.entries[STORED_ENTRY_COLUMNS].assign(
            cell_id=np.arange(cells, cells + len(r.entries)), fingerprint=_fingerprints(r)))
        blocks.append(r.table.blocks[BLOCK_COLUMNS].assign(
            block=np.arange(block_count, block_count + len(r.table.blocks))))
        scores.append(pd.DataFrame({"cell_id": r.table.entry + cells,
                                    "block": r.table.block + block_count,
                                    "full_mark": r.table.full_mark, "score": r.table.score}))
        cells += len(r.entries)
        block_count += len(r.table.blocks)
    catalog = pd.concat([r.catalog[CATALOG_COLUMNS] for r in results], ignore_index=True)
    entries = _one(entries)
    # one number per (committee, branch): new branches get their ids from it
    entries["branch_key"] = entries.groupby(["committee", "branch"], sort=False).ngroup()
    return entries, _one(blocks), _one(scores), catalog


def _fingerprints(r: WorkbookResult) -> np.ndarray:
    """The fingerprint (uint64) of each of ``r``'s cells (:mod:`assess.fingerprint`); staging
    stores it as text."""
    e, table = r.entries, r.table
    columns = fingerprint.column_hashes(table.blocks["indicator"], table.blocks["dimension"])
    return fingerprint.cell_fingerprints(
        e["general_branch"], e["bonus"], e["deduction"], e["veto_reason"], e["note"],
        table.entry, columns[table.block], table.full_mark, table.score)


def _one(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _cross_file_duplicates(results: Sequence[WorkbookResult]) -> list[Problem]:
    """The same (quarter, branch, category) in two files of one upload is ambiguous."""
    if len(results) < 2:
        return []
    keyed = pd.concat(
        [r.entries[KEY + ["sheet", "row"]].assign(file=r.file_name) for r in results], ignore_index=True
    )
    keyed["other"] = keyed.groupby(KEY, sort=False)["file"].transform("first")
    dupes = keyed[keyed.duplicated(KEY, keep="first")]
    return [
        Problem("duplicate_across_files", row.file, row.sheet, f"A{row.row}",
                {"branch": row.branch, "quarter": row.quarter, "other": row.other})
        for row in dupes.itertuples(index=False)
    ]


def _stage(db: Database, cur, results: Sequence[WorkbookResult]) -> pd.DataFrame:
    """Register the upload on ``cur`` and run stage_upload; returns the upload's entries,
    numbered by cell_id."""
    entries, blocks, scores, catalog = _combined(results)
    cur.register("upload_entries", entries)
    cur.register("upload_blocks", blocks)
    cur.register("upload_scores", scores)
    cur.register("upload_catalog", catalog)
    quarters = entries["quarter"].dropna()
    db.execute(cur, "store/stage_upload", first_quarter=str(quarters.min()),
               last_quarter=str(quarters.max()))
    return entries


def _status(db: Database, cur, entries: pd.DataFrame) -> pd.DataFrame:
    """Each staged cell's key and status (KEY + status, sorted by KEY)."""
    order = db.run(cur, "store/upload_status")
    status = entries[KEY].take(order["cell_id"].to_numpy()).reset_index(drop=True)
    status["status"] = order["status"].to_numpy()
    return status


def _split_duplicates(db: Database, results: Sequence[WorkbookResult], cur=None):
    """Files to store, and ``{file name: version}`` of those whose bytes are already stored."""
    fresh, duplicates = [], {}
    seen_in_upload: set[str] = set()
    for r in results:
        stored = stored_version_of(db, r.sha256, cur)
        if stored is not None:
            duplicates[r.file_name] = stored
        elif r.sha256 not in seen_in_upload:
            seen_in_upload.add(r.sha256)
            fresh.append(r)
    return fresh, duplicates


def _check(results: Sequence[WorkbookResult]) -> None:
    problems = [p for r in results for p in r.problems]
    if not problems:
        quarterly, evaluations = evaluation_store.split(results)
        problems = _cross_file_duplicates(quarterly) + evaluation_store.cross_file_duplicates(evaluations)
    if problems:
        raise ProblemError(problems)


def preview(db: Database, results: Sequence[WorkbookResult]) -> pd.DataFrame:
    """What an upload would change, one row per (quarter, committee, branch, category).

    Columns: quarter, committee, branch, category, status (new_branch | new | changed |
    unchanged), detail (for changed cells: "indicator old → new; …"). Nothing is written.
    Raises :class:`ProblemError` when a result has problems.
    """
    _check(results)
    fresh, _ = _split_duplicates(db, results)
    fresh, evaluations = evaluation_store.split(fresh)
    if evaluations:  # the year-end evaluation (SPEC §3.16): category 'evaluation', the year
        with db.cursor() as cur:
            evaluation_store.stage(db, cur, evaluations)
            rows = evaluation_store.preview(db, cur)
        if not fresh:
            return rows
        return pd.concat([preview(db, fresh), rows], ignore_index=True)
    if not fresh:
        return pd.DataFrame(columns=KEY + ["status", "detail"])
    with db.cursor() as cur:
        status = _status(db, cur, _stage(db, cur, fresh))
        changed = db.run(cur, "store/changed_scores")
    status["detail"] = ""
    if not changed.empty:
        changed["text"] = [
            f"{r.indicator} {_fmt(r.old_score)} → {_fmt(r.new_score)}" for r in changed.itertuples()
        ]
        detail = changed.groupby(KEY)["text"].agg("; ".join).rename("detail_changed")
        status = status.merge(detail, left_on=KEY, right_index=True, how="left")
        status["detail"] = status["detail_changed"].fillna("")
        status = status.drop(columns="detail_changed")
    return status


def _fmt(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:g}"


def ingest(
    db: Database, results: Sequence[WorkbookResult], user: str, dry_run: bool = False,
    scope: Sequence[str] | None = None,
) -> IngestReport:
    """Store the workbooks as one new data version (or, dry run, say what that would do).

    Files whose exact bytes are already stored are skipped and named in ``duplicates``; when
    every file is such a duplicate nothing is written. Raises :class:`ProblemError` (and stores
    nothing) when any workbook has problems or two files cover the same cell, or when ``scope``
    (the committees the uploader may write; None: every one) leaves out a committee of the
    upload (:func:`assess.access.scope_problems`).
    """
    _check(results)
    if scope is not None:
        if problems := scope_problems(results, scope):
            raise ProblemError(problems)
    fresh, duplicates = _split_duplicates(db, results)
    report = IngestReport(version=None, duplicates=duplicates)
    if not fresh:
        return report
    if dry_run:
        report.status = preview(db, fresh)
        return _fill(report, report.status["status"].value_counts().to_dict(), fresh)
    with db.transaction() as cur:
        # check again under the write lock: the same file uploaded twice at once lands once
        fresh, duplicates = _split_duplicates(db, fresh, cur)
        report.duplicates.update(duplicates)
        if not fresh:
            return report
        version = int(db.run(cur, "data_version").iat[0, 0]) + 1
        quarterly, evaluations = evaluation_store.split(fresh)
        counts: dict[str, int] = {}
        if quarterly:
            _stage(db, cur, quarterly)
            staged = db.run(cur, "store/staged_counts")
            counts = dict(zip(staged["status"], staged["cells"]))
            db.execute(cur, "store/insert_new_branches")
            db.execute(cur, "store/insert_new_indicators")
            db.execute(cur, "store/update_indicator_descriptions")
            db.execute(cur, "store/close_replaced_entries", version=version)
            db.execute(cur, "store/insert_written_entries", version=version)
            db.execute(cur, "store/insert_written_scores")
        if evaluations:  # after the quarterly part: its new branches are known by now
            evaluation_store.stage(db, cur, evaluations)
            for status, n in evaluation_store.write(db, cur, version).items():
                counts[status] = counts.get(status, 0) + int(n)
        _fill(report, counts, fresh)
        db.execute(
            cur, "store/insert_version", version=version, user=user, action="upload",
            restored_version=None, quarters=report.quarters, written=report.entries_written,
            unchanged=report.entries_unchanged, closed=0,
        )
        for position, r in enumerate(fresh, start=1):
            db.execute(
                cur, "store/insert_version_file", version=version, position=position,
                file_name=r.file_name, sha256=r.sha256, size_bytes=r.size,
                quarters=r.quarters, row_count=_row_count(r), content=r.content,
            )
    report.version = version
    return report


def _row_count(r: WorkbookResult) -> int:
    """The rows read from a file: its cells, or an evaluation workbook's scores."""
    return len(r.evaluations) if isinstance(r, evaluation_store.EvaluationResult) else len(r.entries)


def _fill(report: IngestReport, counts: dict[str, int], fresh: Sequence[WorkbookResult]
          ) -> IngestReport:
    """The report's files, quarters and cell counts (``counts``: status → cells)."""
    report.files = [r.file_name for r in fresh]
    report.quarters = sorted({q for r in fresh for q in r.quarters})
    report.entries_unchanged = int(counts.get("unchanged", 0))
    report.entries_written = int(sum(counts.values())) - report.entries_unchanged
    return report


def rollback(db: Database, target: int, user: str, scope: Sequence[str] | None = None) -> IngestReport:
    """Write a new version whose data equals version ``target``; earlier versions stay readable.

    Raises :class:`ProblemError` when ``target`` does not exist or is already the latest, or when
    the user is limited to some committees (``scope`` not None): a rollback rewrites every
    committee's data.
    """
    if scope is not None:
        raise ProblemError([Problem("rollback_scoped", params={"committees": "、".join(scope) or "—"})])
    with db.transaction() as cur:
        latest = int(db.run(cur, "data_version").iat[0, 0])  # under the write lock
        if latest == 0:
            raise ProblemError([Problem("no_versions")])
        if not 1 <= target <= latest:
            raise ProblemError([Problem("version_not_found", params={"version": target, "latest": latest})])
        if target == latest:
            raise ProblemError([Problem("rollback_to_latest", params={"version": target})])
        version = latest + 1
        db.execute(cur, "store/stage_restored_entries", target=target)
        quarters = db.run(cur, "store/restored_quarters", target=target)["quarter"].tolist()
        restored = int(db.run(cur, "store/restored_count").iat[0, 0])
        removed = int(db.run(cur, "store/count_cells_removed_by_rollback", target=target).iat[0, 0])
        db.execute(cur, "store/close_entries_absent_from_version", target=target, version=version)
        db.execute(cur, "store/insert_restored_entries", version=version)
        db.execute(cur, "store/insert_restored_scores")
        years, restored_scores, removed_scores = evaluation_store.rollback(db, cur, target, version)
        quarters = sorted(set(quarters) | set(years))
        restored += restored_scores
        removed += removed_scores
        db.execute(
            cur, "store/insert_version", version=version, user=user, action="rollback",
            restored_version=target, quarters=quarters, written=restored, unchanged=0,
            closed=removed,
        )
    return IngestReport(
        version=version, quarters=quarters, entries_written=restored, entries_closed=removed,
    )


def stored_scores(db: Database, as_of: int | None = None, quarters: Sequence[str] = ()) -> pd.DataFrame:
    """The stored scores as of a version (latest when None), optionally for some quarters.

    Columns: quarter, committee, general_branch, branch, category, indicator, dimension,
    full_mark, score (NaN = not applicable), bonus, deduction, veto_reason, version (the version
    that wrote the cell).
    """
    as_of = latest_version(db) if as_of is None else as_of
    return db.query("stored_scores_as_of", as_of=as_of, quarters=list(quarters))
