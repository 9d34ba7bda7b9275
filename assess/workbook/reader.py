"""read_workbook: guards → grids → catalog → sheets → cross-sheet checks → DataFrames."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import PurePath

import numpy as np
import pandas as pd

from assess.config import Limits
from assess.problems import WARNING, Problem
from assess.workbook import guards
from assess.workbook.catalog import INSTRUCTIONS_SHEET, is_catalog, read_catalog
from assess.workbook.cells import compact, quoted, visible
from assess.workbook.grid import Grid, a1, load_grids
from assess.workbook.layout import Layout, find_layout
from assess.workbook.marks import PriorMarks
from assess.workbook.quarters import parse_quarter_cell, quarters_in_text
from assess.workbook.result import (
    CATALOG_COLUMNS, ENTRY_COLUMNS, SCORE_COLUMNS, WorkbookResult, empty_frame,
)
from assess.workbook.sheet import Context, SheetData, read_sheet


SKIPPED_SHOWN = 20  # sheet names listed in the "sheets skipped" warning
PARAM_CHARS = 600  # a text quoted in a message is cut after this many characters


def read_workbook(content: bytes, file_name: str, *, quarter_hint: str | None = None,
                  prior_full_marks: Callable[[str], dict[tuple[str, str], float]] | None = None,
                  limits: Limits = Limits()) -> WorkbookResult:
    """Read and validate one quarterly workbook (SPEC §4).

    Returns a :class:`WorkbookResult` with entries, scores and catalog, every error found in
    ``problems`` (located: file, sheet, cell) and non-fatal notes in ``warnings``. Never raises for
    a bad file; ``result.ok`` says whether it may be stored.
    """
    shown = visible(file_name)  # the uploader chose the name: messages show it inert
    checked = guards.check_file(content, shown, limits)
    if checked.zip is None:
        return WorkbookResult(file_name=file_name, content=content,
                              problems=_inert(checked.problems))
    grids, problems = load_grids(content, checked.zip, shown, limits)
    if problems and not grids:  # unreadable or every sheet refused: nothing more to say
        return WorkbookResult(file_name=file_name, content=content, problems=_inert(problems))
    sheets_refused = bool(problems)
    ctx = Context(shown, {}, PriorMarks(prior_full_marks), problems)
    tables, skipped = _tables(grids, limits, ctx)
    if not tables and not sheets_refused:
        ctx.problems.append(Problem("no_branch_sheet", shown))
    outer_quarter = _outer_quarter(file_name, quarter_hint, ctx)
    parts = []
    for grid, layout in tables:
        _report_uncached(grid, ctx)
        part = read_sheet(grid, layout, _sheet_quarter(grid, layout, outer_quarter, ctx), ctx)
        if part.categories and not part.rows.rows:
            ctx.warnings.append(Problem("sheet_no_rows", shown, grid.name, severity=WARNING))
        parts.append(part)
    _check_duplicates(parts, ctx)
    _warn_lookalikes(parts, ctx)
    readable = [p for p in parts if p.rows.rows and p.categories]
    base = _Base(readable)
    return WorkbookResult(
        file_name=file_name, content=content, entries=_entries_frame(readable, base),
        scores=_scores_frame(readable, base), catalog=_catalog_frame(ctx, parts),
        problems=_inert(ctx.problems), warnings=_inert(ctx.warnings), skipped_sheets=skipped)


def _inert(problems: list[Problem]) -> list[Problem]:
    """``problems`` with every text parameter (a cell value, a name, the uploader's quarter)
    made safe to show: invisible characters written out, at most PARAM_CHARS characters (a
    1 MB branch name must not make a 1 MB message)."""
    for p in problems:
        for key, value in p.params.items():
            if isinstance(value, str):
                p.params[key] = quoted(value, PARAM_CHARS)
    return problems


def _tables(grids: list[Grid], limits: Limits, ctx: Context
            ) -> tuple[list[tuple[Grid, Layout]], list[str]]:
    """The sheets holding a table with their layouts, and the names of the sheets skipped (listed
    in a warning). The 指标说明 sheet is read into ``ctx.catalog`` on the way."""
    tables: list[tuple[Grid, Layout]] = []
    skipped: list[str] = []
    for grid in grids:
        if is_catalog(grid.name):
            items, found = read_catalog(grid, ctx.file_name, limits.header_search_rows)
            ctx.catalog.update(items)
            ctx.problems.extend(found)
            continue
        layout = None if compact(grid.name) == INSTRUCTIONS_SHEET else \
            find_layout(grid, limits.header_search_rows)
        if layout is None or not layout.by_role("indicator"):  # e.g. a list of branches
            skipped.append(grid.name)
        else:
            tables.append((grid, layout))
    if skipped:
        names = "、".join(skipped[:SKIPPED_SHOWN])
        if len(skipped) > SKIPPED_SHOWN:  # 10,000 hidden sheets must not make a 100 KB message
            names += f" … (+{len(skipped) - SKIPPED_SHOWN})"
        ctx.warnings.append(Problem("sheets_skipped", ctx.file_name, severity=WARNING,
                                    params={"sheets": names}))
    return tables, skipped


def _outer_quarter(file_name: str, hint: str | None, ctx: Context) -> str | None:
    """The quarter the file name gives, else the uploader's choice; reports disagreement."""
    from_name = quarters_in_text(PurePath(file_name).stem)
    if len(from_name) > 1:
        ctx.problems.append(Problem("quarter_conflict", ctx.file_name,
                                    params={"value": from_name[0], "other": from_name[1]}))
    name_quarter = from_name[0] if from_name else None
    chosen = parse_quarter_cell(hint) if hint else None
    if hint and chosen is None:
        ctx.problems.append(Problem("quarter_invalid", ctx.file_name, params={"value": hint}))
    if chosen and name_quarter and chosen != name_quarter:
        ctx.problems.append(Problem("quarter_conflict_hint", ctx.file_name,
                                    params={"value": name_quarter, "other": chosen}))
    return name_quarter or chosen


def _sheet_quarter(grid: Grid, layout: Layout, outer_quarter: str | None, ctx: Context
                   ) -> str | None:
    """The quarter of a sheet's rows unless a quarter column says otherwise: its title, else the
    file name or the uploader's choice; reports a title that disagrees with them."""
    found: list[tuple[str, str]] = []
    for r, c, text in layout.title_cells:
        for quarter in quarters_in_text(text):
            found.append((quarter, a1(r, c)))
    distinct = sorted({q for q, _ in found})
    if len(distinct) > 1:
        ctx.problems.append(Problem("quarter_conflict", ctx.file_name, grid.name, found[0][1],
                                    {"value": distinct[0], "other": distinct[1]}))
        return None
    if distinct:
        title_quarter, cell = distinct[0], found[0][1]
        if outer_quarter and title_quarter != outer_quarter:
            ctx.problems.append(Problem("quarter_conflict", ctx.file_name, grid.name, cell,
                                        {"value": title_quarter, "other": outer_quarter}))
        return title_quarter
    return outer_quarter


def _report_uncached(grid: Grid, ctx: Context) -> None:
    for r, c in sorted(grid.uncached):
        ctx.problems.append(Problem("formula_no_value", ctx.file_name, grid.name, a1(r, c)))


def _check_duplicates(parts: list[SheetData], ctx: Context) -> None:
    """The same (quarter, committee, branch) twice in one category, across sheets too."""
    for category in sorted({c for p in parts for c in p.categories}):
        holders = [p for p in parts if category in p.categories]
        distinct: set[tuple] = set()
        for p in holders:
            distinct.update(zip(p.rows.quarters, p.rows.committees, p.rows.branches))
        if len(distinct) == sum(len(p.rows.rows) for p in holders):
            continue  # the usual case, decided without a Python-level loop
        first: dict[tuple, tuple[SheetData, int]] = {}
        for part in holders:
            rows = part.rows
            for key, r in zip(zip(rows.quarters, rows.committees, rows.branches), rows.rows):
                if key[0] is None or not key[1]:
                    continue  # quarter or committee missing: reported already
                known = first.setdefault(key, (part, r))
                if known[0] is not part or known[1] != r:  # by identity: parts hold arrays
                    ctx.problems.append(Problem(
                        "branch_duplicate", ctx.file_name, part.sheet, a1(r, part.branch_col),
                        {"branch": key[2],
                         "first": f"{known[0].sheet}!{a1(known[1], known[0].branch_col)}"}))


def _warn_lookalikes(parts: list[SheetData], ctx: Context) -> None:
    """Warn when two branches (committee and branch name) differ only in the width or
    compatibility form of their characters (第１党支部 / 第1党支部): names are stored as written
    (no NFKC, which would also turn the（）of 第一党支部（机关） into ASCII and split it from last
    quarter's), so these would become two branches."""
    seen: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}  # normalised → (names, where)
    reported: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for part in parts:
        for names, r in zip(zip(part.rows.committees, part.rows.branches), part.rows.rows):
            if names[0].isascii() and names[1].isascii():
                continue
            key = tuple(unicodedata.normalize("NFKC", n).casefold() for n in names)
            cell = a1(r, part.branch_col)
            first, where = seen.setdefault(key, (names, f"{part.sheet}!{cell}"))
            if first != names and (first, names) not in reported:
                reported.add((first, names))
                same = first[0] == names[0]  # else name the committees too
                ctx.warnings.append(Problem("branch_lookalike", ctx.file_name, part.sheet, cell,
                                            {"branch": names[1] if same else " · ".join(names),
                                             "other": first[1] if same else " · ".join(first),
                                             "first": where}, severity=WARNING))


