"""数据 Data: what the data page shows — the check of an upload (problems, warnings, the preview
of changes), the version history with its original files, and what the user may do (SPEC §4,
§5, §8). Reading the files and writing a version stay with the page's buttons."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from assess import access, store, upload
from assess.db import Database
from assess.problems import ProblemError
from assess.views.common import Selection

PROBLEM_COLUMNS = ["file", "sheet", "cell", "severity", "message"]
VERSION_COLUMNS = ["version", "created_at", "user_name", "action", "quarters", "file_names",
                   "entries_written", "entries_unchanged", "entries_closed"]
STATUSES = ("new_branch", "new", "changed", "unchanged")


@dataclass
class UploadCheck:
    """The check of the files chosen for upload.

    ``verdict``: ``rejected`` (``problems`` lists why; nothing can be stored), ``out_of_scope``
    (``foreign``: committees the user may not write) or ``ready``; ``warnings``: notes that do
    not stop it; ``skipped``: ``file › sheet`` of the sheets not read; ``quarters``: the quarters
    the files hold; ``preview`` (quarter, committee, branch, category, status, detail) and
    ``counts`` (status, count: every status in a fixed order) when ready."""

    verdict: str
    problems: pd.DataFrame
    warnings: pd.DataFrame
    skipped: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)
    preview: pd.DataFrame | None = None
    counts: pd.DataFrame | None = None
    # (issue 13) files whose exact bytes a version holds (file → version: nothing to commit when
    # every file is one), the dimension each indicator is scored in and where it came from, the
    # preview's cells per status, and what the reader ignored
    already: dict[str, int] = field(default_factory=dict)
    dimensions: pd.DataFrame | None = None
    changes: dict[str, int] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    reference_sheets: list[str] = field(default_factory=list)
    files: int = 0  # how many files were chosen

    @property
    def all_stored(self) -> bool:
        """Every chosen file is already stored: no commit is offered."""
        return bool(self.already) and len(self.already) == self.files


@dataclass
class StoredFile:
    """An original file of a version: its position in the version, its name, a safe download name."""

    position: int
    name: str
    download_name: str


@dataclass
class DataView:
    """What the data page shows: ``can_upload``, ``can_rollback``, ``can_download`` (originals);
    ``versions``: the history (:data:`VERSION_COLUMNS`, lists joined, newest first),
    ``version_options`` (numbers, newest first), ``files`` (version → its :class:`StoredFile`).
    The check of chosen files is :func:`check_upload` (the files are chosen further down the
    page than this is read)."""

    can_upload: bool
    can_rollback: bool
    can_download: bool
    versions: pd.DataFrame
    version_options: list[int]
    files: dict[int, list[StoredFile]]
    can_see_versions: bool = False
    version_labels: dict[int, str] = field(default_factory=dict)  # v5 · time · file, newest marked
    stored_quarters: list[str] = field(default_factory=list)  # for the quarter picker


def build(db: Database, sel: Selection) -> DataView:
    """The data page for ``sel.user``."""
    user = sel.user
    history = store.versions(db)
    files = {}
    if not history.empty:
        for version, names in zip(history["version"].astype(int), history["file_names"]):
            files[int(version)] = [StoredFile(i, str(n), safe_file_name(n)) for i, n in enumerate(as_list(names), 1)]
    quarters = sorted({str(q) for v in history["quarters"] for q in as_list(v)}) if not history.empty else []
    return DataView(
        can_upload=access.can_upload(user), can_rollback=access.can_rollback(user), can_download=access.can_download_originals(user),
        versions=version_table(history, sel.lang) if not history.empty else pd.DataFrame(columns=VERSION_COLUMNS),
        version_options=history["version"].astype(int).tolist() if not history.empty else [],
        files=files, can_see_versions=access.can_see_versions(user),
        version_labels=upload.version_labels(history, sel.lang), stored_quarters=quarters,
    )


def check_upload(db: Database, sel: Selection, results: Sequence) -> UploadCheck:
    """The check of the workbooks read from the chosen files (:func:`assess.workbook.read_workbook`
    results): problems first, then the user's scope, then the preview against the store."""
    check = UploadCheck(
        verdict="rejected",
        problems=problems_table([p for r in results for p in r.problems], sel.lang),
        warnings=problems_table([p for r in results for p in r.warnings], sel.lang),
        skipped=[f"{r.file_name} › {s}" for r in results for s in r.skipped_sheets],
        quarters=sorted({q for r in results for q in r.quarters}),
        files=len(results),
        ignored_columns=[f"{r.file_name} › {c}" for r in results for c in getattr(r, "ignored_columns", [])],
        reference_sheets=[f"{r.file_name} › {s}" for r in results for s in getattr(r, "reference_sheets", [])],
    )
    if not check.problems.empty:
        return check
    # a scoped uploader writes only their committees: each foreign committee located (SPEC §8)
    outside = access.scope_problems(results, access.scope_of(sel.user))
    if outside:
        check.verdict = "out_of_scope"
        check.problems = problems_table(outside, sel.lang)
        check.foreign = sorted({str(p.params.get("committee")) for p in outside})
        return check
    try:
        preview = store.preview(db, results)
        check.already = store.already_stored(db, results)
    except ProblemError as exc:
        check.problems = problems_table(exc.problems, sel.lang)
        return check
    check.verdict, check.counts = "ready", status_counts(preview)
    check.preview = upload.preview_ordered(preview) if not preview.empty else preview
    check.changes = upload.change_counts(preview) if not preview.empty else {s: 0 for s in STATUSES}
    dims = upload.dimensions_used(results, sel.lang)
    codes = {sel.tr(f"ui.category.{c}"): c for c in ("party", "business", "evaluation")}
    check.dimensions = dims.assign(category=dims["category"].map(lambda c: codes.get(c, c)))  # the table says it
    return check


def problems_table(problems: Sequence, lang: str) -> pd.DataFrame:
    """Located problems as rows: file, sheet, cell, severity, message (in ``lang``)."""
    return pd.DataFrame([p.as_row(lang) for p in problems], columns=PROBLEM_COLUMNS)


def status_counts(preview: pd.DataFrame) -> pd.DataFrame:
    """Rows of an upload preview per status: status, count (every status, in a fixed order)."""
    counts = preview["status"].value_counts() if not preview.empty else {}
    return pd.DataFrame({"status": STATUSES, "count": [int(counts.get(s, 0)) for s in STATUSES]})


def as_list(value) -> list:
    """A list cell from DuckDB (list, array) as a list; missing (None, NA, NaN) as []."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return []


def version_table(history: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The version history for people: lists joined, the action with its restored version, the
    recorder as :func:`assess.upload.recorder_label` names it (本机 for the local user)."""
    out = history.copy()
    out["user_name"] = [upload.recorder_label(str(n), lang) for n in out["user_name"]]
    out["quarters"] = out["quarters"].map(lambda v: "、".join(map(str, as_list(v))))
    out["file_names"] = out["file_names"].map(lambda v: "、".join(map(str, as_list(v))))
    out["action"] = [f"{a} → v{int(r)}" if a == "rollback" and pd.notna(r) else a
                     for a, r in zip(out["action"], out["restored_version"])]
    return out[VERSION_COLUMNS]


def safe_file_name(name: str) -> str:
    """A stored upload's name fit to serve as a download: the base name only, without control or
    bidi characters (a name like ``x\u202egpj.xlsx`` must not disguise its type)."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable() and unicodedata.category(ch) != "Cf")
    return clean.strip(". ") or "upload.xlsx"
