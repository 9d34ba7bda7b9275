"""Excel and CSV downloads that are safe to open: no exported cell can become a formula.

Branch names, veto reasons and notes come from uploaded workbooks, so a branch called
``=HYPERLINK("http://evil","x")`` or ``=cmd|' /c calc'!A1`` must reach the person who opens an
export as that text, not as a live formula or DDE call (OWASP "CSV injection"). Every *text*
cell that starts with = + - @, a tab or a carriage return (or their full-width forms, which some
Chinese input methods type) gets a leading single quote; numbers stay numbers — a negative score
is a number, not text — and column names are escaped like any other text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from numbers import Number

import pandas as pd
import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
EXCEL_MAX_CHARS = 32_767  # longest text one Excel cell holds
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def escape_text(text: str) -> str:
    """``text`` with a leading ' when a spreadsheet would read it as a formula: "=1+1" → "'=1+1"."""
    return "'" + text if text.startswith(FORMULA_START) else text


def escape_value(value):
    """A cell value for export: text escaped (:func:`escape_text`), anything else unchanged."""
    return escape_text(value) if isinstance(value, str) else value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names are escaped; numbers are untouched."""
    out = df.copy()
    for i in range(out.shape[1]):  # by position: column names may repeat
        values = out.iloc[:, i]
        if pd.api.types.is_float_dtype(values):
            out.isetitem(i, values + 0.0)  # -0.0 → 0.0: the same number, without a "-0"
        elif not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                  or pd.api.types.is_datetime64_any_dtype(values)):
            out.isetitem(i, values.map(escape_value, na_action="ignore"))
    out.columns = [escape_text(_label(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as CSV: UTF-8 with a BOM (Excel then reads the Chinese correctly), CRLF line ends,
    no index, text escaped; missing values are empty."""
    text = safe_frame(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "Sheet1") -> bytes:
    """``df`` as a one-sheet .xlsx: a bold header row (frozen), text written as text (never a
    formula or a link, and escaped), numbers as numbers, missing values and NaN as empty cells,
    dates as dates. ``sheet_name`` is made valid for Excel (31 characters, no []:*?/\\)."""
    safe = safe_frame(df)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
        "strings_to_numbers": False})
    sheet = book.add_worksheet(sheet_title(sheet_name))
    bold = book.add_format({"bold": True})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for c, name in enumerate(safe.columns):
        sheet.write_string(0, c, _fit(name), bold)
    widths = [min(max(len(name), 4), 40) for name in safe.columns]
    for c in range(safe.shape[1]):
        for r, value in enumerate(safe.iloc[:, c].tolist(), start=1):
            shown = _write(sheet, r, c, value, when)
            if r <= 200 and shown:
                widths[c] = min(max(widths[c], len(shown)), 40)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width * 1.6 + 2)
    sheet.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()


def sheet_title(name: str) -> str:
    """A valid Excel sheet name from ``name``: forbidden characters → "_", at most 31
    characters, no leading or trailing quote, never empty."""
    title = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'")[:31]
    return title or "Sheet1"


def _write(sheet, r: int, c: int, value, when) -> str:
    """Write one cell with the writer for its type; the text shown (for the column width)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
        return "TRUE"
    if isinstance(value, Number) and not isinstance(value, complex):
        number = float(value)
        if not math.isfinite(number):  # NaN: missing; ±inf has no cell form in Excel
            return ""
        sheet.write_number(r, c, number)
        return f"{number:g}"
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_localize(None)
        sheet.write_datetime(r, c, stamp.to_pydatetime(), when)
        return "yyyy-mm-dd hh:mm"
    text = _fit(value if isinstance(value, str) else escape_text(str(value)))
    sheet.write_string(r, c, text)
    return text


def _fit(text: str) -> str:
    return text if len(text) <= EXCEL_MAX_CHARS else text[:EXCEL_MAX_CHARS - 1] + "…"


def _label(column) -> str:
    """A column name as text (tuples of a MultiIndex joined with " / ")."""
    if isinstance(column, tuple):
        return " / ".join(str(part) for part in column)
    return str(column)
