"""Sheets as grids: python-calamine values, merged ranges, and formulas without a cached value.

Coordinates are 0-based (row, column) from A1 throughout; :func:`a1` turns them into "F12".
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine as pc

from assess.config import Limits
from assess.problems import Problem
from assess.workbook import guards

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)

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

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, col: int):
        """The cell value, '' outside the used area."""
        if 0 <= row < len(self.rows):
            cells = self.rows[row]
            if 0 <= col < len(cells):
                return cells[col]
        return ""

    def merge_at(self, row: int, col: int) -> Merge | None:
        """The merged range containing (row, col), if any."""
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None

    def merge_tops(self, col: int) -> dict[int, int]:
        """For column ``col``: row → first row of the vertical merge covering it (merged rows only)."""
        tops: dict[int, int] = {}
        last = len(self.rows) - 1
        for r0, c0, r1, c1 in self.merges:
            if c0 <= col <= c1 and r1 > r0:
                for r in range(r0, min(r1, last) + 1):
                    tops[r] = r0
        return tops


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


def load_grids(
    content: bytes, zf: zipfile.ZipFile, file_name: str, limits: Limits
) -> tuple[list[Grid], list[Problem]]:
    """Every worksheet as a :class:`Grid`, plus problems (corrupt file, too many rows or columns)."""
    problems: list[Problem] = []
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception:  # calamine raises several unrelated types for a broken file
        return [], [Problem("file_corrupt", file_name)]
    members = sheet_members(zf)
    grids = []
    for meta in book.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        name = meta.name
        member = members.get(name)
        rows = guards.declared_rows(zf, member) if member else None
        if rows is not None and rows > limits.max_rows:
            problems.append(Problem("sheet_too_many_rows", file_name, name,
                                    params={"rows": rows, "limit": limits.max_rows}))
            continue
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_height > limits.max_rows:
                problems.append(Problem("sheet_too_many_rows", file_name, name,
                                        params={"rows": sheet.total_height, "limit": limits.max_rows}))
                continue
            if sheet.total_width > limits.max_columns:
                problems.append(Problem("sheet_too_many_columns", file_name, name,
                                        params={"columns": sheet.total_width,
                                                "limit": limits.max_columns}))
                continue
            values = sheet.to_python(skip_empty_area=False)
            merges = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
        except Exception:
            problems.append(Problem("sheet_corrupt", file_name, name))
            continue
        uncached: set[tuple[int, int]] = set()
        if member:
            uncached = uncached_formulas(guards.read_member(zf, member, limits.max_unzipped_bytes))
        grids.append(Grid(name, values, merges, uncached))
    book.close()
    return grids, problems
