"""Sheets as grids: python-calamine values, merged ranges, and formulas without a cached value.

Coordinates are 0-based (row, column) from A1 throughout; :func:`a1` turns them into "F12".
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import python_calamine as pc

from assess.config import Limits
from assess.problems import Problem
from assess.workbook import guards

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)
# merge_at() for a row above this looks only at merges starting above it: titles and headers
# are found fast in a sheet with thousands of merged committee cells further down.
HEAD_ROWS = 64

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_FORMULA = re.compile(rb"<f[\s>/]")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>[^<]")
_STR_TYPE = re.compile(rb'\bt="(?:str|inlineStr)"')


@dataclass
class Grid:
    """One worksheet: ``rows`` of cell values from A1 ('' for empty), merges, uncached formulas."""

    name: str
    rows: list[list]
    merges: list[Merge] = field(default_factory=list)
    uncached: set[tuple[int, int]] = field(default_factory=set)
    member: str | None = None  # the zip member of its XML
    _columns: list[tuple] | None = field(default=None, repr=False)
    _head_merges: list[Merge] | None = field(default=None, repr=False)

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
        """The merged range containing (row, col), if any."""
        if row < HEAD_ROWS:
            if self._head_merges is None:
                self._head_merges = [m for m in self.merges if m[0] < HEAD_ROWS]
            candidates = self._head_merges
        else:
            candidates = self.merges
        for m in candidates:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None


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


def column_index(letters: bytes | str) -> int:
    """"A" → 0, "AA" → 26."""
    if isinstance(letters, bytes):
        letters = letters.decode()
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member of its XML (e.g. "xl/worksheets/sheet1.xml")."""
    try:
        workbook = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        target = attrs.get(b"Target", b"").decode()
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join("xl", target))
        targets[attrs.get(b"Id", b"")] = target
    members = {}
    for m in _SHEET.finditer(workbook):
        attrs = dict(_ATTR.findall(m.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        name = html.unescape(attrs.get(b"name", b"").decode())
        if rid in targets:
            members[name] = targets[rid]
    return members


def uncached_formulas(xml: bytes) -> set[tuple[int, int]]:
    """Cells of a sheet XML that hold a formula but no cached value, as 0-based (row, col)."""
    found: set[tuple[int, int]] = set()
    if b"<f" not in xml:
        return found
    end = 0
    for m in _FORMULA.finditer(xml):
        if m.start() < end:
            continue
        start = xml.rfind(b"<c ", 0, m.start())
        end = xml.find(b"</c>", m.start())
        if start < 0 or end < 0:
            continue
        cell = xml[start:end]
        if _VALUE.search(cell) or (b"<v>" in cell and _STR_TYPE.search(cell[:200])):
            continue
        ref = _REF.search(cell[:200])
        if ref:
            found.add((int(ref.group(2)) - 1, column_index(ref.group(1))))
    return found


def _scan_formulas(content: bytes, members: list[str], limit: int) -> dict[str, set]:
    """Member → uncached formula cells, read through its own zip handle (runs in a thread)."""
    zf = zipfile.ZipFile(io.BytesIO(content))
    found = {}
    for member in members:
        try:
            found[member] = uncached_formulas(guards.read_member(zf, member, limit))
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
            found[member] = set()  # a damaged part: calamine reports the sheet
    return found


def load_grids(
    content: bytes, zf: zipfile.ZipFile, file_name: str, limits: Limits
) -> tuple[list[Grid], list[Problem]]:
    """Every worksheet as a :class:`Grid`, and problems (corrupt, too many rows or columns)."""
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (pc.CalamineError, ValueError, OSError):
        return [], [Problem("file_corrupt", file_name)]
    problems: list[Problem] = []
    members = sheet_members(zf)
    wanted: list[tuple[str, str | None]] = []
    for meta in book.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        member = members.get(meta.name)
        rows = guards.declared_rows(zf, member) if member else None
        if rows is not None and rows > limits.max_rows:  # refused before calamine reads it
            problems.append(Problem("sheet_too_many_rows", file_name, meta.name,
                                    params={"rows": rows, "limit": limits.max_rows}))
        else:
            wanted.append((meta.name, member))
    grids = []
    # The formula scan inflates the sheets' XML; zlib releases the GIL, so it runs beside
    # calamine's parse instead of after it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        scan = pool.submit(_scan_formulas, content, sorted({m for _, m in wanted if m}),
                           limits.max_unzipped_bytes)
        for name, member in wanted:
            grid = _read_sheet(book, name, file_name, limits, problems)
            if grid is not None:
                grid.member = member
                grids.append(grid)
        uncached = scan.result()
    book.close()
    for grid in grids:
        grid.uncached = uncached.get(grid.member, set())
    return grids, problems


def _read_sheet(book: pc.CalamineWorkbook, name: str, file_name: str, limits: Limits,
                problems: list[Problem]) -> Grid | None:
    """One sheet's values and merges, or None (and a problem) when it is refused or damaged."""
    try:
        sheet = book.get_sheet_by_name(name)
        if sheet.total_height > limits.max_rows:
            problems.append(Problem("sheet_too_many_rows", file_name, name,
                                    params={"rows": sheet.total_height, "limit": limits.max_rows}))
            return None
        if sheet.total_width > limits.max_columns:
            problems.append(Problem("sheet_too_many_columns", file_name, name,
                                    params={"columns": sheet.total_width,
                                            "limit": limits.max_columns}))
            return None
        values = sheet.to_python(skip_empty_area=False)
        merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
    except (pc.CalamineError, ValueError, OSError):
        problems.append(Problem("sheet_corrupt", file_name, name))
        return None
    return Grid(name, values, merges)
