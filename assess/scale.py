"""Synthetic data at scale, for the benchmarks: N branches × Q quarters × the 16 default indicators.

Two outputs from one deterministic generator (``queries/store/scale_*.sql``):

- :func:`build_scale_db` writes a store straight into the schema's tables, one data version per
  quarter (the shape ``store.ingest`` writes: entries with score_sum/mark_sum and fingerprint,
  entry_scores, versions, a placeholder version_files row), plus optionally a correction upload
  that re-writes a share of the latest quarter — so "as of" and closed rows are exercised.
  100,000 branches × 40 quarters (64 M score rows) take minutes, not hours: DuckDB generates the
  rows itself.
- :func:`scale_workbook` / :func:`write_scale_workbook` write one quarter as a workbook in the
  template's shape (title, dimension group row, header with ``(N分)`` suffixes, one row per
  branch; 不适用 cells, bonuses, deductions, vetoes), with exactly the values the store holds for
  that quarter at revision 0 — so re-uploading it changes nothing.

Committees: ``branches / 25`` of them (at least one), each a contiguous block of branches; every
fourth committee has general branches (总支). Values depend only on (seed, branch, quarter).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from assess import fingerprint
from assess.db import Database
from assess.indicators import CATEGORY_SHEETS, DEFAULT_INDICATORS

BRANCHES_PER_COMMITTEE = 25
DEFAULT_SEED = 7
LAST_QUARTER = "2025Q4"
QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


def committees_for(branches: int) -> int:
    """How many committees ``branches`` branches sit under (about 25 branches each)."""
    return max(1, round(branches / BRANCHES_PER_COMMITTEE))


def quarters_ending(last: str, count: int) -> list[str]:
    """``count`` consecutive quarters ending with ``last``, oldest first."""
    year, q = int(last[:4]), int(last[-1])
    index = year * 4 + q - 1
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


def next_quarter(quarter: str) -> str:
    """The quarter after ``quarter``."""
    index = int(quarter[:4]) * 4 + int(quarter[-1])
    return f"{index // 4}Q{index % 4 + 1}"


def _indicator_frame() -> pd.DataFrame:
    rows, positions = [], {}
    for n, ind in enumerate(DEFAULT_INDICATORS, start=1):
        positions[ind.category] = positions.get(ind.category, 0) + 1
        rows.append({"indicator_id": n, "category": ind.category, "dimension": ind.dimension,
                     "name": ind.name, "full_mark": float(ind.full_mark),
                     "position": positions[ind.category], "description": ind.description})
    return pd.DataFrame(rows)


def _spec(branches: int, seed: int, **extra) -> pd.DataFrame:
    return pd.DataFrame([{"branches": int(branches), "committees": committees_for(branches),
                          "seed": int(seed), **extra}])


def _setup(db: Database, branches: int, seed: int) -> None:
    with db.transaction() as cur:
        cur.register("scale_spec", _spec(branches, seed))
        cur.register("scale_indicators", _indicator_frame())
        db.execute(cur, "store/scale_setup")


def _write_quarter(db: Database, branches: int, seed: int, quarter: str, version: int,
                   revision: int = 0, share: float = 1.0) -> None:
    year, q = int(quarter[:4]), int(quarter[-1])
    created = datetime(year + (q == 4), (q * 3) % 12 + 1, 10 + revision)
    with db.transaction() as cur:
        cur.register("scale_spec", _spec(
            branches, seed, quarter=quarter, qi=year * 4 + q - 1, version=version,
            revision=revision, share=float(share), created_at=created))
        cur.register("scale_indicators", _indicator_frame())
        db.execute(cur, "store/scale_quarter")
        cells = db.run(cur, "store/scale_fingerprint_cells")
        scores = db.run(cur, "store/scale_fingerprint_scores")
        cur.register("scale_fingerprints", pd.DataFrame({
            "entry_id": cells["entry_id"], "fingerprint": fingerprint.of_rows(cells, scores)}))
        db.execute(cur, "store/scale_quarter_write")


def build_scale_db(path: str | Path, branches: int, quarters: int = 40, seed: int = DEFAULT_SEED,
                   last_quarter: str = LAST_QUARTER, correction_share: float = 0.02) -> Path:
    """Write a new store at ``path``: ``branches`` branches × ``quarters`` quarters ending with
    ``last_quarter``, one data version per quarter (oldest first), then — when
    ``correction_share`` > 0 — one more version re-writing that share of the latest quarter's
    branches with other values. Returns ``path``. Refuses to overwrite an existing file.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    with Database(path) as db:
        _setup(db, branches, seed)
        names = quarters_ending(last_quarter, quarters)
        for version, quarter in enumerate(names, start=1):
            _write_quarter(db, branches, seed, quarter, version)
        if correction_share > 0 and names:
            _write_quarter(db, branches, seed, names[-1], len(names) + 1, revision=1,
                           share=correction_share)
    return path


