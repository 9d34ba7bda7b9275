"""One data sheet → entries and scores, with every problem of its cells (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assess.problems import Problem
from assess.workbook.cells import (
    NAME_MAX_CHARS, NO_VETO_TOKENS, TEXT_MAX_CHARS, compact, display, free_text, name_problem,
    quoted,
)
from assess.workbook.grid import Grid, a1, column_letter
from assess.workbook.layout import Layout, category_of_sheet, committee_of_sheet
from assess.workbook.marks import (
    ALL_CATEGORIES, FROM_WORKBOOK, Catalog, PriorMarks, categories_by_name, column_categories,
    column_dimension, inherited_dimension, workbook_mark,
)
from assess.workbook.rows import BranchRows, branch_rows
from assess.workbook.values import BLANK_CELL, NOT_NUMBER, OK, parse_column

SINGLE_ROLES = ("branch", "committee", "general_branch", "quarter")
TOLERANCE = 0.01  # a total column may differ from its sum by this much (SPEC §4)


@dataclass
class Context:
    """What every sheet of one workbook shares: where problems go, catalog, prior marks."""

    file_name: str
    catalog: Catalog
    prior: PriorMarks
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # (quarter, category, indicator) → (full mark, "sheet!cell") of marks the workbook gives
    marks_seen: dict[tuple[str, str, str], tuple[float, str]] = field(default_factory=dict)
    # (category, indicator) → (dimension used, where it came from: marks.FROM_*), first column wins
    dimensions: dict[tuple[str, str], tuple[str | None, str]] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)  # "sheet!C（label）": hidden helpers
    reference_sheets: list[str] = field(default_factory=list)  # skipped: looked up, not assessed


@dataclass
class SheetData:
    """What one sheet gives, aligned with ``rows``: per category its bonus and deduction arrays,
    veto reasons and notes; one dict of arrays per indicator column (``scores``)."""

    sheet: str
    rows: BranchRows = field(default_factory=BranchRows)
    branch_col: int = 0
    categories: list[str] = field(default_factory=list)  # empty: the table could not be read
    bonus: dict[str, np.ndarray] = field(default_factory=dict)
    deduction: dict[str, np.ndarray] = field(default_factory=dict)
    vetoes: dict[str, list] = field(default_factory=dict)
    notes: dict[str, list] = field(default_factory=dict)
    scores: list[dict] = field(default_factory=list)


def read_sheet(grid: Grid, layout: Layout, sheet_quarter: str | None, ctx: Context) -> SheetData:
    """Entries and scores of one sheet; problems go to ``ctx``."""
    data = SheetData(grid.name)
    name, file_name, problems = grid.name, ctx.file_name, ctx.problems
    if not _check_columns(layout, file_name, name, problems):
        return data
    categories = column_categories(layout, category_of_sheet(name), ctx.catalog, file_name, name,
                                   problems, categories_by_name(ctx.prior.items(sheet_quarter)))
    indicators = [c for c in layout.by_role("indicator") if c.index in categories]
    seen: dict[tuple[str, str], int] = {}
    for col in indicators:
        key = (categories[col.index], col.label)
        if key in seen:
            problems.append(Problem("duplicate_column", file_name, name, column_letter(col.index),
                                    {"label": col.label, "first": column_letter(seen[key])}))
        seen.setdefault(key, col.index)
    indicators = [c for c in indicators if seen[(categories[c.index], c.label)] == c.index]
    if not indicators:
        return data  # every indicator's category is unknown: reported as such
    value_columns = [c.index for c in layout.columns
                     if c.index in categories and c.role not in ("veto", "note")]
    committee = None if layout.by_role("committee") else committee_of_sheet(name)
    rows = branch_rows(grid, layout, sheet_quarter, value_columns, file_name, problems, committee)
    _check_names(grid, layout, rows, indicators, ctx)
    _report_errors(grid, rows, value_columns, ctx)
    n = len(rows.rows)
    sheet_categories = sorted({categories[c.index] for c in indicators})
    data.rows, data.branch_col = rows, layout.by_role("branch")[0].index
    data.categories = sheet_categories
    if n == 0:
        return data
    by_column = KeptCells(grid, rows.rows)
    row_error = {cat: np.zeros(n, dtype=bool) for cat in sheet_categories}
    sums = {cat: np.zeros(n) for cat in sheet_categories}
    positions = {cat: 0 for cat in sheet_categories}
    for col in indicators:
        category = categories[col.index]
        positions[category] += 1
        values = by_column[col.index]
        numbers, status = parse_column(values)
        marks = _marks(grid, layout, col, category, rows, ctx)
        bad = _check_scores(grid, rows, col.index, values, numbers, status, marks, ctx)
        row_error[category] |= bad
        with np.errstate(over="ignore"):  # 1e308 + 1e308: reported as over the mark already
            sums[category] += np.nan_to_num(numbers)
        data.scores.append({
            "category": category, "indicator": col.label,
            "dimension": _dimension(grid, layout, col, category, rows, ctx),
            "full_mark": marks, "score": numbers, "position": positions[category],
        })
    adjust = {(role, cat): _adjustment(grid, layout, rows, by_column, role, cat, categories, ctx)
              for role in ("bonus", "deduction") for cat in sheet_categories}
    for col in layout.by_role("total"):
        category = categories.get(col.index)
        if category in sums:
            _check_total(grid, rows, by_column, col.index, sums[category], row_error[category],
                         adjust[("bonus", category)], adjust[("deduction", category)], ctx)
        elif category == ALL_CATEGORIES:
            _check_total(grid, rows, by_column, col.index, sum(sums.values()),
                         np.logical_or.reduce(list(row_error.values())),
                         sum(adjust[("bonus", c)] for c in sheet_categories),
                         sum(adjust[("deduction", c)] for c in sheet_categories), ctx)
    for cat in sheet_categories:
        data.bonus[cat], data.deduction[cat] = adjust[("bonus", cat)], adjust[("deduction", cat)]
        data.vetoes[cat] = _texts(grid, layout, rows, by_column, "veto", cat, categories, ctx)
        data.notes[cat] = _texts(grid, layout, rows, by_column, "note", cat, categories, ctx)
    return data


class KeptCells:
    """``cells[c]``: the values of column ``c`` in the kept rows (a slice when they are
    contiguous, as they usually are)."""

    def __init__(self, grid: Grid, keep: list[int]):
        self.grid, self.keep = grid, keep
        contiguous = keep and keep[-1] - keep[0] + 1 == len(keep)
        self.span = slice(keep[0], keep[-1] + 1) if contiguous else None

    def __getitem__(self, col: int):
        values = self.grid.column(col)
        return values[self.span] if self.span else [values[r] for r in self.keep]


def _check_columns(layout: Layout, file_name: str, sheet: str, problems: list[Problem]) -> bool:
    ok = True
    for role in SINGLE_ROLES:
        cols = layout.by_role(role)
        for extra in cols[1:]:
            problems.append(Problem("duplicate_column", file_name, sheet,
                                    column_letter(extra.index),
                                    {"label": extra.label, "first": column_letter(cols[0].index)}))
            ok = False
    if not layout.by_role("committee") and committee_of_sheet(sheet) is None:
        problems.append(Problem("committee_column_missing", file_name, sheet,
                                params={"row": layout.header_row + 1}))
        ok = False
    return ok


def _marks(grid: Grid, layout: Layout, col, category: str, rows: BranchRows, ctx: Context
           ) -> np.ndarray:
    """Full mark per row: the workbook's, else the prior quarter's (NaN where unknown)."""
    n = len(rows.rows)
    mark, where, conflict = workbook_mark(grid, layout, col, category, ctx.catalog,
                                          ctx.file_name, ctx.problems)
    header_cell = a1(layout.header_row, col.index)
    present = rows.distinct_quarters
    if mark is not None:
        where = where if "!" in where else f"{grid.name}!{where}"  # catalog cells name their sheet
        for quarter in present:
            key = (quarter, category, col.label)
            first = ctx.marks_seen.setdefault(key, (mark, where))
            if abs(first[0] - mark) > 1e-9:
                values = f"{display(first[0])} ({first[1]}), {display(mark)} ({where})"
                ctx.problems.append(Problem("full_mark_conflict", ctx.file_name, grid.name,
                                            header_cell, {"indicator": col.label,
                                                          "values": values}))
            ctx.prior.check_change(quarter, category, col.label, mark, ctx.file_name, grid.name,
                                   header_cell, ctx.warnings)
        return np.full(n, mark)
    if conflict:
        return np.full(n, np.nan)
    by_quarter = {q: ctx.prior.get(q).get((category, col.label)) for q in present}
    if not present or any(v is None for v in by_quarter.values()):
        ctx.problems.append(Problem("full_mark_unknown", ctx.file_name, grid.name, header_cell,
                                    {"indicator": col.label}))
        return np.full(n, np.nan)
    return np.array([by_quarter.get(q, np.nan) if q else np.nan for q in rows.quarters],
                    dtype=np.float64)


def _dimension(grid: Grid, layout: Layout, col, category: str, rows: BranchRows, ctx: Context
               ) -> str | None:
    """The column's dimension: the workbook's (a group label, its 指标说明), warned of when it
    moves the indicator against the prior quarter; else inherited (prior quarter, else default
    catalog). Recorded in ``ctx.dimensions`` for the preview."""
    stated = column_dimension(col, category, ctx.catalog)
    quarters = sorted(q for q in rows.distinct_quarters if q)
    if stated:
        for quarter in quarters:
            ctx.prior.check_move(quarter, category, col.label, stated, ctx.file_name, grid.name,
                                 a1(layout.header_row, col.index), ctx.warnings)
        dimension, source = stated, FROM_WORKBOOK
    else:  # the newest quarter of the rows: a sheet is almost always one quarter
        dimension, source = inherited_dimension(
            category, col.label, ctx.prior.items(quarters[-1] if quarters else None))
    ctx.dimensions.setdefault((category, col.label), (dimension, source))
    return dimension


def _check_scores(grid: Grid, rows: BranchRows, c: int, values: list, numbers: np.ndarray,
                  status: np.ndarray, marks: np.ndarray, ctx: Context) -> np.ndarray:
    """Report blank, non-numeric, negative and over-the-mark scores; returns the bad-row mask."""
    name, file_name = grid.name, ctx.file_name
    with np.errstate(invalid="ignore"):
        negative = numbers < 0
        over = numbers > marks + 1e-9
    bad = (status != OK) | negative | over
    for i in np.flatnonzero(bad):
        r = rows.rows[i]
        cell = a1(r, c)
        if status[i] == BLANK_CELL:
            # an uncached formula or an error value (#REF! …) is reported on its own
            if (r, c) not in grid.uncached and (r, c) not in grid.errors:
                ctx.problems.append(Problem("score_blank", file_name, name, cell,
                                            {"branch": rows.branches[i]}))
        elif status[i] == NOT_NUMBER:
            ctx.problems.append(Problem("score_not_number", file_name, name, cell,
                                        {"value": display(values[i])}))
        elif negative[i]:
            ctx.problems.append(Problem("score_negative", file_name, name, cell,
                                        {"score": display(numbers[i])}))
        else:
            ctx.problems.append(Problem("score_over_full_mark", file_name, name, cell,
                                        {"score": display(numbers[i]),
                                         "full_mark": display(marks[i])}))
    return bad


def _adjustment(grid: Grid, layout: Layout, rows: BranchRows, by_column: KeptCells, role: str,
                category: str, categories: dict[int, str], ctx: Context) -> np.ndarray:
    """Bonus or deduction points per row for ``category`` (0 when blank or absent)."""
    total = np.zeros(len(rows.rows))
    for col in layout.by_role(role):
        if categories.get(col.index) != category:
            continue
        values = by_column[col.index]
        numbers, status = parse_column(values)
        with np.errstate(invalid="ignore"):
            wrong = (status == NOT_NUMBER) | (numbers < 0)
        for i in np.flatnonzero(wrong):
            ctx.problems.append(Problem(f"{role}_invalid", ctx.file_name, grid.name,
                                        a1(rows.rows[i], col.index),
                                        {"value": display(values[i])}))
        total += np.where(status == OK, np.nan_to_num(numbers), 0.0).clip(min=0)
    return total


def _check_total(grid: Grid, rows: BranchRows, by_column: KeptCells, c: int, sums: np.ndarray,
                 skip: np.ndarray, bonus: np.ndarray, deduction: np.ndarray, ctx: Context) -> None:
    values = by_column[c]
    numbers, status = parse_column(values)
    with np.errstate(invalid="ignore"):
        plain = np.abs(numbers - sums) <= TOLERANCE + 1e-9
        adjusted = np.abs(numbers - (sums + bonus - deduction)) <= TOLERANCE + 1e-9
    wrong = (status == OK) & ~np.isnan(numbers) & ~plain & ~adjusted & ~skip
    for i in np.flatnonzero(wrong | (status == NOT_NUMBER)):
        code = "total_not_number" if status[i] == NOT_NUMBER else "total_mismatch"
        adjusted = sums[i] + bonus[i] - deduction[i]
        ctx.problems.append(Problem(code, ctx.file_name, grid.name, a1(rows.rows[i], c),
                                    {"value": display(values[i]), "sum": display(round(sums[i], 4)),
                                     "adjusted": display(round(adjusted, 4))}))


def _texts(grid: Grid, layout: Layout, rows: BranchRows, by_column: KeptCells, role: str,
           category: str, categories: dict[int, str], ctx: Context) -> list[str | None]:
    """Veto reasons or notes per row for ``category``: its own columns and uncategorised ones;
    None where there is nothing (for a veto: nothing but 无/否/N/A). Control characters and
    bidirectional overrides are removed; a text longer than Excel allows is reported."""
    out: list[str | None] = [None] * len(rows.rows)
    for col in layout.by_role(role):
        if categories.get(col.index, category) != category:
            continue
        values = by_column[col.index]
        if len(set(values)) == 1 and values[0] == "":
            continue  # an empty column, the usual case for vetoes
        for i, value in enumerate(values):
            if value == "":
                continue
            text = free_text(value)
            if len(text) > TEXT_MAX_CHARS:
                ctx.problems.append(Problem("text_too_long", ctx.file_name, grid.name,
                                            a1(rows.rows[i], col.index),
                                            {"chars": len(text), "limit": TEXT_MAX_CHARS}))
                continue
            if not text or (role == "veto" and compact(text).lower() in NO_VETO_TOKENS):
                continue
            out[i] = text if out[i] is None else f"{out[i]}；{text}"
    return out


def _check_names(grid: Grid, layout: Layout, rows: BranchRows, indicators: list,
                 ctx: Context) -> None:
    """Names that become keys of the store (committee, general branch, branch, indicator,
    dimension) must be visible text of a sane length: report invisible or control characters
    (U+202E, zero-width joiner, NUL …) and names over NAME_MAX_CHARS, once per column and name."""
    named = [(role, layout.by_role(role)[0].index, values) for role, values in (
        ("committee", rows.committees), ("general_branch", rows.generals),
        ("branch", rows.branches)) if layout.by_role(role)]
    cells: dict[tuple[int, str], str] = {}  # (column, name) → first cell
    for _, c, values in named:
        distinct = set(values)
        distinct.discard(None)
        distinct.discard("")
        if "".join(distinct).isprintable() and max(map(len, distinct), default=0) <= NAME_MAX_CHARS:
            continue  # the usual case, decided in C over the distinct names
        for r, value in zip(rows.rows, values):
            if value:
                cells.setdefault((c, value), a1(r, c))
    header = layout.header_row
    for col in indicators:
        for text in (col.label, col.dimension):
            if text and not (len(text) <= NAME_MAX_CHARS and text.isprintable()):
                cells.setdefault((col.index, text), a1(header, col.index))
    for (_, text), cell in cells.items():
        found = name_problem(text, ctx.file_name, grid.name, cell)
        if found:
            ctx.problems.append(found)


def _report_errors(grid: Grid, rows: BranchRows, value_columns: list[int], ctx: Context) -> None:
    """Error values (#REF!, #DIV/0! …) in the scores, bonus, deduction and total cells of the
    branch rows; elsewhere (a title, a 平均 row) they do no harm."""
    if not grid.errors:
        return
    kept, columns = set(rows.rows), set(value_columns)
    for (r, c), value in sorted(grid.errors.items()):
        if r in kept and c in columns:
            ctx.problems.append(Problem("cell_error", ctx.file_name, grid.name, a1(r, c),
                                        {"value": quoted(value, 20)}))
