"""The year-end evaluation workbook (群众评价 / 民主测评 / 满意度测评, SPEC §3.16).

A sheet named 群众评价, 民主测评 or 满意度测评, or any sheet with a 测评得分 / 群众评价得分 /
满意度得分 column, holds one score E (0–100) per branch with the usual committee, general branch
and branch columns (SPEC §4's header aliases, committees merged or filled down). Its year comes
from a 年度 column, else the title (``2025年度``), else the file name. Every problem is located;
a workbook with any problem must not be stored.

A 群众测评 *reference* sheet (``支部 | 群众满意``, looked up by an assessment sheet) is not an
evaluation sheet: it is not named as one and has no score column of those names; and a workbook
that holds an assessment sheet is a quarterly workbook whatever else it holds
(:func:`evaluation_sheets` returns nothing for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
import pandas as pd

from assess.problems import Problem
from assess.workbook.cells import (
    BLANK, NOT_NUMBER, compact, display, is_blank, name_problem, parse_number,
)
from assess.workbook.grid import Grid, a1
from assess.workbook.layout import Column, Layout, find_layout
from assess.workbook.result import ENTRY_COLUMNS, WorkbookResult, empty_frame
from assess.workbook.rows import branch_rows, column_texts

SHEET_NAMES = frozenset({"群众评价", "民主测评", "满意度测评"})
SCORE_LABELS = frozenset({"测评得分", "群众评价得分", "满意度得分"})
YEAR_LABELS = frozenset({"年度", "考核年度", "测评年度"})
MAX_SCORE = 100.0

EVALUATION_COLUMNS = ["year", "committee", "general_branch", "branch", "score", "sheet", "row"]
"""One row per (year, committee, branch): score is E (0–100); sheet and row (1-based) locate it."""

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class EvaluationResult(WorkbookResult):
    """An evaluation workbook, read and validated: a :class:`WorkbookResult` whose
    ``evaluations`` hold the scores (:data:`EVALUATION_COLUMNS`), whose ``entries`` show them
    as rows of category 'evaluation' (for the checks every upload gets, e.g. a user's committee
    scope; never stored as cells) and whose ``quarters`` are the years it covers ('YYYY').
    Store it only when :attr:`ok`."""

    evaluations: pd.DataFrame = field(default_factory=lambda: empty_frame(EVALUATION_COLUMNS))
    kind: str = "evaluation"

    @property
    def years(self) -> list[str]:
        return sorted({str(y) for y in self.evaluations["year"].dropna()})

    @property
    def quarters(self) -> list[str]:  # the periods the file covers: its years
        return self.years


@dataclass
class _Sheet:
    grid: Grid
    layout: Layout
    score: Column
    year: Column | None


def evaluation_sheets(grids: list[Grid], search_rows: int) -> list[_Sheet]:
    """The evaluation sheets of a workbook; none when it has none, or when another sheet is an
    assessment (a table with indicator columns): that workbook is a quarterly one."""
    found: list[_Sheet] = []
    for grid in grids:
        layout = find_layout(grid, search_rows)
        if layout is None:
            continue
        sheet = _as_evaluation(grid, layout)
        if sheet is not None:
            found.append(sheet)
        elif layout.by_role("indicator"):
            return []
    return found


def _as_evaluation(grid: Grid, layout: Layout) -> _Sheet | None:
    """The sheet as an evaluation sheet, or None: a score column of :data:`SCORE_LABELS`, or a
    sheet of :data:`SHEET_NAMES` whose only other column is its score."""
    others = [c for c in layout.by_role("indicator") if compact(c.label) not in YEAR_LABELS]
    year = next((c for c in layout.by_role("indicator") if compact(c.label) in YEAR_LABELS), None)
    scores = [c for c in others if compact(c.label) in SCORE_LABELS]
    if scores:
        return _Sheet(grid, layout, scores[0], year)
    if compact(grid.name) in SHEET_NAMES and len(others) == 1:
        return _Sheet(grid, layout, others[0], year)
    return None


def read_evaluation(sheets: list[_Sheet], content: bytes, file_name: str, shown: str,
                    problems: list[Problem]) -> EvaluationResult:
    """Read the evaluation sheets: every problem (those of loading the grids already in
    ``problems``) located in ``shown`` (the file name as messages show it)."""
    report_uncached(sheets, shown, problems)
    frames = []
    outer = _year_of_name(file_name)
    for sheet in sheets:
        frames.append(_read_sheet(sheet, shown, outer, problems))
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame(EVALUATION_COLUMNS)
    _check_duplicates(frame, shown, problems)
    if frame.empty and not problems:
        problems.append(Problem("evaluation_no_rows", shown, sheets[0].grid.name if sheets else ""))
    return EvaluationResult(file_name=file_name, content=content, evaluations=frame,
                            entries=_entries(frame), problems=problems)


def _entries(frame: pd.DataFrame) -> pd.DataFrame:
    """The scores as :data:`ENTRY_COLUMNS` rows (quarter = the year, category 'evaluation'), so
    that what every upload is checked by — the committees a user may upload for — sees them.
    The store writes an evaluation workbook's ``evaluations``, never these rows."""
    return pd.DataFrame({
        "quarter": frame["year"], "committee": frame["committee"],
        "general_branch": frame["general_branch"], "branch": frame["branch"],
        "category": "evaluation", "bonus": 0.0, "deduction": 0.0, "veto_reason": None,
        "note": None, "sheet": frame["sheet"], "row": frame["row"]}, columns=ENTRY_COLUMNS)


def _year_of_name(file_name: str) -> str | None:
    found = sorted(set(_NAME_YEAR.findall(PurePath(file_name).stem)))
    return found[0] if len(found) == 1 else None


