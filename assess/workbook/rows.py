"""Which rows of a table are branches, and who they belong to (SPEC §4 fill-down rules).

Blank, footnote (注:…, 填表人:…, 审核人:…) and summary (合计/总计/小计/平均) rows are skipped; the
committee is filled down from a merge or from the row above; the general branch only from a merge;
the quarter comes from the quarter column, else from the sheet's other sources.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from assess.problems import Problem
from assess.workbook.cells import clean_text, clean_texts, is_blank
from assess.workbook.grid import Grid, a1
from assess.workbook.layout import Layout
from assess.workbook.quarters import parse_quarter_cell

SUMMARY_MARKERS = ("合计", "总计", "小计", "平均")
_FOOTNOTE_START = r"注\s*\d*\s*[:：.、]|(?:填表|填报|制表|审核|审批|负责|联系|统计)人|(?:填表|填报|制表)?日期\s*[:：]"
_FOOTNOTE = re.compile(f"^(?:{_FOOTNOTE_START})")
# Names that end a table or sum it up: a footnote, or a name containing a summary marker. Run
# once over all names joined by newlines (one regex pass instead of one per row).
_SKIP_WORDS = SUMMARY_MARKERS + ("注", "人", "日期")  # a cheap test before the regex
_SKIP_LINES = re.compile(f"^(?:{_FOOTNOTE_START}|[^\n]*?(?:{'|'.join(SUMMARY_MARKERS)}))", re.M)


@dataclass
class BranchRows:
    """The data rows of one table, aligned lists: sheet row (0-based), committee, general branch,
    branch, quarter (None when it could not be determined — already reported)."""

    rows: list[int] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    generals: list[str | None] = field(default_factory=list)
    branches: list[str] = field(default_factory=list)
    quarters: list[str | None] = field(default_factory=list)

    @cached_property
    def distinct_quarters(self) -> list[str]:
        """The quarters present, sorted."""
        return sorted({q for q in self.quarters if q})


def branch_rows(grid: Grid, layout: Layout, sheet_quarter: str | None, value_columns: list[int],
                file_name: str, problems: list[Problem], sheet_committee: str | None = None
                ) -> BranchRows:
    """Classify every row under the header; report rows with scores but no branch, empty
    committees with nothing to fill down from, and quarter cells that are unreadable or disagree.
    ``sheet_committee``: the committee of every row of a sheet without a committee column that
    is named for its committee (one sheet per committee)."""
    col = {role: layout.by_role(role)[0].index for role in
           ("branch", "committee", "general_branch", "quarter") if layout.by_role(role)}
    c_branch, c_committee = col["branch"], col.get("committee")
    c_general, c_quarter = col.get("general_branch"), col.get("quarter")
    branches = column_texts(grid, c_branch, across=True)
    committees = column_texts(grid, c_committee, across=True)
    start = layout.first_data_row
    named = [r for r in range(start, len(grid.rows)) if branches[r]]
    skipped = _skipped(named, branches) | _skipped(range(start, len(grid.rows)), committees)
    keep = [r for r in named if r not in skipped] if skipped else named
    unnamed = [r for r in range(start, len(grid.rows)) if not branches[r] and r not in skipped]
    headings = _unnamed_rows(grid, unnamed, c_branch, value_columns, file_name, problems)
    if c_committee is None:
        kept_committees = [sheet_committee or ""] * len(keep)
    elif "" not in (kept_committees := [committees[r] for r in keep]):
        pass  # every branch row names its committee (merged or repeated)
    else:
        kept_committees = _fill_down(grid, keep, headings, committees, branches, c_committee,
                                     file_name, problems)
    generals = column_texts(grid, c_general)
    out = BranchRows(keep, kept_committees, [generals[r] or None for r in keep],
                     [branches[r] for r in keep])
    if c_quarter is None:
        if sheet_quarter is None and keep:
            problems.append(Problem("quarter_unknown", file_name, grid.name))
        out.quarters = [sheet_quarter] * len(keep)
    else:
        out.quarters = _row_quarters(grid, keep, column_texts(grid, c_quarter), c_quarter,
                                     sheet_quarter, file_name, problems)
    return out


def _skipped(rows, texts: list[str]) -> set[int]:
    """The rows (of ``rows``) whose text is a footnote or a summary name."""
    rows = list(rows)
    joined = "\n".join([texts[r] for r in rows])
    if not any(word in joined for word in _SKIP_WORDS) or not _SKIP_LINES.search(joined):
        return set()
    ends = list(accumulate(len(texts[r]) + 1 for r in rows))
    return {rows[bisect_right(ends, m.start())] for m in _SKIP_LINES.finditer(joined)}


def _unnamed_rows(grid: Grid, unnamed: list[int], c_branch: int, value_columns: list[int],
                  file_name: str, problems: list[Problem]) -> set[int]:
    """Rows without a branch name: blank and footnote rows are ignored, a row with scores is
    reported; returns the rest (committee headings, whose committee fills down)."""
    headings = set()
    for r in unnamed:
        row = grid.rows[r]
        first = next((v for v in row if v != "" and not is_blank(v)), None)
        if first is None or (isinstance(first, str) and _FOOTNOTE.match(clean_text(first))):
            continue
        if any(not is_blank(row[c]) for c in value_columns):
            problems.append(Problem("branch_missing", file_name, grid.name, a1(r, c_branch)))
        else:
            headings.add(r)
    return headings


def _fill_down(grid: Grid, keep: list[int], headings: set[int], committees: list[str],
               branches: list[str], c: int, file_name: str, problems: list[Problem]) -> list[str]:
    """Committees of the kept rows, a blank one taking the committee of the row above (a branch
    row or a committee heading); reports a blank with nothing above."""
    sources = sorted(set(keep) | {r for r in headings if committees[r]})
    kept = set(keep)
    out, last = [], None
    for r in sources:
        committee = committees[r] or last
        if committees[r]:
            last = committees[r]
        if r not in kept:
            continue
        if committee is None:
            problems.append(Problem("committee_missing", file_name, grid.name, a1(r, c),
                                    {"branch": branches[r]}))
        out.append(committee or "")
    return out


def _row_quarters(grid: Grid, keep: list[int], texts: list[str], c: int, sheet_quarter: str | None,
                  file_name: str, problems: list[Problem]) -> list[str | None]:
    """Each kept row's quarter from the quarter column, else the sheet's; reports cells that are
    unreadable, disagree with the sheet's quarter, or are blank with nothing to fall back on."""
    parsed: dict[str, str | None] = {}
    out: list[str | None] = []
    for r in keep:
        raw = texts[r]
        quarter = sheet_quarter
        if raw:
            if raw not in parsed:
                parsed[raw] = parse_quarter_cell(raw)
            quarter = parsed[raw]
            if quarter is None:
                problems.append(Problem("quarter_invalid", file_name, grid.name, a1(r, c),
                                        {"value": raw}))
            elif sheet_quarter and quarter != sheet_quarter:
                problems.append(Problem("quarter_conflict", file_name, grid.name, a1(r, c),
                                        {"value": quarter, "other": sheet_quarter}))
        elif quarter is None:
            problems.append(Problem("quarter_unknown", file_name, grid.name, a1(r, c)))
        out.append(quarter)
    return out


def column_texts(grid: Grid, c: int | None, across: bool = False) -> list[str]:
    """Clean text of column ``c`` for every row, a vertical merge's value copied into all its
    rows (with ``across``, also a merge from the left, e.g. 合计 over 序号/党委/支部); all ''
    when the column is absent."""
    if c is None:
        return [""] * len(grid.rows)
    values = list(grid.column(c))
    for r0, c0, r1, c1 in grid.merges:
        if c0 <= c <= c1 and (r1 > r0 or (across and c0 < c)) and r0 < len(values):
            top = grid.value(r0, c0) if c0 != c else values[r0]
            end = min(r1, len(values) - 1)
            values[r0:end + 1] = [top] * (end - r0 + 1)
    return clean_texts(values)

