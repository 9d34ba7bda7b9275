"""The 指标说明 sheet: ``类别 | 维度 | 指标 | 满分 | 说明`` (SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass

from assess.problems import Problem
from assess.workbook.cells import (
    clean_text, compact, free_text, is_blank, label, name_problem, parse_number,
)
from assess.workbook.grid import Grid, a1
from assess.workbook.layout import BUSINESS, PARTY, category_of_label, strip_mark

CATALOG_SHEET = "指标说明"
INSTRUCTIONS_SHEET = "填表说明"
_HEADERS = {"类别": "category", "维度": "dimension", "指标": "indicator", "指标名称": "indicator",
            "满分": "full_mark", "分值": "full_mark", "说明": "description", "指标说明": "description"}


@dataclass
class CatalogItem:
    """One catalog row; ``cell`` locates its 满分 cell for messages."""

    category: str
    dimension: str | None
    indicator: str
    full_mark: float | None
    description: str | None
    cell: str


def is_catalog(name: str) -> bool:
    return compact(name) == CATALOG_SHEET


def read_catalog(grid: Grid, file_name: str, search_rows: int
                 ) -> tuple[dict[tuple[str, str], CatalogItem], list[Problem]]:
    """{(category, indicator): item} and the problems of the sheet (bad category, bad 满分,
    the same indicator twice with different marks)."""
    problems: list[Problem] = []
    items: dict[tuple[str, str], CatalogItem] = {}
    header, cols = _header(grid, search_rows)
    if header is None or "indicator" not in cols or "category" not in cols:
        problems.append(Problem("catalog_header_missing", file_name, grid.name, "",
                                {"sheet": grid.name}))
        return items, problems
    last_category = None
    for r in range(header + 1, len(grid.rows)):
        get = lambda key: grid.value(r, cols[key]) if key in cols else ""  # noqa: E731
        indicator = clean_text(get("indicator"))
        if not indicator:
            continue
        raw_category = get("category")
        category = _category(raw_category) if not is_blank(raw_category) else last_category
        if category is None:
            problems.append(Problem("catalog_category_invalid", file_name, grid.name,
                                    a1(r, cols["category"]), {"value": clean_text(raw_category)}))
            continue
        last_category = category
        mark = None
        if "full_mark" in cols:
            parsed = parse_number(get("full_mark"))
            if isinstance(parsed, float) and parsed > 0:
                mark = parsed
            elif not is_blank(get("full_mark")):
                problems.append(Problem("catalog_full_mark_invalid", file_name, grid.name,
                                        a1(r, cols["full_mark"]),
                                        {"value": clean_text(get("full_mark"))}))
        cell = a1(r, cols.get("full_mark", cols["indicator"]))
        indicator = strip_mark(label(indicator))[0]
        dimension = clean_text(get("dimension")) or None
        bad = [found for key, text in (("indicator", indicator), ("dimension", dimension))
               if text and (found := name_problem(text, file_name, grid.name, a1(r, cols[key])))]
        if bad:  # names become keys of the store: checked as in the data sheets
            problems.extend(bad)
            continue
        item = CatalogItem(category, dimension, indicator, mark,
                           free_text(get("description")) or None, cell)
        known = items.get((category, indicator))
        if known and known.full_mark != item.full_mark:
            problems.append(Problem("catalog_duplicate", file_name, grid.name, cell,
                                    {"indicator": indicator, "first": known.cell}))
            continue
        items[(category, indicator)] = item
    return items, problems


def _header(grid: Grid, search_rows: int) -> tuple[int | None, dict[str, int]]:
    for r in range(min(search_rows, len(grid.rows))):
        cols: dict[str, int] = {}
        for c, value in enumerate(grid.rows[r]):
            key = _HEADERS.get(compact(value))
            if key and key not in cols:
                cols[key] = c
        if "indicator" in cols:
            return r, cols
    return None, {}


def _category(value) -> str | None:
    text = compact(value).lower()
    if text in (PARTY, BUSINESS):
        return text
    return category_of_label(text)

