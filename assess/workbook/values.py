"""Whole columns of cell values → numbers, vectorised where the cells are plain numbers."""

from __future__ import annotations

import math
import re

import numpy as np

from assess.workbook.cells import BLANK, parse_number

OK, BLANK_CELL, NOT_NUMBER = 0, 1, 2
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")


def parse_column(values) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, status) for a column of cell values.

    ``numbers`` is float64 with NaN for not-applicable tokens and for unusable cells; ``status`` is
    int8: OK, BLANK_CELL or NOT_NUMBER. A numeric cell holding NaN or ±infinity (which a file can
    say, though Excel never writes it) is NOT_NUMBER, never "not applicable"; -0 becomes 0.
    """
    numbers, status = _parse(values)
    with np.errstate(invalid="ignore"):
        odd = np.flatnonzero((status == OK) & ~np.isfinite(numbers))
    for i in odd:
        if not isinstance(values[i], str):  # a NaN from text is a not-applicable token
            status[i] = NOT_NUMBER
            numbers[i] = math.nan
    numbers += 0.0  # -0.0 + 0.0 is +0.0
    return numbers, status


def _parse(values) -> tuple[np.ndarray, np.ndarray]:
    n = len(values)
    status = np.zeros(n, dtype=np.int8)
    types = set(map(type, values))
    if types <= {float, int}:
        # The usual case: every cell a real number (bool is excluded by the exact type check).
        return np.array(values, dtype=np.float64), status
    if not types <= {float, int, str}:
        return _parse_cells(values, range(n), np.empty(n, dtype=np.float64), status)
    # Numbers, numbers stored as text, tokens and empty cells: each distinct text is parsed
    # once (a column of 10,000 cells holds a handful of 不适用, "/", "" …), numbers pass as they
    # are; two passes over the column, whatever it holds.
    texts = {v: _parse_text(v) for v in set(values) if type(v) is str}
    numbers = np.fromiter((texts[v][0] if type(v) is str else v for v in values),
                          dtype=np.float64, count=n)
    status = np.fromiter((texts[v][1] if type(v) is str else OK for v in values),
                         dtype=np.int8, count=n)
    return numbers, status


def _parse_text(text: str) -> tuple[float, int]:
    """(number, status) of one text cell: see :func:`parse_number`; a number in exponent form
    ("1e1") is read too, as a spreadsheet reads it."""
    parsed = parse_number(text)
    if parsed == BLANK:
        return math.nan, BLANK_CELL
    if isinstance(parsed, float):
        return parsed, OK
    if _EXPONENT.fullmatch(text.strip()):
        number = float(text)
        if math.isfinite(number):
            return number, OK
    return math.nan, NOT_NUMBER


def _parse_cells(values, indices, numbers: np.ndarray, status: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``values[i]`` for each i of ``indices`` into ``numbers``/``status`` (a column
    holding more than numbers and texts: booleans, dates …)."""
    for i in indices:
        value = values[i]
        if type(value) is float:
            numbers[i] = value
        elif type(value) is str:
            numbers[i], status[i] = _parse_text(value)
        else:
            parsed = parse_number(value)
            numbers[i], status[i] = (parsed, OK) if isinstance(parsed, float) else \
                (math.nan, BLANK_CELL if parsed == BLANK else NOT_NUMBER)
    return numbers, status
