"""Build WorkbookResult objects directly, for store tests that don't need a real workbook."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd

from assess import scoring
from assess.config import load_config
from assess.db import Database, DatabaseUnreadable
from assess.workbook.result import ENTRY_COLUMNS, SCORE_COLUMNS, ScoreTable, WorkbookResult

NA = math.nan


def make_result(
    name: str,
    quarter: str,
    cells: dict[tuple[str, str, str], dict[str, float]],
    *,
    content: bytes | None = None,
    full_mark: float = 10.0,
    bonus: dict[tuple[str, str, str], float] | None = None,
    veto: dict[tuple[str, str, str], str] | None = None,
) -> WorkbookResult:
    """A valid result: ``cells`` maps (committee, branch, category) → {indicator: score}.

    The file content defaults to something unique per call so SHA-256s differ.
    """
    entries, scores = [], []
    for row, ((committee, branch, category), values) in enumerate(cells.items(), start=4):
        entries.append({
            "quarter": quarter, "committee": committee, "general_branch": None, "branch": branch,
            "category": category, "bonus": (bonus or {}).get((committee, branch, category), 0.0),
            "deduction": 0.0, "veto_reason": (veto or {}).get((committee, branch, category)),
            "note": None, "sheet": "Sheet1", "row": row,
        })
        for position, (indicator, score) in enumerate(values.items()):
            scores.append({
                "quarter": quarter, "committee": committee, "branch": branch, "category": category,
                "indicator": indicator, "dimension": None, "full_mark": full_mark, "score": score,
                "position": position,
            })
    content = content if content is not None else repr((name, quarter, cells, bonus, veto)).encode()
    entries = pd.DataFrame(entries, columns=ENTRY_COLUMNS)
    table = ScoreTable.from_frame(entries, pd.DataFrame(scores, columns=SCORE_COLUMNS))
    return WorkbookResult(name, content, entries, table)


def damaged_store(sample_db: Path, tmp_path: Path) -> Path:
    """A copy of the sample store with one block overwritten that opening the store does not read
    but the overview's queries do (DuckDB finds a damaged block when a query reads it)."""
    path = tmp_path / "damaged.duckdb"
    blocks = (sample_db.stat().st_size - 12288) // 262144 + 1
    for block in range(blocks):  # the file header is 12 KB, then 256 KB blocks
        shutil.copyfile(sample_db, path)
        with path.open("r+b") as fh:
            fh.seek(12288 + block * 262144 + 100)
            fh.write(b"\xAA" * 64)
        try:
            db = Database(path)
        except DatabaseUnreadable:
            continue  # found on opening: not the case wanted
        try:
            for quarter in scoring.periods(db)["period"]:
                scoring.branch_scores(db, quarter, load_config())
        except DatabaseUnreadable as exc:
            assert "Corrupt database file" in exc.detail, exc
            return path
        finally:
            db.close()
    raise AssertionError("no block of the sample store is read by the queries only")
