"""Sheets as grids: python-calamine values, merged ranges, uncached formulas and error values,
for the sheets whose XML (see :mod:`scan`) is within the size limits.

Coordinates are 0-based (row, column) from A1 throughout; :func:`a1` turns them into "F12".
"""

from __future__ import annotations

import html
import io
import posixpath
import queue
import re
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import python_calamine as pc

from assess.config import Limits
from assess.problems import Problem
from assess.workbook import guards
from assess.workbook.cells import visible
from assess.workbook.scan import (
    claimed_extent, error_cells, formula_sheets, hidden_columns, uncached_formulas, used_extent,
)

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)
# merge_at() for a row above this uses an index of the merges over the first rows: titles and
# headers are found fast whatever number of merges the sheet has.
HEAD_ROWS = 64
# Attribute values may hold ">" (a sheet named "a>b"): skip over quoted text.
_SHEET = re.compile(rb'<(?:\w+:)?sheet\b((?:[^>"]|"[^"]*")*)/?>')
_REL = re.compile(rb'<(?:\w+:)?Relationship\b((?:[^>"]|"[^"]*")*)/?>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass
class Grid:
    """One worksheet: ``rows`` of cell values from A1 ('' for empty), merges, uncached formulas."""

    name: str
    rows: list[list]
    merges: list[Merge] = field(default_factory=list)
    uncached: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # cell → "#REF!" …
    hidden_columns: set[int] = field(default_factory=set)  # 0-based, from the sheet XML
    formula_sheets: set[str] = field(default_factory=set)  # sheets its formulas read from
    _columns: list[tuple] | None = field(default=None, repr=False)
    _head_merges: dict[tuple[int, int], Merge] | None = field(default=None, repr=False)

    def column(self, col: int) -> tuple:
        """All values of column ``col`` top to bottom (the grid transposed once, in C)."""
        if self._columns is None:
            self._columns = list(zip(*self.rows))
        if col < len(self._columns):
            return self._columns[col]
        return ("",) * len(self.rows)

    def value(self, row: int, col: int):
        """The cell value, '' outside the used area."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    def merge_at(self, row: int, col: int) -> Merge | None:
        """The merged range containing (row, col), if any (the first listed, if several)."""
        width = len(self.rows[0]) if self.rows else 0
        if row < HEAD_ROWS and col < width:
            if self._head_merges is None:
                self._head_merges = self._index_head(width)
            return self._head_merges.get((row, col))
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None

    def _index_head(self, width: int) -> dict[tuple[int, int], Merge]:
        """(row, col) → merge for every cell of the first HEAD_ROWS rows: built once, in time
        bounded by the covered cells (load_grids refuses overlapping merges that would cover
        more than the sheet has), so a lookup does not scan thousands of merges."""
        index: dict[tuple[int, int], Merge] = {}
        for m in self.merges:
            if m[0] >= HEAD_ROWS:
                continue
            for r in range(m[0], min(m[2], HEAD_ROWS - 1) + 1):
                for c in range(m[1], min(m[3], width - 1) + 1):
                    index.setdefault((r, c), m)
        return index


def unreadable(exc: BaseException) -> bool:
    """Whether calamine's ``exc`` means "this file cannot be read": its own errors, and a panic
    inside it (a bug the file triggers), which pyo3 raises as PanicException, a BaseException
    that is not importable by name."""
    return isinstance(exc, (pc.CalamineError, ValueError, OSError)) \
        or type(exc).__name__ == "PanicException"


def a1(row: int, col: int) -> str:
    """0-based (row, col) → "F12"."""
    return f"{column_letter(col)}{row + 1}"


def column_letter(col: int) -> str:
    """0-based column → "A", "Z", "AA" …"""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its XML (e.g. "xl/worksheets/sheet1.xml")."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    names = set(zf.namelist())
    targets = {}
    for m in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        target = html.unescape(attrs.get(b"Target", b"").decode("utf-8", "replace"))
        # relative to xl/ as the standard says, or (as calamine also accepts) from the root
        candidates = [target[1:]] if target.startswith("/") else \
            [posixpath.normpath(posixpath.join("xl", target)), target]
        targets[attrs.get(b"Id", b"")] = next((c for c in candidates if c in names),
                                              candidates[0])
    members = {}
    for m in _SHEET.finditer(workbook):
        attrs = dict(_ATTR.findall(m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        if rid in targets:
            members[name] = targets[rid]
    return members


# Sheets parsed at once. calamine releases the GIL while it parses, so on these 2-core
# machines two sheets (the party and the business sheet of a combined workbook) take the time
# of the larger, and the checks of the next sheet run beside the parse of this one.
WORKERS = 2


def load_grids(
    content: bytes, zf: zipfile.ZipFile, file_name: str, limits: Limits
) -> tuple[list[Grid], list[Problem]]:
    """Every worksheet as a :class:`Grid`, and problems (corrupt, too many rows or columns)."""
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except BaseException as exc:
        if not unreadable(exc):
            raise
        return [], [Problem("file_corrupt", file_name)]
    problems: list[Problem] = []
    try:
        members = sheet_members(zf)
    except guards.ZIP_ERRORS:  # calamine read the parts that zipfile finds damaged
        book.close()
        return [], [Problem("file_corrupt", file_name)]
    wanted: list[tuple[str, str]] = []
    seen: set[str] = set()
    for meta in book.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        if meta.name in seen:  # calamine would read the first sheet of that name twice
            problems.append(Problem("sheet_name_duplicate", file_name, visible(meta.name)))
            continue
        seen.add(meta.name)
        member = members.get(meta.name)
        if member is None:  # no part found for it: its size cannot be checked before reading
            problems.append(Problem("sheet_corrupt", file_name, visible(meta.name)))
            continue
        wanted.append((meta.name, member))
    # Each sheet's XML is inflated and its size checked here, in the order of size (the
    # largest, the slowest to parse, starts first); then calamine parses it on a worker while
    # this thread checks the next one and scans this one for formulas and error values. A
    # worker takes a calamine workbook (one is used by one thread at a time) from ``books`` and
    # puts it back: the second is opened by the first task, while the first sheet is checked.
    books: queue.SimpleQueue = queue.SimpleQueue()
    books.put(book)
    opened = [book]

    def open_second() -> None:  # the first task: ready before the second sheet is checked
        try:
            second = pc.CalamineWorkbook.from_filelike(io.BytesIO(content))
        except BaseException as exc:
            books.put(exc)  # the parse that takes it raises it
            return
        opened.append(second)
        books.put(second)

    def parse(name: str) -> tuple[Grid | None, list[Problem]]:
        reader = books.get()
        if isinstance(reader, BaseException):
            books.put(reader)
            raise reader
        try:
            found: list[Problem] = []
            return _read_sheet(reader, name, file_name, limits, found), found
        finally:
            books.put(reader)

    found: dict[int, list[Problem]] = {i: [] for i in range(len(wanted))}
    jobs: dict[int, Future] = {}
    scans: dict[int, tuple[set, dict]] = {}
    waiting: tuple[int, bytes] | None = None  # a submitted sheet whose XML is still to scan
    try:
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            if len(wanted) > 1:
                pool.submit(open_second)
            for i in sorted(range(len(wanted)), key=lambda i: -_size(zf, wanted[i][1])):
                name, member = wanted[i]
                try:
                    xml = guards.read_member(zf, member, limits.max_unzipped_bytes)
                except guards.ZIP_ERRORS:
                    found[i].append(Problem("sheet_corrupt", file_name, visible(name)))
                    continue
                if _refused(xml, name, file_name, limits, found[i]):
                    continue
                jobs[i] = pool.submit(parse, name)
                if waiting is not None:  # scanned now, while both sheets are parsed
                    scans[waiting[0]] = _scan(waiting[1])
                waiting = (i, xml)
            if waiting is not None:
                scans[waiting[0]] = _scan(waiting[1])
            loaded = {i: job.result() for i, job in jobs.items()}
    except BaseException as exc:  # a second calamine reader failed where the first did not
        if not unreadable(exc):
            raise
        return [], [Problem("file_corrupt", file_name)]
    finally:
        for opened_book in opened:
            opened_book.close()
    grids = []
    for i, (name, _) in enumerate(wanted):
        problems.extend(found[i])
        if i not in loaded:
            continue
        grid, parse_problems = loaded[i]
        problems.extend(parse_problems)
        if grid is not None:
            # a sheet name is quoted in every message about it: no invisible characters
            grid.name = visible(name)
            grid.uncached, grid.errors, grid.hidden_columns, grid.formula_sheets = scans[i]
            grids.append(grid)
    return grids, problems


def _scan(xml: bytes) -> tuple[set[tuple[int, int]], dict[tuple[int, int], str], set[int],
                               set[str]]:
    """The uncached formulas, the error cells, the hidden columns and the sheets its formulas
    read from, of a sheet's XML."""
    return uncached_formulas(xml), error_cells(xml), hidden_columns(xml), formula_sheets(xml)


def _size(zf: zipfile.ZipFile, member: str) -> int:
    """The declared inflated size of a member (0 when it has none: its read will say why)."""
    try:
        return zf.getinfo(member).file_size
    except KeyError:
        return 0


def _refused(xml: bytes, name: str, file_name: str, limits: Limits,
             problems: list[Problem]) -> bool:
    """True (and a problem) when the sheet's used area is over a limit."""
    rows, columns = claimed_extent(xml) or (limits.max_rows + 1, 0)
    if _over_limits(rows, columns, name, file_name, limits):
        rows, columns = used_extent(xml)  # the claim is no proof: count exactly
    over = _over_limits(rows, columns, name, file_name, limits)
    if over:
        problems.append(over)
    return over is not None


def _over_limits(rows: int, columns: int, name: str, file_name: str, limits: Limits
                 ) -> Problem | None:
    """The problem of a used area of ``rows`` × ``columns`` over the limits, or None."""
    if rows > limits.max_rows:
        return Problem("sheet_too_many_rows", file_name, visible(name),
                       params={"rows": rows, "limit": limits.max_rows})
    if columns > limits.max_columns:
        return Problem("sheet_too_many_columns", file_name, visible(name),
                       params={"columns": columns, "limit": limits.max_columns})
    if rows * columns > limits.max_cells:
        return Problem("sheet_too_many_cells", file_name, visible(name),
                       params={"rows": rows, "columns": columns, "limit": limits.max_cells})
    return None


def _read_sheet(book: pc.CalamineWorkbook, name: str, file_name: str, limits: Limits,
                problems: list[Problem]) -> Grid | None:
    """One sheet's values and merges, or None (and a problem) when it is refused or damaged."""
    try:
        sheet = book.get_sheet_by_name(name)
        # The grid runs from A1 to the last used cell: ``end`` is its 0-based corner (None for
        # an empty sheet). (total_height/total_width are that index, one short of a count.)
        rows, columns = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        over = _over_limits(rows, columns, name, file_name, limits)
        if over:
            problems.append(over)
            return None
        merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        if merged_cells(merges, rows, columns) > rows * columns:
            problems.append(Problem("sheet_merges_overlap", file_name, visible(name)))
            return None
        values = sheet.to_python(skip_empty_area=False)
    except BaseException as exc:
        if not unreadable(exc):
            raise
        problems.append(Problem("sheet_corrupt", file_name, visible(name)))
        return None
    return Grid(name, values, merges)


def merged_cells(merges: list[Merge], rows: int, columns: int) -> int:
    """How many cells of the ``rows`` × ``columns`` grid the merges cover, counting a cell once
    per merge over it. More than the grid has means merges overlap (Excel never saves that),
    and every walk over merged cells (fill-down, the header index) would be unbounded."""
    total = 0
    for r0, c0, r1, c1 in merges:
        total += max(0, min(r1, rows - 1) - r0 + 1) * max(0, min(c1, columns - 1) - c0 + 1)
    return total
