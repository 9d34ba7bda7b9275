"""Where the table is in a sheet: header row, column roles, group rows, the full-mark row.

Alias tables are exactly those of SPEC §4; a label is matched after removing all whitespace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assess.workbook.cells import clean_text, compact, fold, is_blank, label as label_text
from assess.workbook.grid import Grid
from assess.workbook.quarters import quarter_in_text

PARTY = "party"
BUSINESS = "business"

ROLE_ALIASES: dict[str, frozenset[str]] = {
    "branch": frozenset({"支部", "支部名称", "党支部", "党支部名称", "被考核党支部"}),
    "committee": frozenset({"党委", "所属党委", "党委名称", "上级党委"}),
    "general_branch": frozenset({"总支", "党总支", "所属总支"}),
    "quarter": frozenset({"季度", "考核季度"}),
    "bonus": frozenset({"加分"}),
    "deduction": frozenset({"扣分", "减分"}),
    "veto": frozenset({"否决事项", "一票否决"}),
    "note": frozenset({"备注"}),
    "ignored": frozenset({"序号", "说明"}),
}
CATEGORY_ALIASES: dict[str, frozenset[str]] = {
    PARTY: frozenset({"党建", "党建工作", "党的建设", "党建考核", "党建指标"}),
    BUSINESS: frozenset({"业务", "业务工作", "业务考核", "业务指标", "经营业绩", "经营业绩考核",
                         "生产经营", "业绩考核"}),
}
MARK_ROW_LABELS = frozenset({"满分", "分值"})
TOTAL_MARKERS = ("合计", "总分", "总得分")
# Roles whose column may belong to one category (in a combined sheet, by the label above it).
CATEGORY_ROLES = frozenset({"indicator", "bonus", "deduction", "total", "veto", "note"})

_MARK_SUFFIX = re.compile(r"^(.*?)[(（]([0-9０-９]+(?:[.．][0-9０-９]+)?)分[)）]$")
_ANY_SUFFIX = re.compile(r"^(.*?)[(（][^()（）]*[)）]$")


@dataclass
class Column:
    """One column of the table. ``role`` is a key of ROLE_ALIASES, "total" or "indicator"."""

    index: int
    role: str
    label: str  # the header text without its "(N分)" suffix
    header_mark: float | None = None
    category: str | None = None  # from a group label
    dimension: str | None = None  # from a group label


@dataclass
class Layout:
    """The table of one sheet: header row, the first data row, columns, text above the header."""

    header_row: int
    first_data_row: int
    marks_row: int | None
    columns: list[Column]
    title_cells: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, text)

    def by_role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


def category_of_label(text: str) -> str | None:
    """party / business when ``text`` names a category (with or without "(N分)"), else None."""
    label = strip_mark(compact(text))[0]
    for category, names in CATEGORY_ALIASES.items():
        if label in names:
            return category
    return None


def category_of_sheet(name: str) -> str | None:
    """The category a sheet name implies: 党建… → party; 业务…/经营…/业绩… → business."""
    name = compact(name)
    if name.startswith("党建"):
        return PARTY
    if name.startswith(("业务", "经营", "业绩")):
        return BUSINESS
    return None


COMMITTEE_SHEET_SUFFIXES = ("党委", "党工委")


def committee_of_sheet(name: str) -> str | None:
    """The committee a sheet's name is (``机关党委``, ``生产运营党委``: one sheet per committee),
    else None. Only asked of a sheet without a committee column."""
    text = clean_text(name).strip()
    if len(compact(text)) > 2 and compact(text).endswith(COMMITTEE_SHEET_SUFFIXES):
        return text
    return None


def strip_mark(label: str) -> tuple[str, float | None]:
    """"组织设置(8分)" → ("组织设置", 8.0); a label without the suffix → (label, None)."""
    m = _MARK_SUFFIX.match(label)
    if m and m.group(1):
        return m.group(1), float(fold(m.group(2)))
    return label, None


def role_of(label: str) -> str | None:
    """The role a header label names, or None for an indicator (or an empty header)."""
    label = fold(label)
    for candidate in (label, _ANY_SUFFIX.sub(r"\1", label)):
        for role, names in ROLE_ALIASES.items():
            if candidate in names:
                return role
    if any(marker in label for marker in TOTAL_MARKERS):
        return "total"
    return None


def find_layout(grid: Grid, search_rows: int) -> Layout | None:
    """The table layout of ``grid``, or None when no branch column is found in the first rows."""
    branch_at = _find_branch_cell(grid, search_rows)
    if branch_at is None:
        return None
    row, col = branch_at
    merge = grid.merge_at(row, col)
    header = merge[2] if merge else row  # a header cell merged down: the header is its last row
    columns = _columns(grid, header)
    used = [c.index for c in columns]
    first, last = min(used), max(used)
    title_cells = _group_rows(grid, header, columns, first, last)
    marks_row = header + 1 if _is_marks_row(grid, header + 1, columns) else None
    first_data = header + 2 if marks_row is not None else header + 1
    return Layout(header, first_data, marks_row, columns, title_cells)


def _find_branch_cell(grid: Grid, search_rows: int) -> tuple[int, int] | None:
    for r in range(min(search_rows, len(grid.rows))):
        for c, value in enumerate(grid.rows[r]):
            if isinstance(value, str) and value and role_of(strip_mark(label_text(value))[0]) \
                    == "branch":
                return r, c
    return None


def _header_text(grid: Grid, header: int, col: int) -> str:
    value = grid.value(header, col)
    if is_blank(value):
        merge = grid.merge_at(header, col)
        if merge and merge[0] < header:
            value = grid.value(merge[0], merge[1])
    return label_text(value)


def _columns(grid: Grid, header: int) -> list[Column]:
    columns = []
    for col in range(len(grid.rows[header])):
        text = _header_text(grid, header, col)
        if not text:
            continue
        label, mark = strip_mark(text)
        role = role_of(label) or "indicator"
        columns.append(Column(col, role, label, mark if role == "indicator" else None))
    return columns


def _group_rows(grid: Grid, header: int, columns: list[Column], first: int, last: int
                ) -> list[tuple[int, int, str]]:
    """Apply up to two group rows above the header to ``columns``; return the title cells (every
    text cell above the header that is not a group label)."""
    by_index = {c.index: c for c in columns}
    titles: list[tuple[int, int, str]] = []
    group_rows_left = 2
    for r in range(header - 1, -1, -1):
        labels = []
        is_title_row = False
        for c, value in enumerate(grid.rows[r]):
            if is_blank(value):
                continue
            text = clean_text(value)
            merge = grid.merge_at(r, c)
            if merge and merge[2] >= header:
                continue  # a header label merged down into the header row
            span = (merge[1], merge[3]) if merge else (c, c)
            spans_table = span[0] <= first and span[1] >= last
            if spans_table or quarter_in_text(text) or text.endswith("表"):
                is_title_row = True
            labels.append((c, span, text))
        if not labels:
            group_rows_left = 0  # a blank row ends the group rows
            continue
        if is_title_row or group_rows_left == 0:
            group_rows_left = 0
            titles.extend((r, c, text) for c, _, text in labels)
            continue
        group_rows_left -= 1
        for _, (c0, c1), text in labels:
            category = category_of_label(text)
            for index in range(c0, c1 + 1):
                column = by_index.get(index)
                if column is None or column.role not in CATEGORY_ROLES:
                    continue
                if category:
                    column.category = column.category or category
                elif column.dimension is None and column.role == "indicator":
                    column.dimension = strip_mark(label_text(text))[0]
    return titles


def _is_marks_row(grid: Grid, row: int, columns: list[Column]) -> bool:
    for column in columns:
        if column.role != "indicator" and compact(grid.value(row, column.index)) in MARK_ROW_LABELS:
            return True
    return compact(grid.value(row, 0)) in MARK_ROW_LABELS
