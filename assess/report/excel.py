"""The 通报's tables as an Excel workbook (xlsxwriter): an 说明 sheet with what the report is
of, then one sheet per table, each opening with the view's version, method, filters, time and
link; numbers stay numbers (shown in the documents' rounding), text is escaped against formula
injection (:mod:`assess.export`), and the charts are native Excel charts over the sheets' cells.
"""

from __future__ import annotations

import io
import math

import xlsxwriter

from assess.export import escape_text, sheet_title
from assess.i18n import t
from assess.report.document import Document, Table, cell_text, plain, sheet_tables

NUMBER_FORMATS = {"score": "0.0", "k": "0.000", "pct": "0.0%", "int": "0", "delta": "+0.0;-0.0;0.0", "r": "0.00"}
HEADER_ROW = 3  # rows 0–1: the view's meta line and link; row 3: the column names


def _text(value) -> str:
    return escape_text(plain(value))


def write_xlsx(d: Document) -> bytes:
    """The tables of ``d`` as .xlsx bytes."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True, "valign": "vcenter"})
    title = book.add_format({"bold": True, "font_size": 14})
    small = book.add_format({"font_color": "#555555", "font_size": 9})
    formats = {k: book.add_format({"num_format": f}) for k, f in NUMBER_FORMATS.items()}
    used: set[str] = set()

    about = book.add_worksheet(_unique(t("report.table.about", d.lang), used))
    about.write_string(0, 0, _text(d.title), title)
    for i, (label, value) in enumerate(d.meta, start=2):
        about.write_string(i, 0, _text(label), bold)
        about.write_string(i, 1, _text(value))
    about.set_column(0, 0, 14)
    about.set_column(1, 1, 90)

    sheets = {}
    for table in sheet_tables(d):
        sheet = book.add_worksheet(_unique(table.title, used))
        sheets[table.key] = (sheet, table)
        sheet.write_string(0, 0, _text(d.running), small)
        label, link = d.meta[-1]
        sheet.write_string(1, 0, _text(f"{label}: {link}"), small)
        for c, name in enumerate(table.columns):
            sheet.write_string(HEADER_ROW, c, _text(name), bold)
            sheet.set_column(c, c, max(8, min(40, table.widths[c] * 1.1)))
        for r, row in enumerate(table.rows, start=HEADER_ROW + 1):
            for c, (value, kind) in enumerate(zip(row, table.kinds)):
                _cell(sheet, r, c, value, kind, formats, d.lang)
        sheet.freeze_panes(HEADER_ROW + 1, 0)
        if table.rows:
            sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(table.rows), len(table.columns) - 1)
    _charts(book, sheets, d)
    book.close()
    return buf.getvalue()


def _unique(name: str, used: set[str]) -> str:
    base = sheet_title(name)
    out, n = base, 2
    while out.lower() in used:
        out = sheet_title(f"{base[:27]} ({n})")
        n += 1
    used.add(out.lower())
    return out


def _cell(sheet, r: int, c: int, value, kind: str, formats, lang: str) -> None:
    if kind == "evaluation" and isinstance(value, (int, float)):  # E a number; 待测评 as text
        kind = "score"
    if kind in NUMBER_FORMATS:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return
        try:
            number = float(value)
        except (TypeError, ValueError):
            return
        if math.isfinite(number):
            sheet.write_number(r, c, number, formats[kind])
        return
    text = cell_text(value, kind, lang)
    if text:
        sheet.write_string(r, c, _text(text))


def _ref(sheet, table: Table, column: str) -> tuple[str, int, int, int, int]:
    """[sheet, first row, col, last row, col] of a column's values."""
    c = column if isinstance(column, int) else table.columns.index(column)
    return [sheet.name, HEADER_ROW + 1, c, HEADER_ROW + len(table.rows), c]


def _charts(book, sheets: dict, d: Document) -> None:
    lang = d.lang
    for key, color in (("grades", "#333333"), ("stars", "#C00000")):  # counts: a column each
        if key in sheets and sheets[key][1].rows:
            sheet, table = sheets[key]
            chart = book.add_chart({"type": "column"})
            chart.add_series({"name": table.title, "categories": _ref(sheet, table, 0), "values": _ref(sheet, table, 1),
                              "data_labels": {"value": True}, "fill": {"color": color}})
            chart.set_title({"name": table.title})
            chart.set_legend({"none": True})
            sheet.insert_chart(HEADER_ROW, len(table.columns) + 1, chart)
    if "committees" in sheets and sheets["committees"][1].rows:
        sheet, table = sheets["committees"]
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"name": table.columns[4], "categories": _ref(sheet, table, 0), "values": _ref(sheet, table, 4),
                          "fill": {"color": "#333333"}})
        rate = book.add_chart({"type": "bar"})
        rate.add_series({"name": table.columns[6], "categories": _ref(sheet, table, 0), "values": _ref(sheet, table, 6),
                         "fill": {"color": "#C00000"}})
        chart.set_title({"name": t("report.figure.committees", lang)})
        chart.set_y_axis({"reverse": True})
        rate.set_y_axis({"reverse": True})
        chart.set_size({"height": 200 + 18 * min(len(table.rows), 40)})
        rate.set_size({"height": 200 + 18 * min(len(table.rows), 40)})
        sheet.insert_chart(HEADER_ROW, len(table.columns) + 1, chart)
        sheet.insert_chart(HEADER_ROW, len(table.columns) + 9, rate)
    if "ranking" in sheets and sheets["ranking"][1].rows:
        sheet, table = sheets["ranking"]
        chart = book.add_chart({"type": "scatter"})
        chart.add_series({"name": t("report.figure.scatter", lang), "categories": _ref(sheet, table, 3),
                          "values": _ref(sheet, table, 4),
                          "marker": {"type": "circle", "size": 4, "fill": {"color": "#333333"}, "border": {"none": True}}})
        chart.set_title({"name": t("report.figure.scatter", lang)})
        chart.set_x_axis({"name": t("report.chart.party", lang), "min": 0})
        chart.set_y_axis({"name": t("report.chart.business", lang), "min": 0})
        chart.set_legend({"none": True})
        sheet.insert_chart(HEADER_ROW, len(table.columns) + 1, chart, {"x_scale": 1.3, "y_scale": 1.3})
