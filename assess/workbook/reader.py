"""read_workbook: guards → grids → catalog → sheets → cross-sheet checks → DataFrames."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import PurePath

import numpy as np
import pandas as pd

from assess.config import Limits
from assess.gcpause import gc_paused
from assess.problems import WARNING, Problem
from assess.workbook import guards
from assess.workbook.catalog import INSTRUCTIONS_SHEET, is_catalog, read_catalog
from assess.workbook.cells import compact, parse_number, quoted, visible
from assess.workbook.grid import Grid, a1, column_letter, load_grids
from assess.workbook.layout import Layout, category_of_sheet, committee_of_sheet, find_layout
from assess.workbook.marks import DEFAULT_DIMENSIONS, PriorItem, PriorMarks, categories_by_name
from assess.workbook.evaluation import evaluation_sheets, read_evaluation
from assess.workbook.quarters import parse_quarter_cell, quarters_in_text
from assess.workbook.result import (
    BLOCK_COLUMNS, CATALOG_COLUMNS, DIMENSION_COLUMNS, ENTRY_COLUMNS, ScoreTable, WorkbookResult,
    empty_frame,
)
from assess.workbook.sheet import Context, SheetData, read_sheet


SKIPPED_SHOWN = 20  # sheet names listed in the "sheets skipped" warning
PARAM_CHARS = 600  # a text quoted in a message is cut after this many characters


def read_workbook(content: bytes, file_name: str, *, quarter_hint: str | None = None,
                  prior_full_marks: Callable[[str], dict[tuple[str, str], float]] | None = None,
                  known_branches: Callable[[], Iterable[tuple[str, str]]] | None = None,
                  limits: Limits = Limits(),
                  prior_catalog: Callable[[str], Mapping[tuple[str, str], PriorItem]] | None = None,
                  ) -> WorkbookResult:
    """Read and validate one quarterly workbook (SPEC §4).

    Returns a :class:`WorkbookResult` with entries, scores and catalog, every error found in
    ``problems`` (located: file, sheet, cell) and non-fatal notes in ``warnings``. Never raises for
    a bad file; ``result.ok`` says whether it may be stored.

    The store, when given, answers two questions (each asked at most once, on a thread of its
    own while the sheets are parsed): ``prior_catalog(quarter)``, the full mark and dimension
    of each indicator of the latest stored quarter before it (``store.prior_catalog``; the older
    ``prior_full_marks(quarter)``, full marks only, still works), and ``known_branches()``, the stored (committee, branch)
    names, against which a new branch whose name differs only in character width is warned of.
    """
    with gc_paused():
        return _read(content, file_name, quarter_hint, prior_catalog or prior_full_marks,
                     known_branches, limits)


def _read(content: bytes, file_name: str, quarter_hint: str | None,
          prior_full_marks: Callable[[str], Mapping] | None,
          known_branches: Callable[[], Iterable[tuple[str, str]]] | None,
          limits: Limits) -> WorkbookResult:
    shown = visible(file_name)  # the uploader chose the name: messages show it inert
    checked = guards.check_file(content, shown, limits)
    if checked.zip is None:
        return WorkbookResult(file_name=file_name, content=content,
                              problems=_inert(checked.problems))
    with ThreadPoolExecutor(max_workers=2) as lookups:  # waits for both before returning
        prior = PriorMarks(prior_full_marks)
        prior.prefetch(_likely_quarter(file_name, quarter_hint), lookups)
        known = lookups.submit(known_branches) if known_branches else None
        return _read_checked(content, file_name, shown, checked.zip, quarter_hint, prior, known,
                             limits)


def _likely_quarter(file_name: str, hint: str | None) -> str | None:
    """The quarter the file name (or else the uploader) gives, when it gives exactly one."""
    from_name = quarters_in_text(PurePath(file_name).stem)
    if len(from_name) == 1:
        return from_name[0]
    return parse_quarter_cell(hint) if hint and not from_name else None


def _read_checked(content: bytes, file_name: str, shown: str, zf, quarter_hint: str | None,
                  prior: PriorMarks, known: Future | None, limits: Limits) -> WorkbookResult:
    grids, problems = load_grids(content, zf, shown, limits)
    if problems and not grids:  # unreadable or every sheet refused: nothing more to say
        return WorkbookResult(file_name=file_name, content=content, problems=_inert(problems))
    if evaluation := evaluation_sheets(grids, limits.header_search_rows):  # SPEC §3.16
        result = read_evaluation(evaluation, content, file_name, shown, problems)
        result.problems = _inert(result.problems)
        return result
    sheets_refused = bool(problems)
    ctx = Context(shown, {}, prior, problems)
    tables, skipped = _tables(grids, limits, ctx, _likely_quarter(file_name, quarter_hint))
    if not tables and not sheets_refused:
        ctx.problems.append(Problem("no_branch_sheet", shown))
    outer_quarter = _outer_quarter(file_name, quarter_hint, ctx)
    parts = []
    for grid, layout in tables:
        _report_uncached(grid, layout, ctx)
        part = read_sheet(grid, layout, _sheet_quarter(grid, layout, outer_quarter, ctx), ctx)
        if part.categories and not part.rows.rows:
            ctx.warnings.append(Problem("sheet_no_rows", shown, grid.name, severity=WARNING))
        parts.append(part)
    _check_duplicates(parts, ctx)
    pairs = _branch_pairs(parts)
    _warn_lookalikes(parts, pairs, ctx)
    if known is not None:
        _warn_lookalikes_of_stored(parts, pairs, set(known.result()), ctx)
    readable = [p for p in parts if p.rows.rows and p.categories]
    base = _Base(readable)
    return WorkbookResult(
        file_name=file_name, content=content, entries=_entries_frame(readable, base),
        table=_score_table(readable), catalog=_catalog_frame(ctx, parts),
        problems=_inert(ctx.problems), warnings=_inert(ctx.warnings), skipped_sheets=skipped,
        dimensions=_dimensions_frame(ctx), ignored_columns=list(ctx.ignored_columns),
        reference_sheets=list(ctx.reference_sheets))


def _inert(problems: list[Problem]) -> list[Problem]:
    """``problems`` with every text parameter (a cell value, a name, the uploader's quarter)
    made safe to show: invisible characters written out, at most PARAM_CHARS characters (a
    1 MB branch name must not make a 1 MB message)."""
    for p in problems:
        for key, value in p.params.items():
            if isinstance(value, str):
                p.params[key] = quoted(value, PARAM_CHARS)
    return problems


def _tables(grids: list[Grid], limits: Limits, ctx: Context, quarter: str | None = None
            ) -> tuple[list[tuple[Grid, Layout]], list[str]]:
    """The sheets holding a table with their layouts, and the names of the sheets skipped (listed
    in a warning, but for the template's 填表说明). The 指标说明 sheet is read into
    ``ctx.catalog`` first (hidden columns and reference sheets are judged against it, and
    against the prior quarter ``quarter`` likely names); hidden helper columns are dropped from
    the layouts (``ctx.ignored_columns``) and reference sheets skipped
    (``ctx.reference_sheets``), each listed in a warning (SPEC §4)."""
    tables: list[tuple[Grid, Layout]] = []
    skipped: list[str] = []
    for grid in grids:
        if is_catalog(grid.name):
            items, found = read_catalog(grid, ctx.file_name, limits.header_search_rows)
            ctx.catalog.update(items)
            ctx.problems.extend(found)
    prior = ctx.prior.items(quarter)
    known = {name for _, name in ctx.catalog} | {name for _, name in prior} | \
        {name for _, name in DEFAULT_DIMENSIONS}
    for grid in grids:
        if is_catalog(grid.name):
            continue
        layout = None if compact(grid.name) == INSTRUCTIONS_SHEET else \
            find_layout(grid, limits.header_search_rows)
        if layout is not None:
            _drop_hidden_helpers(grid, layout, known, ctx)
        if layout is None or not layout.by_role("indicator"):  # e.g. a list of branches
            skipped.append(grid.name)
        else:
            tables.append((grid, layout))
    # the template's own 填表说明 is skipped without a word: every upload of it would warn
    surprising = [name for name in skipped if compact(name) != INSTRUCTIONS_SHEET]
    if surprising:
        ctx.warnings.append(Problem("sheets_skipped", ctx.file_name, severity=WARNING,
                                    params={"sheets": _names_shown(surprising)}))
    if ctx.ignored_columns:
        ctx.warnings.append(Problem("hidden_columns_ignored", ctx.file_name, severity=WARNING,
                                    params={"columns": _names_shown(ctx.ignored_columns)}))
    references = _reference_sheets(tables, categories_by_name(prior), ctx)
    if references:
        ctx.reference_sheets.extend(references)
        skipped.extend(references)
        tables = [(grid, layout) for grid, layout in tables if grid.name not in references]
        ctx.warnings.append(Problem("reference_sheets_skipped", ctx.file_name, severity=WARNING,
                                    params={"sheets": _names_shown(references)}))
    return tables, skipped


def _names_shown(names: list[str]) -> str:
    """Names for a message: the first SKIPPED_SHOWN, then how many more (10,000 hidden sheets
    must not make a 100 KB message)."""
    shown = "、".join(names[:SKIPPED_SHOWN])
    if len(names) > SKIPPED_SHOWN:
        shown += f" … (+{len(names) - SKIPPED_SHOWN})"
    return shown


def _drop_hidden_helpers(grid: Grid, layout: Layout, known: set[str], ctx: Context) -> None:
    """Drop from ``layout`` the hidden columns that are not indicators: a header that no catalog
    (the workbook's, the prior quarter's, the default) knows and that gives no full mark (an
    internal code, a helper formula). Recorded in ``ctx.ignored_columns``."""
    if not grid.hidden_columns:
        return
    dropped = []
    for col in layout.by_role("indicator"):
        if col.index not in grid.hidden_columns or col.label in known or col.header_mark is not None:
            continue
        if layout.marks_row is not None and \
                isinstance(mark := parse_number(grid.value(layout.marks_row, col.index)), float) \
                and mark > 0:
            continue
        dropped.append(col)
        ctx.ignored_columns.append(f"{grid.name}!{column_letter(col.index)}（{col.label}）")
    if dropped:
        layout.columns = [c for c in layout.columns if c not in dropped]


# Year-end evaluation sheets are read by their own reader (assess/workbook/evaluation.py): never
# taken for reference sheets here, whatever their columns.
EVALUATION_SHEETS = frozenset({"群众评价", "民主测评", "满意度测评"})
EVALUATION_COLUMNS = frozenset({"测评得分", "群众评价得分", "满意度得分"})


def _reference_sheets(tables: list[tuple[Grid, Layout]], known: dict[str, set[str]],
                      ctx: Context) -> list[str]:
    """The sheets (in order) that are references rather than assessments, beside at least one
    assessment (a sheet with a committee column, or named for its committee): a sheet without
    a committee column whose values an assessment's formulas look up (群众测评 read by
    VLOOKUP), or one with neither a committee column nor any category (by its name, a group
    label, or an indicator some catalog knows)."""
    def assessment(grid: Grid, layout: Layout) -> bool:
        return bool(layout.by_role("committee")) or committee_of_sheet(grid.name) is not None

    def evaluation(grid: Grid, layout: Layout) -> bool:
        return compact(grid.name) in EVALUATION_SHEETS or \
            any(compact(c.label) in EVALUATION_COLUMNS for c in layout.columns)

    assessments = [grid for grid, layout in tables if assessment(grid, layout)]
    if not assessments:
        return []
    looked_up = {visible(name) for grid in assessments for name in grid.formula_sheets}
    out = []
    for grid, layout in tables:
        if assessment(grid, layout) or evaluation(grid, layout):
            continue
        if grid.name in looked_up or not _has_category(grid, layout, known, ctx):
            out.append(grid.name)
    return out


def _has_category(grid: Grid, layout: Layout, known: dict[str, set[str]], ctx: Context) -> bool:
    """Whether the sheet's name, a group label or one of its indicators gives a category."""
    if category_of_sheet(grid.name) or any(c.category for c in layout.columns):
        return True
    listed = {name for _, name in ctx.catalog}
    return any(c.label in listed or c.label in known for c in layout.by_role("indicator"))


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


def _report_uncached(grid: Grid, layout: Layout, ctx: Context) -> None:
    """Formulas without a cached value, but in a hidden column the table does not use (an
    ignored helper)."""
    used = {col.index for col in layout.columns}
    for r, c in sorted(grid.uncached):
        if c in grid.hidden_columns and c not in used:
            continue
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


def _branch_pairs(parts: list[SheetData]) -> set[tuple[str, str]]:
    """The distinct (committee, branch) names of every sheet."""
    pairs: set[tuple[str, str]] = set()
    for part in parts:
        pairs.update(zip(part.rows.committees, part.rows.branches))
    return pairs


def _pair_rows(parts: list[SheetData]):
    """(committee, branch), sheet and row of every branch row, in sheet order."""
    for part in parts:
        for names, r in zip(zip(part.rows.committees, part.rows.branches), part.rows.rows):
            yield names, part, r


def _warn_lookalikes(parts: list[SheetData], pairs: set[tuple[str, str]], ctx: Context) -> None:
    """Warn when two branches (committee and branch name) differ only in the width or
    compatibility form of their characters (第１党支部 / 第1党支部): names are stored as written
    (no NFKC, which would also turn the（）of 第一党支部（机关） into ASCII and split it from last
    quarter's), so these would become two branches."""
    pairs = {p for p in pairs if not (p[0].isascii() and p[1].isascii())}
    joined = "\n".join({n for pair in pairs for n in pair})
    if unicodedata.is_normalized("NFKC", joined) and joined.casefold() == joined:
        return  # every name is its own normal form: two different names cannot clash
    keys = _folded_pairs(pairs)
    clashing = {k for k, n in Counter(keys.values()).items() if n > 1}
    if not clashing:
        return  # the usual case, decided once per distinct name
    seen: dict[tuple[str, str], tuple[tuple[str, str], str]] = {}  # normalised → (names, where)
    reported: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for names, part, r in _pair_rows(parts):
        key = keys.get(names)
        if key not in clashing:
            continue
        cell = a1(r, part.branch_col)
        first, where = seen.setdefault(key, (names, f"{part.sheet}!{cell}"))
        if first != names and (first, names) not in reported:
            reported.add((first, names))
            ctx.warnings.append(Problem("branch_lookalike", ctx.file_name, part.sheet, cell,
                                        _lookalike_params(names, first) | {"first": where},
                                        severity=WARNING))


def _warn_lookalikes_of_stored(parts: list[SheetData], pairs: set[tuple[str, str]],
                               stored: set[tuple[str, str]], ctx: Context) -> None:
    """Warn when a branch new to the store differs from a stored one only in the width or
    compatibility form of its characters (第１党支部 uploaded, 第1党支部 stored): it would
    become a second branch. Decided without normalising anything when every branch is known
    (the usual upload)."""
    new = {p for p in pairs - stored if p[1]}
    if not new or not stored:
        return  # every branch is known: the usual upload, decided by one set difference
    by_key = {key: pair for pair, key in _folded_pairs(stored).items()}
    first: dict[tuple[str, str], tuple[SheetData, int]] = {}  # new pair → its first row
    for names, part, r in _pair_rows(parts):
        if names in new:
            first.setdefault(names, (part, r))
    for names, key in _folded_pairs(first).items():
        other = by_key.get(key)
        if other is not None:
            part, r = first[names]
            ctx.warnings.append(Problem(
                "branch_lookalike_stored", ctx.file_name, part.sheet, a1(r, part.branch_col),
                _lookalike_params(names, other), severity=WARNING))


def _lookalike_params(names: tuple[str, str], other: tuple[str, str]) -> dict[str, str]:
    """The branch names of a look-alike message; the committees too when they differ."""
    if names[0] == other[0]:
        return {"branch": names[1], "other": other[1]}
    return {"branch": " · ".join(names), "other": " · ".join(other)}


def _folded_pairs(pairs) -> dict[tuple[str, str], tuple[str, str]]:
    """(committee, branch) → its NFKC-casefolded form, each distinct name folded once."""
    distinct = list({n for pair in pairs for n in pair})
    folded = dict(zip(distinct, _folded(distinct)))
    return {pair: (folded[pair[0]], folded[pair[1]]) for pair in pairs}


def _folded(names: list[str]) -> list[str]:
    """NFKC and casefold of each name: two C calls over the names joined by newlines (which
    neither changes), name by name only if a name's own newline made the split ambiguous."""
    folded = unicodedata.normalize("NFKC", "\n".join(names)).casefold().split("\n")
    if len(folded) == len(names) and not any("\n" in n for n in names):
        return folded
    return [unicodedata.normalize("NFKC", n).casefold() for n in names]


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


def _score_table(parts: list[SheetData]) -> ScoreTable:
    """The scores of every indicator column, each pointing at its row of :func:`_entries_frame`
    (which lists, per sheet, each category's rows in turn) and at its column's block."""
    if not parts:
        return ScoreTable.empty()
    entry, block, marks, values, blocks = [], [], [], [], []
    offset = 0
    for part in parts:
        n = len(part.rows.rows)
        first_entry = {cat: offset + i * n for i, cat in enumerate(part.categories)}
        offset += n * len(part.categories)
        for column in part.scores:
            entry.append(np.arange(n) + first_entry[column["category"]])
            block.append(np.full(n, len(blocks)))
            marks.append(column["full_mark"])
            values.append(column["score"])
            blocks.append(column)
    return ScoreTable(
        np.concatenate(entry), np.concatenate(block),
        np.concatenate(marks).astype(np.float64), np.concatenate(values).astype(np.float64),
        pd.DataFrame({k: pd.array([b[k] for b in blocks], dtype="str")
                      for k in ("category", "indicator", "dimension")}
                     | {"position": np.array([b["position"] for b in blocks], dtype=np.int64)},
                     columns=BLOCK_COLUMNS))


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


def _dimensions_frame(ctx: Context) -> pd.DataFrame:
    """DIMENSION_COLUMNS: each indicator's dimension and where it came from (for the preview)."""
    if not ctx.dimensions:
        return empty_frame(DIMENSION_COLUMNS)
    return pd.DataFrame([{"category": c, "indicator": i, "dimension": d, "source": s}
                         for (c, i), (d, s) in ctx.dimensions.items()], columns=DIMENSION_COLUMNS)
