"""What a sheet's XML says before calamine reads it: its used area (to refuse a sheet before
calamine allocates it), formulas saved without a value, and cells holding an error value.

Plain byte searches over the inflated XML, each linear in its size whatever the file holds.
"""

from __future__ import annotations

import functools
import html
import re

import numpy as np

_FORMULA = re.compile(rb"<f[\s>/]")
_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_VALUE = re.compile(rb"<v>[^<]")
_STR_TYPE = re.compile(rb'\bt="(?:str|inlineStr)"')
_ERROR_TYPE = re.compile(rb'\bt="e"')  # a cell whose value is an Excel error (#REF! …)
_ERROR_VALUE = re.compile(rb"<v>([^<]{0,40})</v>")
_LOOK_BACK = 4096  # how far before a <f> or t="e" its cell's "<c " may start
_PLAIN_CELL_REF = re.compile(rb'<c r="([A-Z]+)(\d+)"')
_PLAIN_ROW_REF = re.compile(rb'<row r="(\d+)"')
# XML allows r='A1' and r = "A1" too (calamine reads both): a size check must see them all.
_CELL_REF = re.compile(rb"""<(?:\w+:)?c\b[^>]*?\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_ROW_REF = re.compile(rb"""<(?:\w+:)?row\b[^>]*?\br\s*=\s*["'](\d+)["']""")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")


def column_index(letters: bytes | str) -> int:
    """"A" → 0, "AA" → 26."""
    if isinstance(letters, bytes):
        letters = letters.decode()
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def uncached_formulas(xml: bytes) -> set[tuple[int, int]]:
    """Cells of a sheet XML that hold a formula but no cached value, as 0-based (row, col).

    Linear in the size of the XML whatever it holds: each search starts where the last cell
    ended, and the look back for a cell's start is bounded (a hostile part of millions of
    ``<f>`` and no ``</c>`` must not make it quadratic).
    """
    found: set[tuple[int, int]] = set()
    if not has_pair(xml, b"<f"):
        return found
    end = 0
    for m in _FORMULA.finditer(xml):
        if m.start() < end:
            continue
        end = xml.find(b"</c>", m.start())
        if end < 0:
            break  # no cell closes after this point: nothing more to find
        start = xml.rfind(b"<c ", max(0, m.start() - _LOOK_BACK), m.start())
        if start < 0:
            continue
        cell = xml[start:end]
        if _VALUE.search(cell) or (b"<v>" in cell and _STR_TYPE.search(cell[:200])):
            continue
        ref = _REF.search(cell[:200])
        if ref:
            found.add((int(ref.group(2)) - 1, column_index(ref.group(1))))
    return found


def has_pair(xml: bytes, pair: bytes) -> bool:
    """Whether the two bytes ``pair`` occur in ``xml``: two vector comparisons (4× faster than
    ``pair in xml`` on sheet XML, where "<" is every tenth byte)."""
    data = np.frombuffer(xml, dtype=np.uint8)
    return bool(((data[:-1] == pair[0]) & (data[1:] == pair[1])).any())


def error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells of a sheet XML holding an error value, as 0-based (row, col) → "#REF!" (calamine
    gives '' for them). Linear in the size of the XML, like :func:`uncached_formulas`."""
    found: dict[tuple[int, int], str] = {}
    if b't="e"' not in xml:
        return found
    end = 0
    for m in _ERROR_TYPE.finditer(xml):
        if m.start() < end:
            continue
        # an attribute value cannot hold "<": the nearest one before is the start of the tag
        start = xml.rfind(b"<", max(0, m.start() - _LOOK_BACK), m.start())
        if start < 0 or not xml.startswith(b"<c ", start) \
                or xml.find(b">", start, m.start()) >= 0:
            continue  # not an attribute of a cell tag (e.g. text that reads t="e")
        tag_end = xml.find(b">", m.end())
        if tag_end < 0:
            break
        ref = _REF.search(xml, start, tag_end)
        if not ref:
            continue
        where = (int(ref.group(2)) - 1, column_index(ref.group(1)))
        if xml[tag_end - 1:tag_end] == b"/":  # <c r="C4" t="e"/>: no value at all
            found[where], end = "#ERROR", tag_end
            continue
        end = xml.find(b"</c>", tag_end)
        if end < 0:
            break
        value = _ERROR_VALUE.search(xml, tag_end, end)
        found[where] = html.unescape(value.group(1).decode("utf-8", "replace")) if value \
            else "#ERROR"
    return found


def used_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of the area from A1 to the last cell of a sheet XML — at least what
    calamine will allocate for it (densely: one value per cell) — found without parsing it.

    Cells and rows normally carry their reference as their first attribute (what Excel, WPS
    and openpyxl write: the fast path); otherwise every spelling XML allows is searched, and a
    cell or row without a reference, which takes the next position, is counted on top.
    """
    cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    row_tags = xml.count(b"<row ") + xml.count(b"<row>") + xml.count(b"<row/>")
    refs = _PLAIN_CELL_REF.findall(xml)
    row_refs = _PLAIN_ROW_REF.findall(xml)
    plain = len(refs) == cells and len(row_refs) == row_tags and b":c" not in xml \
        and b":row" not in xml  # no namespace prefix (x:c) either
    if not plain:
        refs, row_refs = _CELL_REF.findall(xml), _ROW_REF.findall(xml)
        cells, row_tags = len(_CELL_TAG.findall(xml)), len(_ROW_TAG.findall(xml))
    rows = max(max(map(int, {r for _, r in refs}), default=0),
               max(map(int, set(row_refs)), default=0)) + row_tags - len(row_refs)
    columns = max(map(column_index, {c for c, _ in refs}), default=-1) + 1
    if cells > len(refs):  # cells without a reference (rare): count them row by row
        columns += max(len(_CELL_TAG.findall(part)) for part in _ROW_TAG.split(xml))
    return rows, columns


_DIMENSION = re.compile(rb'<dimension ref="(?:A1:)?([A-Z]{1,3})([1-9]\d{0,6})"\s*/>')
_DIMENSION_HEAD = 4096  # Excel, WPS and openpyxl write <dimension> right after <worksheet>


def claimed_extent(xml: bytes) -> tuple[int, int] | None:
    """The (rows, columns) the sheet's ``<dimension>`` claims, when the XML proves it an upper
    bound of :func:`used_extent`; None when it cannot (no claim, or any cell or row that is
    outside it, lacks a plain reference or has a namespace prefix): then only the full scan
    can tell.

    One regex pass over ``<sheetData>`` instead of reading every reference: the usual file is
    decided in a few milliseconds, and a file whose claim is false costs the full scan.
    """
    head = xml[:_DIMENSION_HEAD]
    claim = _DIMENSION.search(head)
    start, end = xml.find(b"<sheetData"), xml.rfind(b"</sheetData>")
    if claim is None or start < 0 or end < start:
        return None
    letters, digits = claim.group(1).decode(), claim.group(2).decode()
    if any(p.search(xml, start, end) for p in _outside(letters, digits)):
        return None
    return int(digits), column_index(letters) + 1


_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")  # <x:c …>, <x:row …>: calamine reads them too


@functools.lru_cache(maxsize=64)
def _outside(letters: str, digits: str) -> tuple[re.Pattern, ...]:
    """What breaks the claim A1:<letters><digits> inside <sheetData>: a cell tag not written
    as ``<c r="<col ≤ letters><row ≤ digits>"``, a row tag not ``<row r="<row ≤ digits>"``, or
    a namespace-prefixed one, which the plain form would not see. (Three searches: one
    alternation of the three costs twice as much.)"""
    rows = _at_most(digits, "0123456789", first_min="1")
    cols = _at_most(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", first_min="A")
    return (re.compile(rb'<c(?=[\s>/])(?! r="(?:' + cols + rb')(?:' + rows + rb')")'),
            re.compile(rb'<row(?=[\s>/])(?! r="(?:' + rows + rb')")'),
            _PREFIXED)


def _at_most(text: str, alphabet: str, first_min: str) -> bytes:
    """A regex for the strings over ``alphabet`` (ordered, not starting below ``first_min``)
    of at most ``text`` in the "shorter first, then alphabetical" order (how column letters
    and row numbers without leading zeros compare)."""
    def span(lo: str, hi: str) -> str:  # one character between lo and hi, inclusive
        return f"[{lo}-{hi}]" if lo != hi else lo

    first, last = alphabet.index(first_min), alphabet[-1]
    options = []
    if len(text) > 1:  # every shorter string
        rest = len(text) - 2
        options.append(span(first_min, last) + (f"[{alphabet[0]}-{last}]{{0,{rest}}}"
                                                if rest else ""))
    for i, ch in enumerate(text):  # same length: equal up to i, smaller at i
        lo = alphabet[first] if i == 0 else alphabet[0]
        if ch == lo:
            continue
        below = alphabet[alphabet.index(ch) - 1]
        tail = len(text) - i - 1
        options.append(text[:i] + span(lo, below)
                       + (f"[{alphabet[0]}-{last}]{{{tail}}}" if tail else ""))
    options.append(text)
    return "|".join(options).encode()


_COLS = re.compile(rb"<(?:\w+:)?cols\b.*?</(?:\w+:)?cols>", re.S)
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_COL_ATTR = re.compile(rb"""\b(min|max|hidden)\s*=\s*["']([^"']*)["']""")
_MAX_HIDDEN = 16384  # Excel's widest sheet: a hostile <col max="1000000000"> stops here


def hidden_columns(xml: bytes) -> set[int]:
    """0-based columns a sheet XML hides (``<col min max hidden="1">``, as Excel and WPS write
    it, or ``hidden="true"``, as LibreOffice does). calamine reads their cells like any others
    but does not say they are hidden."""
    head = xml.find(b"<sheetData")
    cols = _COLS.search(xml, 0, head if head >= 0 else len(xml))
    found: set[int] = set()
    if cols is None:
        return found
    for m in _COL.finditer(cols.group(0)):
        attrs = {k: v for k, v in _COL_ATTR.findall(m.group(1))}
        if attrs.get(b"hidden", b"").lower() not in (b"1", b"true"):
            continue
        try:
            lo, hi = int(attrs.get(b"min", b"0")), int(attrs.get(b"max", attrs.get(b"min", b"0")))
        except ValueError:
            continue
        found.update(range(max(lo, 1) - 1, min(hi, _MAX_HIDDEN)))
    return found


# A sheet name before "!": quoted ('群众 测评'!), or plain after an operator or "(". A plain one
# may be written with character references (&#32676;, as openpyxl writes it), so "&" and ";" are
# taken in and the name is what follows the last of them once unescaped (Excel quotes a name
# that holds either, and "&" is also the join operator: A1&Sheet2!B1).
_SHEET_REF = re.compile(
    rb"(?:'((?:[^'<>]|'')+)'|(?<![^\s(),;:=+\-*/&<>^%{}])([^\s!(),:'\"=+\-*/<>^%{}\[\]]+))!")
_PLAIN_SPLIT = re.compile(r"[&;]")
_LOOKUP_WINDOW = 1 << 20  # bytes searched from the first formula on (see formula_sheets)


def formula_sheets(xml: bytes) -> set[str]:
    """Names of the sheets a sheet XML's formulas read from (``VLOOKUP(C4,群众测评!A:B,2,0)``,
    ``'群众 测评'!$B$2``): what makes another sheet a reference rather than an assessment.

    One byte search over the first megabyte from the first ``<f`` on (a lookup is filled down
    its column from the first rows; a sheet of 160,000 lookups costs the same as one of 2,000),
    each distinct name decoded once. A "name!" in a cell's inline text may be counted too, which
    only matters if a sheet of that name exists and has no committee column."""
    found: set[str] = set()
    start = xml.find(b"<f")
    if start < 0 or xml.find(b"!", start) < 0:
        return found
    for quoted_name, plain in set(_SHEET_REF.findall(xml, start, start + _LOOKUP_WINDOW)):
        if quoted_name:
            found.add(html.unescape(quoted_name.decode("utf-8", "replace")).replace("''", "'"))
        else:
            found.add(_PLAIN_SPLIT.split(html.unescape(plain.decode("utf-8", "replace")))[-1])
    found.discard("")
    return found
