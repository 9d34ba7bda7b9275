"""The year-end evaluation scores in the versioned store (SPEC §3.16, §4 "Versions").

:mod:`assess.store` calls these inside its own transactions, so an upload holding quarterly and
evaluation workbooks lands whole or not at all, and a rollback restores both. A (branch, year)
score is an ``evaluations`` row visible in versions ``[valid_from, valid_to)``, like an entry.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from assess.db import Database
from assess.problems import Problem
from assess.workbook.evaluation import EvaluationResult

UPLOAD_COLUMNS = ["year", "committee", "general_branch", "branch", "score"]


def split(results: Sequence) -> tuple[list, list[EvaluationResult]]:
    """The quarterly workbooks and the evaluation workbooks of an upload, each in order."""
    evaluations = [r for r in results if isinstance(r, EvaluationResult)]
    return [r for r in results if not isinstance(r, EvaluationResult)], evaluations


def cross_file_duplicates(results: Sequence[EvaluationResult]) -> list[Problem]:
    """The same (year, committee, branch) in two evaluation files of one upload."""
    if len(results) < 2:
        return []
    keyed = pd.concat([r.evaluations.assign(file=r.file_name) for r in results], ignore_index=True)
    key = ["year", "committee", "branch"]
    keyed["other"] = keyed.groupby(key, sort=False)["file"].transform("first")
    return [Problem("evaluation_duplicate", row.file, row.sheet, f"A{row.row}",
                    {"branch": row.branch, "committee": row.committee, "year": row.year})
            for row in keyed[keyed.duplicated(key, keep="first")].itertuples(index=False)]


def stage(db: Database, cur, results: Sequence[EvaluationResult]) -> None:
    """Register the upload's scores on ``cur`` and stage them (temp table staged_evaluations)."""
    frame = pd.concat([r.evaluations[UPLOAD_COLUMNS] for r in results], ignore_index=True)
    cur.register("upload_evaluations", frame)
    db.execute(cur, "store/stage_evaluations")


def preview(db: Database, cur) -> pd.DataFrame:
    """The staged scores as preview rows: quarter (the year), committee, branch, category
    ('evaluation'), status, detail ("old → new" for a changed score)."""
    staged = db.run(cur, "store/staged_evaluations")
    detail = [f"{_fmt(old)} → {_fmt(new)}" if status == "changed" else ""
              for status, old, new in zip(staged["status"], staged["old_score"], staged["score"])]
    return pd.DataFrame({"quarter": staged["year"], "committee": staged["committee"],
                         "branch": staged["branch"], "category": "evaluation",
                         "status": staged["status"], "detail": detail})


def write(db: Database, cur, version: int) -> dict[str, int]:
    """Write the staged scores as version ``version``: new branches, closed replaced scores,
    new rows. Returns ``{status: count}``."""
    staged = db.run(cur, "store/staged_evaluations")
    db.execute(cur, "store/insert_evaluation_branches")
    db.execute(cur, "store/close_replaced_evaluations", version=version)
    db.execute(cur, "store/insert_written_evaluations", version=version)
    return staged["status"].value_counts().to_dict()


def rollback(db: Database, cur, target: int, version: int) -> tuple[list[str], int, int]:
    """Make the scores of version ``target`` current again as version ``version``. Returns the
    years touched, the scores restored and the scores removed without replacement."""
    db.execute(cur, "store/stage_restored_evaluations", target=target)
    counts = db.run(cur, "store/rollback_evaluation_counts", target=target)
    db.execute(cur, "store/close_evaluations_absent_from_version", target=target, version=version)
    db.execute(cur, "store/insert_restored_evaluations", version=version)
    years = [str(y) for y in counts.at[0, "years"]]
    return years, int(counts.at[0, "restored"]), int(counts.at[0, "removed"])


def stored(db: Database, as_of: int) -> pd.DataFrame:
    """The evaluation scores visible as of ``as_of``: year, committee, general_branch, branch,
    score, version (queries/stored_evaluations_as_of.sql)."""
    return db.query("stored_evaluations_as_of", as_of=as_of)


def _fmt(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value:g}"
