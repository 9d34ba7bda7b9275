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


_CRASH_DURING_UPLOAD = """
import os, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from assess import store
from assess.db import Database
from assess.workbook import read_workbook
db = Database({path!r})
db._con.execute("PRAGMA disable_checkpoint_on_shutdown")  # keep the upload in the log
db._con.execute("SET wal_autocheckpoint = '1TB'")
f = Path({workbook!r})
store.ingest(db, [read_workbook(f.read_bytes(), f.name)], "crash")
os.kill(os.getpid(), 9)  # as a power cut or kill -9 would
"""


def damaged_wal_store(tmp_path: Path, workbook: Path) -> Path:
    """A store whose process was killed (-9) after an upload, before the upload reached the
    database file, and whose write-ahead log (``.wal``) was then damaged: every log entry after
    the first bytes garbled, as a crash in the middle of writing leaves it."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    path = tmp_path / "crashed.duckdb"
    script = _CRASH_DURING_UPLOAD.format(root=str(root), path=str(path), workbook=str(workbook))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    wal = Path(f"{path}.wal")
    data = bytearray(wal.read_bytes())
    assert len(data) > 1000, "the upload is in the log"
    for i in range(100, len(data), 13):
        data[i] ^= 0x5A
    wal.write_bytes(bytes(data))
    return path