class _Base:
    """The per-row names of all sheets, concatenated and converted to pandas strings once."""

    def __init__(self, parts: list[SheetData]):
        quarter, committee, branch, self.general, self.offsets = [], [], [], [], []
        for part in parts:
            self.offsets.append(len(branch))
            quarter += part.rows.quarters
            committee += part.rows.committees
            branch += part.rows.branches
            self.general += part.rows.generals
        self.quarter = pd.array(quarter, dtype="str")
        self.committee = pd.array(committee, dtype="str")
        self.branch = pd.array(branch, dtype="str")


def _entries_frame(parts: list[SheetData], base: _Base) -> pd.DataFrame:
    """ENTRY_COLUMNS, one row per (quarter, committee, branch, category)."""
    if not parts:
        return empty_frame(ENTRY_COLUMNS)
    take, cols = [], {k: [] for k in ("category", "sheet", "bonus", "deduction", "veto_reason",
                                      "note", "row")}
    for part, offset in zip(parts, base.offsets):
        n = len(part.rows.rows)
        for cat in part.categories:
            take.append(np.arange(offset, offset + n))
            cols["category"] += [cat] * n
            cols["sheet"] += [part.sheet] * n
            cols["bonus"].append(part.bonus[cat])
            cols["deduction"].append(part.deduction[cat])
            cols["veto_reason"] += part.vetoes[cat]
            cols["note"] += part.notes[cat]
            cols["row"].append(np.asarray(part.rows.rows) + 1)
    rows = np.concatenate(take)
    return pd.DataFrame({
        "quarter": base.quarter.take(rows), "committee": base.committee.take(rows),
        "general_branch": pd.Series(base.general, dtype=object).take(rows).reset_index(drop=True),
        "branch": base.branch.take(rows),
        "category": pd.array(cols["category"], dtype="str"),
        "bonus": np.concatenate(cols["bonus"]), "deduction": np.concatenate(cols["deduction"]),
        "veto_reason": pd.Series(cols["veto_reason"], dtype=object),
        "note": pd.Series(cols["note"], dtype=object),
        "sheet": pd.array(cols["sheet"], dtype="str"),
        "row": np.concatenate(cols["row"]).astype(np.int64),
    }, columns=ENTRY_COLUMNS)


