"""Whole columns of cell values → numbers, vectorised where the cells are plain numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from assess.workbook.cells import BLANK, parse_number

OK, BLANK_CELL, NOT_NUMBER = 0, 1, 2


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
    # Numbers, numbers stored as text and empty cells: let pandas' C parser take the plain ones;
    # only what it cannot read (不适用, "８分", "nan" …) is parsed cell by cell.
    cells = pd.Series(values, dtype=object)
    blank = (cells == "").to_numpy()
    status[blank] = BLANK_CELL
    if blank.all():
        return np.full(n, np.nan), status
    numbers = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    with np.errstate(invalid="ignore"):
        unread = np.flatnonzero(~np.isfinite(numbers) & ~blank)
    return _parse_cells(values, unread, numbers, status)


def _parse_cells(values, indices, numbers: np.ndarray, status: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Parse ``values[i]`` for each i of ``indices`` into ``numbers``/``status``."""
    for i in indices:
        value = values[i]
        if type(value) is float:
            numbers[i] = value
            continue
        if value == "":
            numbers[i] = math.nan
            status[i] = BLANK_CELL
            continue
        parsed = parse_number(value)
        if isinstance(parsed, float):
            numbers[i] = parsed
        else:
            numbers[i] = math.nan
            status[i] = BLANK_CELL if parsed == BLANK else NOT_NUMBER
    return numbers, status
