"""Full marks of indicator columns: header suffix, 满分 row, catalog — or the prior quarter.

Also the per-column category and dimension, which come from the same three places — or, when
the workbook does not state them, from the prior quarter, else the default catalog (SPEC §4).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass

from assess.indicators import DEFAULT_INDICATORS
from assess.problems import WARNING, Problem
from assess.workbook.catalog import CATALOG_SHEET, CatalogItem
from assess.workbook.cells import clean_text, display, is_blank, parse_number
from assess.workbook.grid import Grid, a1, column_letter
from assess.workbook.layout import Column, Layout

Catalog = dict[tuple[str, str], CatalogItem]
ALL_CATEGORIES = "*"  # a total column of a combined sheet with no category label over it

# where an indicator's dimension came from (WorkbookResult.dimensions' ``source``)
FROM_WORKBOOK, FROM_STORED, FROM_DEFAULT, FROM_NONE = "workbook", "stored", "default", "none"


@dataclass(frozen=True)
class PriorItem:
    """One indicator of a stored quarter: its full mark and its dimension (None: its own
    dimension). ``dimension_known`` is False when the store said nothing about the dimension
    (a caller giving full marks only)."""

    full_mark: float
    dimension: str | None = None
    dimension_known: bool = True


PriorCatalog = dict[tuple[str, str], PriorItem]

DEFAULT_DIMENSIONS: dict[tuple[str, str], str | None] = {
    (i.category, i.name): i.dimension for i in DEFAULT_INDICATORS}
"""(category, indicator) → dimension of the default catalog (SPEC §4's table)."""


def categories_by_name(prior: Mapping[tuple[str, str], object]) -> dict[str, set[str]]:
    """indicator name → the categories ``prior`` lists it under; for a name ``prior`` does not
    know, the default catalog's."""
    out: dict[str, set[str]] = {}
    for category, name in prior:
        out.setdefault(name, set()).add(category)
    stored = set(out)
    for category, name in DEFAULT_DIMENSIONS:
        if name not in stored:
            out.setdefault(name, set()).add(category)
    return out


def column_categories(layout: Layout, sheet_category: str | None, catalog: Catalog,
                      file_name: str, sheet: str, problems: list[Problem],
                      known: Mapping[str, set[str]] | None = None) -> dict[int, str]:
    """Column index → category for indicator, bonus, deduction and total columns.

    Indicators: the group label above, else the sheet name, else the catalog (when it lists the
    indicator under one category), else ``known`` (name → categories: the prior quarter's, else
    the default catalog's; see :func:`categories_by_name`) when it names one category; a sheet
    whose name says nothing takes the one category its known indicators share. Bonus/deduction/total: the label above, else the sheet name,
    else the only category of the sheet's indicators; a total column of a combined sheet with
    no label gets ALL_CATEGORIES (it is checked against the whole row). Veto and note columns
    get a category only from a label above them.
    """
    out: dict[int, str] = {}
    for col in layout.by_role("indicator"):
        category = col.category or sheet_category
        if category is None:
            found = {cat for (cat, name) in catalog if name == col.label}
            category = found.pop() if len(found) == 1 else None
        if category is None and known:
            found = set(known.get(col.label, ()))
            category = found.pop() if len(found) == 1 else None
        if category is None:
            problems.append(Problem("category_unknown", file_name, sheet, column_letter(col.index),
                                    {"indicator": col.label}))
            continue
        out[col.index] = category
    indicator_categories = set(out.values())
    for role in ("bonus", "deduction", "total"):
        for col in layout.by_role(role):
            category = col.category or sheet_category
            if category is None and len(indicator_categories) == 1:
                category = next(iter(indicator_categories))
            if category is None and role == "total" and indicator_categories:
                category = ALL_CATEGORIES
            if category is None:
                problems.append(Problem("column_category_unknown", file_name, sheet,
                                        column_letter(col.index), {"label": col.label}))
                continue
            out[col.index] = category
    for role in ("veto", "note"):
        for col in layout.by_role(role):
            if col.category:
                out[col.index] = col.category
    return out


def workbook_mark(grid: Grid, layout: Layout, col: Column, category: str, catalog: Catalog,
                  file_name: str, problems: list[Problem]) -> tuple[float | None, str, bool]:
    """(full mark, where, conflict): the mark the workbook gives for ``col`` and the cell it
    comes from; (None, header cell, False) when it gives none; conflict is True (and reported)
    when its sources disagree. Also reports a 满分-row cell that is not a positive number.
    """
    header_cell = a1(layout.header_row, col.index)
    sources: list[tuple[float, str]] = []
    if col.header_mark is not None:
        sources.append((col.header_mark, header_cell))
    if layout.marks_row is not None:
        raw = grid.value(layout.marks_row, col.index)
        cell = a1(layout.marks_row, col.index)
        value = parse_number(raw)
        if isinstance(value, float) and value > 0:
            sources.append((value, cell))
        elif not is_blank(raw):
            problems.append(Problem("full_mark_invalid", file_name, grid.name, cell,
                                    {"indicator": col.label, "value": clean_text(raw)}))
    item = catalog.get((category, col.label))
    if item is not None and item.full_mark is not None:
        sources.append((item.full_mark, f"{CATALOG_SHEET}!{item.cell}"))
    if not sources:
        return None, header_cell, False
    if any(abs(v - sources[0][0]) > 1e-9 for v, _ in sources[1:]):
        values = ", ".join(f"{display(v)} ({where})" for v, where in sources)
        problems.append(Problem("full_mark_conflict", file_name, grid.name, header_cell,
                                {"indicator": col.label, "values": values}))
        return None, header_cell, True
    return sources[0][0], sources[0][1], False


def column_dimension(col: Column, category: str, catalog: Catalog) -> str | None:
    """The group label above the column, else the catalog's dimension, else None."""
    if col.dimension:
        return col.dimension
    item = catalog.get((category, col.label))
    return item.dimension if item else None


def inherited_dimension(category: str, indicator: str, prior: Mapping[tuple[str, str], PriorItem]
                        ) -> tuple[str | None, str]:
    """(dimension, source) of an indicator the workbook gives no dimension for: the prior
    quarter's (``FROM_STORED``), else the default catalog's (``FROM_DEFAULT``), else
    (None, ``FROM_NONE``): its own dimension."""
    item = prior.get((category, indicator))
    if item is not None and item.dimension_known:
        return item.dimension, FROM_STORED
    if (category, indicator) in DEFAULT_DIMENSIONS:
        return DEFAULT_DIMENSIONS[(category, indicator)], FROM_DEFAULT
    return None, FROM_NONE


def _as_catalog(found: Mapping | None) -> PriorCatalog:
    """A prior catalog from what a caller gave: PriorItems, or bare full marks (the older
    ``prior_full_marks`` contract, which says nothing of dimensions)."""
    out: PriorCatalog = {}
    for key, value in (found or {}).items():
        out[key] = value if isinstance(value, PriorItem) else \
            PriorItem(float(value), None, dimension_known=False)
    return out


class PriorMarks:
    """The prior catalog (``prior(quarter)`` → {(category, indicator): PriorItem or full mark})
    asked at most once per quarter; warns on changed marks and moved dimensions."""

    def __init__(self, prior: Callable[[str], Mapping] | None):
        self._prior = prior
        self._cache: dict[str, PriorCatalog] = {}
        self._early: dict[str, Future] = {}
        self._warned: set[tuple] = set()

    def prefetch(self, quarter: str | None, pool: Executor) -> None:
        """Start looking up ``quarter`` on ``pool``: the store's query runs while the sheets
        are parsed (the file name usually says the quarter). Its error, if any, is raised where
        :meth:`get` uses it."""
        if self._prior is None or not quarter or quarter in self._early:
            return
        self._early[quarter] = pool.submit(self._prior, quarter)

    def items(self, quarter: str | None) -> PriorCatalog:
        """The prior catalog of ``quarter`` (empty without a store or a quarter)."""
        if self._prior is None or not quarter:
            return {}
        if quarter not in self._cache:
            early = self._early.get(quarter)
            found = early.result() if early is not None else self._prior(quarter)
            self._cache[quarter] = _as_catalog(found)
        return self._cache[quarter]

    def get(self, quarter: str) -> dict[tuple[str, str], float]:
        """``{(category, indicator): full mark}`` of the prior quarter."""
        return {key: item.full_mark for key, item in self.items(quarter).items()}

    def check_change(self, quarter: str, category: str, indicator: str, mark: float,
                     file_name: str, sheet: str, cell: str, warnings: list[Problem]) -> None:
        """Warn (once per quarter and indicator) when ``mark`` differs from the stored one."""
        item = self.items(quarter).get((category, indicator))
        old = item.full_mark if item is not None else None
        key = (quarter, category, indicator)
        if old is None or abs(old - mark) <= 1e-9 or key in self._warned:
            return
        self._warned.add(key)
        warnings.append(Problem("full_mark_changed", file_name, sheet, cell,
                                {"indicator": indicator, "quarter": quarter, "old": display(old),
                                 "new": display(mark)}, severity=WARNING))

    def check_move(self, quarter: str, category: str, indicator: str, dimension: str | None,
                   file_name: str, sheet: str, cell: str, warnings: list[Problem]) -> None:
        """Warn (once per quarter and indicator) when the workbook puts ``indicator`` in another
        dimension than the prior quarter stored it in."""
        item = self.items(quarter).get((category, indicator))
        key = (quarter, category, indicator, "dimension")
        if item is None or not item.dimension_known or item.dimension == dimension \
                or key in self._warned:
            return
        self._warned.add(key)
        warnings.append(Problem("dimension_moved", file_name, sheet, cell,
                                {"indicator": indicator, "quarter": quarter,
                                 "old": item.dimension or indicator, "new": dimension or indicator},
                                severity=WARNING))