def _scores_frame(parts: list[SheetData], base: _Base) -> pd.DataFrame:
    """SCORE_COLUMNS, one row per (quarter, committee, branch, category, indicator).

    Built by index (``take``) from one string array per column so that the 10⁵ repeated
    names are converted to pandas strings once, not once per indicator.
    """
    if not parts:
        return empty_frame(SCORE_COLUMNS)
    row_index, block_index, blocks = [], [], []
    for part, offset in zip(parts, base.offsets):
        n = len(part.rows.rows)
        for block in part.scores:
            row_index.append(np.arange(offset, offset + n))
            block_index.append(np.full(n, len(blocks)))
            blocks.append(block)
    rows, which = np.concatenate(row_index), np.concatenate(block_index)

    def per_block(key: str):
        return pd.array([b[key] for b in blocks], dtype="str").take(which)

    return pd.DataFrame({
        "quarter": base.quarter.take(rows),
        "committee": base.committee.take(rows),
        "branch": base.branch.take(rows),
        "category": per_block("category"),
        "indicator": per_block("indicator"),
        "dimension": per_block("dimension"),
        "full_mark": np.concatenate([b["full_mark"] for b in blocks]),
        "score": np.concatenate([b["score"] for b in blocks]),
        "position": np.array([b["position"] for b in blocks], dtype=np.int64)[which],
    }, columns=SCORE_COLUMNS)


def _catalog_frame(ctx: Context, parts: list[SheetData]) -> pd.DataFrame:
    """CATALOG_COLUMNS: the 指标说明 rows, then indicators found only in the data sheets."""
    rows = [{"category": i.category, "dimension": i.dimension, "indicator": i.indicator,
             "full_mark": i.full_mark, "description": i.description}
            for i in ctx.catalog.values()]
    known = set(ctx.catalog)
    for block in (b for p in parts for b in p.scores):
        key = (block["category"], block["indicator"])
        if key in known:
            continue
        known.add(key)
        marks = block["full_mark"]
        mark = float(marks[0]) if len(marks) and not np.isnan(marks[0]) else None
        rows.append({"category": key[0], "dimension": block["dimension"], "indicator": key[1],
                     "full_mark": mark, "description": None})
    return pd.DataFrame(rows, columns=CATALOG_COLUMNS) if rows else empty_frame(CATALOG_COLUMNS)
