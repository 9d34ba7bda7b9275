"""Excel and CSV exports (assess/export.py): text that looks like a formula is escaped with a
leading ', numbers stay numbers, Chinese survives, and no exported cell is a formula or a link."""

from __future__ import annotations

import csv
import io
import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from assess.export import escape_text, safe_frame, sheet_title, to_csv_bytes, to_xlsx_bytes
from assess.workbook import read_workbook
from tests.hostile_corpus import CASES

HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example/","点我")', "=cmd|' /c calc'!A1", "+SUM(A1:A9)",
           "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "＝1+1", "第一党支部", "<script>alert(1)</script>",
           " =1+1", "a=b"]
ESCAPED = ["'=1+1", '\'=HYPERLINK("http://evil.example/","点我")', "'=cmd|' /c calc'!A1",
           "'+SUM(A1:A9)", "'-2+3", "'@SUM(A1)", "'\t=1+1", "'\r=1+1", "'＝1+1", "第一党支部",
           "<script>alert(1)</script>", " =1+1", "a=b"]


def frame() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "支部": pd.array(HOSTILE, dtype="str"),
        "得分": [-3.5, 0.0, 95.25, np.nan, 1e-9, -0.0, 12, 7, 8, 9, 10, 11, 12][:n],
        "排名": np.arange(1, n + 1),
        "达标": [True, False] * (n // 2) + [True] * (n % 2),
        "备注": [None, "=1+2", 5, "-", "中文备注"] + [""] * (n - 5),
        "=列名": ["x"] * n,
    })


@pytest.mark.parametrize("text,escaped", list(zip(HOSTILE, ESCAPED)))
def test_escape_text(text, escaped):
    assert escape_text(text) == escaped


def test_numbers_are_never_escaped():
    safe = safe_frame(frame())
    assert safe["得分"].iloc[0] == -3.5 and safe["排名"].iloc[0] == 1
    assert safe["备注"].iloc[2] == 5  # a number in a text column stays a number
    assert list(safe.columns) == ["支部", "得分", "排名", "达标", "备注", "'=列名"]


def sheet_cells(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))  # not data_only: formulas would show
    return book, book.worksheets[0]


def test_xlsx_round_trip_has_no_formula_and_keeps_values():
    content = to_xlsx_bytes(frame(), sheet_name="排名")
    book, ws = sheet_cells(content)
    assert book.sheetnames == ["排名"]
    rows = list(ws.iter_rows())
    for row in rows:
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            assert cell.hyperlink is None
    header = [c.value for c in rows[0]]
    assert header == ["支部", "得分", "排名", "达标", "备注", "'=列名"]
    # openpyxl leaves xlsxwriter's escape of a carriage return as written (Excel decodes it)
    names = [r[0].value.replace("_x000D_", "\r") for r in rows[1:]]
    assert names == ESCAPED
    scores = [r[1].value for r in rows[1:]]
    assert scores[0] == -3.5 and scores[2] == 95.25 and scores[3] is None and scores[4] == 1e-9
    assert all(isinstance(v, (int, float)) for v in scores if v is not None)
    assert [r[2].value for r in rows[1:4]] == [1, 2, 3]
    assert [r[3].value for r in rows[1:3]] == [True, False]
    assert [r[4].value for r in rows[1:6]] == [None, "'=1+2", 5, "'-", "中文备注"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_csv_has_a_bom_escapes_text_and_keeps_numbers():
    content = to_csv_bytes(frame())
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["支部", "得分", "排名", "达标", "备注", "'=列名"]
    assert [r[0] for r in rows[1:]] == ESCAPED
    assert rows[1][1] == "-3.5" and rows[4][1] == "" and rows[6][1] == "0.0"
    assert [r[4] for r in rows[1:6]] == ["", "'=1+2", "5", "'-", "中文备注"]
    for row in rows:  # nothing a spreadsheet would run
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or float(value) < 0


def test_repeated_column_names_and_an_empty_frame():
    df = pd.DataFrame([["=a", 1, "+b"]], columns=["名", "分", "名"])
    _, ws = sheet_cells(to_xlsx_bytes(df))
    assert [c.value for c in ws[2]] == ["'=a", 1, "'+b"]
    assert to_csv_bytes(df).decode("utf-8-sig").splitlines() == ["名,分,名", "'=a,1,'+b"]
    _, ws = sheet_cells(to_xlsx_bytes(pd.DataFrame({"支部": pd.Series([], dtype="str")})))
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["支部"]]


def test_missing_values_nan_and_infinity_export_as_empty_cells():
    df = pd.DataFrame({"x": [math.nan, math.inf, -math.inf, None, 1.0]}, dtype=object)
    _, ws = sheet_cells(to_xlsx_bytes(df))
    assert [c.value for c in ws["A"]][1:] == [None, None, None, None, 1]


def test_dates_and_timezones():
    df = pd.DataFrame({"时间": [pd.Timestamp("2025-10-01 08:30", tz="Asia/Shanghai"), pd.NaT]})
    _, ws = sheet_cells(to_xlsx_bytes(df))
    assert ws["A2"].value.year == 2025 and ws["A2"].value.hour == 8 and ws["A3"].value is None


def test_text_longer_than_a_cell_is_cut_and_sheet_names_are_made_valid():
    df = pd.DataFrame({"备注": ["注" * 40_000]})
    book, ws = sheet_cells(to_xlsx_bytes(df, sheet_name="a/b:c*?[d]" + "长" * 40))
    assert len(ws["A2"].value) == 32_767
    assert book.sheetnames == [sheet_title("a/b:c*?[d]" + "长" * 40)]
    assert sheet_title("a/b:c*?[d]") == "a_b_c___d_"
    assert sheet_title("''") == "Sheet1" and len(sheet_title("长" * 40)) == 31


def test_an_uploaded_hostile_workbook_exports_inert():
    """End to end: names read from the corpus's formula-like workbook, exported both ways."""
    case = next(c for c in CASES if c.name == "text_starting_with_formula_characters")
    result = read_workbook(case.content(), case.file_name)
    assert result.ok
    shown = result.entries[["committee", "branch", "veto_reason"]]
    _, ws = sheet_cells(to_xlsx_bytes(shown, sheet_name="entries"))
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert values and all(v.startswith("'") for v in values)
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    text = to_csv_bytes(shown).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1:A9)" in text and "'-2+3" in text


@pytest.mark.parametrize("stored, served", [
    ("2025Q3.xlsx", "2025Q3.xlsx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\uploads\\考核表.xlsx", "考核表.xlsx"),
    ("report\u202exslx.exe", "reportxslx.exe"),
    ("...", "upload.xlsx"),
])
def test_original_files_are_served_under_a_safe_base_name(stored, served):
    from assess.views.data import safe_file_name

    assert safe_file_name(stored) == served