def quarter_rows(branches: int, quarter: str, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The generated values of one quarter (revision 0), long format: one row per branch ×
    indicator with committee, general_branch, branch, category, indicator, dimension, full_mark,
    score (NaN = 不适用), bonus, deduction, veto_reason; ordered by committee, then branch number."""
    with Database(":memory:") as db:
        _setup(db, branches, seed)
        _write_quarter(db, branches, seed, quarter, 1)
        rows = db.query("stored_scores_as_of", as_of=1, quarters=[quarter])
    for column in ("committee", "branch"):  # natural order: 第2党委 before 第10党委
        names = rows[column].unique()
        number = dict(zip(names, pd.Series(names).str.extract(r"(\d+)", expand=False).astype(int)))
        rows[f"_{column}"] = rows[column].map(number)
    rows = rows.sort_values(["_committee", "_branch"], kind="stable")
    return rows.drop(columns=["_committee", "_branch", "version"]).reset_index(drop=True)


def _title(quarter: str, category: str) -> str:
    what = "党建工作" if category == "party" else "业务工作"
    return f"XX集团{quarter[:4]}年第{QUARTER_NAMES[int(quarter[-1])]}季度党支部{what}考核表"


def scale_workbook(branches: int, quarter: str = "2025Q3", seed: int = DEFAULT_SEED) -> bytes:
    """One quarter as xlsx bytes in the template's shape (see the module docstring)."""
    import xlsxwriter  # only the benchmarks and tests write workbooks

    rows = quarter_rows(branches, quarter, seed)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"constant_memory": True})
    for category, sheet_name in CATEGORY_SHEETS.items():
        _write_sheet(book.add_worksheet(sheet_name), rows[rows["category"] == category], quarter, category)
    ws = book.add_worksheet("指标说明")
    ws.write_row(0, 0, ["类别", "维度", "指标", "满分", "说明"])
    for n, ind in enumerate(DEFAULT_INDICATORS, start=1):
        ws.write_row(n, 0, ["党建" if ind.category == "party" else "业务", ind.dimension or "", ind.name,
                            ind.full_mark, ind.description])
    book.close()
    return buf.getvalue()


def _write_sheet(ws, rows: pd.DataFrame, quarter: str, category: str) -> None:
    indicators = [i for i in DEFAULT_INDICATORS if i.category == category]
    ws.write(0, 0, _title(quarter, category))
    col = 3
    for dimension in dict.fromkeys(i.dimension for i in indicators):
        span = sum(1 for i in indicators if i.dimension == dimension)
        if span > 1:
            ws.merge_range(1, col, 1, col + span - 1, dimension)
        else:
            ws.write(1, col, dimension)
        col += span
    ws.write_row(2, 0, ["党委", "总支", "支部"] + [i.header for i in indicators]
                 + ["加分", "扣分", "否决事项", "备注"])
    names = [i.name for i in indicators]
    # one row per branch in the rows' order, one column per indicator (a pivot without the
    # cartesian product of index levels that pivot_table(dropna=False) builds)
    cell, _ = pd.factorize(pd.Series(list(zip(rows["committee"], rows["branch"]))), sort=False)
    column = rows["indicator"].map({name: n for n, name in enumerate(names)}).to_numpy()
    scores = np.full((cell.max() + 1 if len(cell) else 0, len(names)), np.nan)
    scores[cell, column] = rows["score"].to_numpy(dtype=float, na_value=np.nan)
    firsts = rows.drop_duplicates(["committee", "branch"])
    for n, (committee, gb, branch, bonus, deduction, veto) in enumerate(zip(
            firsts["committee"], firsts["general_branch"], firsts["branch"], firsts["bonus"],
            firsts["deduction"], firsts["veto_reason"])):
        values = ["不适用" if s != s else float(s) for s in scores[n]]
        ws.write_row(n + 3, 0, [committee, gb if isinstance(gb, str) else "", branch, *values,
                                float(bonus), float(deduction), veto if isinstance(veto, str) else "", ""])


def write_scale_workbook(path: str | Path, branches: int, quarter: str = "2025Q3",
                         seed: int = DEFAULT_SEED) -> Path:
    """Write :func:`scale_workbook` to ``path``; returns ``path``."""
    path = Path(path)
    path.write_bytes(scale_workbook(branches, quarter, seed))
    return path


def make_workbook(branches: int, seed: int = DEFAULT_SEED) -> bytes:
    """A template-shaped workbook of 2025Q3 with ``branches`` branches (scripts/bench_ingest.py)."""
    return scale_workbook(branches, "2025Q3", seed)