def _parse_year(value) -> str | None:
    """A 年度 cell as 'YYYY' ("2025", 2025, "2025年", "2025年度"), else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = compact(str(value)) if not isinstance(value, str) else compact(value)
    m = re.fullmatch(r"((?:19|20)\d{2})(?:年度?)?", text)
    return m.group(1) if m else None


def _sheet_year(sheet: _Sheet, outer: str | None, shown: str, problems: list[Problem]) -> str | None:
    """The year of the text above the header (the title, ``2025年度``), else of the file name;
    a disagreement is a problem."""
    grid = sheet.grid
    for r in range(sheet.layout.header_row):
        for c, value in enumerate(grid.rows[r]):
            found = sorted(set(_TITLE_YEAR.findall(value))) if isinstance(value, str) else []
            if found:
                if outer and found[0] != outer:
                    problems.append(Problem("evaluation_year_conflict", shown, grid.name, a1(r, c),
                                            {"value": found[0], "other": outer}))
                return found[0]
    return outer


def _read_sheet(sheet: _Sheet, shown: str, outer: str | None, problems: list[Problem]
                ) -> pd.DataFrame:
    grid, layout, name = sheet.grid, sheet.layout, sheet.grid.name
    if not layout.by_role("committee"):
        problems.append(Problem("committee_column_missing", shown, name,
                                params={"row": layout.header_row + 1}))
    rows = branch_rows(grid, layout, "", [sheet.score.index], shown, problems)
    sheet_year = _sheet_year(sheet, outer, shown, problems)
    year_texts = column_texts(grid, sheet.year.index) if sheet.year else None
    out = {k: [] for k in EVALUATION_COLUMNS}
    col = {role: layout.by_role(role)[0].index for role in ("committee", "branch", "general_branch")
           if layout.by_role(role)}
    for r, committee, general, branch in zip(rows.rows, rows.committees, rows.generals, rows.branches):
        for text, role in ((committee, "committee"), (branch, "branch"), (general, "general_branch")):
            if text and (found := name_problem(text, shown, name, a1(r, col.get(role, 0)))):
                problems.append(found)
        year = _row_year(grid, r, sheet, year_texts, sheet_year, shown, problems)
        score = _score(grid, r, sheet.score.index, branch, shown, problems)
        if year is None or score is None:
            continue
        for key, value in zip(EVALUATION_COLUMNS, (year, committee, general, branch, score, name, r + 1)):
            out[key].append(value)
    frame = pd.DataFrame(out, columns=EVALUATION_COLUMNS, dtype=object)  # None stays None
    frame["score"] = frame["score"].astype(float)
    frame["row"] = frame["row"].astype(np.int64)
    return frame


def _row_year(grid: Grid, r: int, sheet: _Sheet, year_texts: list[str] | None, sheet_year: str | None,
              shown: str, problems: list[Problem]) -> str | None:
    """The row's year from the 年度 column, else the sheet's; reports an unreadable or
    disagreeing cell, or a year that cannot be determined."""
    if year_texts is not None and year_texts[r]:
        cell = a1(r, sheet.year.index)
        year = _parse_year(grid.value(r, sheet.year.index))
        if year is None:
            problems.append(Problem("evaluation_year_invalid", shown, grid.name, cell,
                                    {"value": year_texts[r]}))
        elif sheet_year and year != sheet_year:
            problems.append(Problem("evaluation_year_conflict", shown, grid.name, cell,
                                    {"value": year, "other": sheet_year}))
            return None
        return year
    if sheet_year is None:
        problems.append(Problem("evaluation_year_unknown", shown, grid.name,
                                a1(r, sheet.year.index) if sheet.year else ""))
    return sheet_year


def _score(grid: Grid, r: int, c: int, branch: str, shown: str, problems: list[Problem]
           ) -> float | None:
    """E of the row (0–100), or None with the problem reported."""
    cell = a1(r, c)
    if (r, c) in grid.uncached:
        return None  # reported by the caller's formula check
    if (r, c) in grid.errors:
        problems.append(Problem("cell_error", shown, grid.name, cell, {"value": grid.errors[(r, c)]}))
        return None
    raw = grid.value(r, c)
    value = parse_number(raw)
    if value == BLANK or is_blank(raw):
        problems.append(Problem("evaluation_blank", shown, grid.name, cell, {"branch": branch}))
        return None
    if value == NOT_NUMBER or (isinstance(value, float) and np.isnan(value)):
        problems.append(Problem("evaluation_not_number", shown, grid.name, cell, {"value": display(raw)}))
        return None
    if not 0.0 <= value <= MAX_SCORE:
        problems.append(Problem("evaluation_out_of_range", shown, grid.name, cell,
                                {"value": display(value)}))
        return None
    return float(value)


def _check_duplicates(frame: pd.DataFrame, shown: str, problems: list[Problem]) -> None:
    """The same (year, committee, branch) twice, across sheets too."""
    dupes = frame[frame.duplicated(["year", "committee", "branch"], keep="first")]
    for row in dupes.itertuples(index=False):
        problems.append(Problem("evaluation_duplicate", shown, row.sheet, f"A{row.row}",
                                {"branch": row.branch, "committee": row.committee, "year": row.year}))


def report_uncached(sheets: list[_Sheet], shown: str, problems: list[Problem]) -> None:
    """Formulas without a cached value in the evaluation sheets."""
    for sheet in sheets:
        for r, c in sorted(sheet.grid.uncached):
            problems.append(Problem("formula_no_value", shown, sheet.grid.name, a1(r, c)))
