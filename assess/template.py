"""The blank quarterly template (SPEC §4): what ``python -m assess template`` writes and the upload
page offers for download.

Sheets: ``党建考核`` and ``业务考核`` (title row, dimension group row, header row, empty rows for the
branches, with data validation), ``指标说明`` (the indicator catalog) and ``填表说明`` (how to fill it
in). The bytes are deterministic: the same arguments give the same file.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assess.indicators import (
    BUSINESS, CATEGORY_LABELS, CATEGORY_SHEETS, DEFAULT_INDICATORS, PARTY, Indicator,
    dimension_groups, of_category,
)
from assess.periods import split_quarter

FIXED_TIME = datetime(2025, 1, 1, 8, 0, 0)
"""The creation time written into every generated workbook, so that its bytes are reproducible."""

NOT_APPLICABLE = "不适用"
BRANCH_COLUMNS = ("党委", "总支", "支部")
TRAILING_COLUMNS = ("加分", "扣分", "否决事项", "备注")
QUARTER_COLUMN = "季度"

TITLE_ROW, GROUP_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = 4

CN_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}
CATEGORY_TITLES = {PARTY: "党支部党建工作考核表", BUSINESS: "党支部业务工作考核表"}

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")
GROUP_FILL = PatternFill("solid", fgColor="FDE9D9")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)


def quarter_title(quarter: str | None) -> str:
    """``2025Q3`` → ``2025年第三季度``; no quarter → a blank to fill in (``＿＿年第＿＿季度``)."""
    if not quarter:
        return "＿＿年第＿＿季度"
    year, q = split_quarter(quarter)
    return f"{year}年第{CN_QUARTER[q]}季度"


def sheet_title(company: str, quarter: str | None, category: str) -> str:
    """The title row text, e.g. ``XX公司2025年第三季度党支部党建工作考核表``."""
    return f"{company}{quarter_title(quarter)}{CATEGORY_TITLES[category]}"


def template_bytes(*, quarter: str | None = None, committees: list[str] | None = None,
                   company: str = "XX公司", indicators=DEFAULT_INDICATORS, rows: int = 40,
                   quarter_column: bool = False) -> bytes:
    """The template workbook as .xlsx bytes (same arguments → same bytes).

    ``rows`` empty branch rows are prepared on each category sheet. ``quarter_column`` adds a
    leading ``季度`` column (with a drop-down of ``quarter`` when it is known); by default the quarter
    is given by the title only and the header is exactly that of SPEC §4.
    """
    if quarter:
        split_quarter(quarter)  # validates the key
    wb = Workbook()
    wb.remove(wb.active)
    for category in (PARTY, BUSINESS):
        inds = of_category(category, tuple(indicators))
        ws = wb.create_sheet(CATEGORY_SHEETS[category])
        _write_category_sheet(ws, category, inds, company=company, quarter=quarter,
                              committees=committees, rows=rows, quarter_column=quarter_column)
    _write_catalog(wb.create_sheet("指标说明"), tuple(indicators))
    _write_instructions(wb.create_sheet("填表说明"), committees)
    return workbook_bytes(wb)


def write_template(path_or_buffer: str | os.PathLike | BinaryIO, *, quarter: str | None = None,
                   committees: list[str] | None = None, company: str = "XX公司",
                   indicators=DEFAULT_INDICATORS, rows: int = 40,
                   quarter_column: bool = False) -> None:
    """Write the template (see :func:`template_bytes`) to a path or a binary file object."""
    data = template_bytes(quarter=quarter, committees=committees, company=company,
                          indicators=indicators, rows=rows, quarter_column=quarter_column)
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)
    else:
        with open(path_or_buffer, "wb") as fh:
            fh.write(data)


# --- category sheets ---------------------------------------------------------------------------


def _write_category_sheet(ws: Worksheet, category: str, inds: tuple[Indicator, ...], *,
                          company: str, quarter: str | None, committees: list[str] | None,
                          rows: int, quarter_column: bool) -> None:
    lead = ((QUARTER_COLUMN,) if quarter_column else ()) + BRANCH_COLUMNS
    headers = list(lead) + [i.header for i in inds] + list(TRAILING_COLUMNS)
    width = len(headers)
    first_ind = len(lead) + 1  # 1-based column of the first indicator
    last_row = HEADER_ROW + rows

    ws.cell(TITLE_ROW, 1, sheet_title(company, quarter, category))
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=width)
    ws.cell(TITLE_ROW, 1).font = Font(size=16, bold=True)
    ws.cell(TITLE_ROW, 1).alignment = CENTER
    ws.row_dimensions[TITLE_ROW].height = 32

    col = first_ind
    for dimension, members in dimension_groups(inds):
        if dimension:
            ws.cell(GROUP_ROW, col, dimension)
            if len(members) > 1:
                ws.merge_cells(start_row=GROUP_ROW, start_column=col,
                               end_row=GROUP_ROW, end_column=col + len(members) - 1)
        col += len(members)
    for c, text in enumerate(headers, start=1):
        ws.cell(HEADER_ROW, c, text)
        for r, fill in ((GROUP_ROW, GROUP_FILL), (HEADER_ROW, HEADER_FILL)):
            cell = ws.cell(r, c)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.alignment = CENTER
            cell.border = BORDER
    ws.row_dimensions[HEADER_ROW].height = 36
    for r in range(FIRST_DATA_ROW, last_row + 1):
        for c in range(1, width + 1):
            ws.cell(r, c).border = BORDER
            ws.cell(r, c).alignment = CENTER if c >= first_ind else Alignment(vertical="center")

    widths = [10] * (1 if quarter_column else 0) + [16, 16, 22] + [11] * len(inds) + [8, 8, 26, 20]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, len(lead) + 1)

    _add_validations(ws, inds, first_ind, last_row, quarter=quarter, committees=committees,
                     quarter_column=quarter_column)


def score_rule(cell: str, full_mark: float) -> str:
    """The custom validation formula of a score cell: a number 0…full mark, or 不适用."""
    return (f'OR(AND(ISNUMBER({cell}),{cell}>=0,{cell}<={full_mark:g}),'
            f'{cell}="{NOT_APPLICABLE}")')


def _add_validations(ws: Worksheet, inds: tuple[Indicator, ...], first_ind: int, last_row: int,
                     *, quarter: str | None, committees: list[str] | None,
                     quarter_column: bool) -> None:
    top = FIRST_DATA_ROW
    for offset, ind in enumerate(inds):
        letter = get_column_letter(first_ind + offset)
        dv = DataValidation(
            type="custom", formula1=score_rule(f"{letter}{top}", ind.full_mark), allow_blank=True,
            showErrorMessage=True, showInputMessage=True,
            errorTitle="得分无效", error=f"{ind.name}：请填写 0–{ind.full_mark:g} 之间的数字，"
                                      f"不适用请填“{NOT_APPLICABLE}”。",
            promptTitle=f"{ind.name}（满分{ind.full_mark:g}分）",
            prompt=f"填写 0–{ind.full_mark:g} 的得分，可保留一位小数；不适用填“{NOT_APPLICABLE}”。",
        )
        dv.add(f"{letter}{top}:{letter}{last_row}")
        ws.add_data_validation(dv)

    bonus_col = first_ind + len(inds)
    for offset, (title, prompt) in enumerate((
        ("加分", "填写加分分值（≥0）；计分时加分最多计 5 分。没有加分留空或填 0。"),
        ("扣分", "填写扣分分值（≥0，填正数）。没有扣分留空或填 0。"),
    )):
        letter = get_column_letter(bonus_col + offset)
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle=f"{title}无效", error=f"{title}请填写 0–100 之间的数字。",
                            promptTitle=title, prompt=prompt)
        dv.add(f"{letter}{top}:{letter}{last_row}")
        ws.add_data_validation(dv)

    veto_letter = get_column_letter(bonus_col + 2)
    dv = DataValidation(type=None, allow_blank=True, showInputMessage=True, promptTitle="否决事项",
                        prompt="发生一票否决事项时填写事项内容（如：发生一般安全生产责任事故）；"
                               "否则留空或填“无”。")
    dv.add(f"{veto_letter}{top}:{veto_letter}{last_row}")
    ws.add_data_validation(dv)

    lead = 1 if quarter_column else 0
    if quarter_column and quarter:
        dv = DataValidation(type="list", formula1=f'"{quarter}"', allow_blank=True,
                            showErrorMessage=True, errorTitle="季度无效",
                            error=f"本表为 {quarter} 季度考核表。")
        dv.add(f"A{top}:A{last_row}")
        ws.add_data_validation(dv)
    if committees:
        letter = get_column_letter(lead + 1)
        dv = DataValidation(type="list", formula1=_list_formula(committees), allow_blank=True,
                            showErrorMessage=True, showInputMessage=True,
                            errorTitle="党委名称无效", error="请从下拉列表中选择所属党委。",
                            promptTitle="党委", prompt="从下拉列表选择所属党委；"
                                                     "同一党委的多行可合并单元格或只填第一行。")
        dv.add(f"{letter}{top}:{letter}{last_row}")
        ws.add_data_validation(dv)


def _list_formula(values: list[str]) -> str:
    """A drop-down source: an inline list when Excel allows it (≤255 characters), else the
    committee list written on 填表说明."""
    inline = ",".join(values)
    if len(inline) <= 250 and not any("," in v or '"' in v for v in values):
        return f'"{inline}"'
    return f"'填表说明'!$D$2:$D${len(values) + 1}"


# --- catalog and instructions ------------------------------------------------------------------


def _write_catalog(ws: Worksheet, indicators: tuple[Indicator, ...]) -> None:
    headers = ("类别", "维度", "指标", "满分", "说明")
    ws.append(headers)
    for ind in indicators:
        ws.append((CATEGORY_LABELS[ind.category], ind.dimension, ind.name, ind.full_mark,
                   ind.description))
    for c in range(1, len(headers) + 1):
        cell = ws.cell(1, c)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
    for r in range(1, len(indicators) + 2):
        for c in range(1, len(headers) + 1):
            ws.cell(r, c).border = BORDER
            if r > 1:
                ws.cell(r, c).alignment = LEFT_WRAP if c == 5 else CENTER
    for letter, w in zip("ABCDE", (8, 12, 14, 8, 70)):
        ws.column_dimensions[letter].width = w
    ws.freeze_panes = "A2"


INSTRUCTIONS = (
    "填表说明",
    "1. 每个党支部占一行，依次填写所属党委、所属党总支（没有党总支的留空）和党支部全称。"
    "同一党委（党总支）下的多行，可以合并单元格，也可以只在第一行填写、下面留空。",
    "2. 各项指标填写得分：0 至该项满分之间的数字（表头括号内为满分），可保留一位小数。",
    "3. 指标不适用于本支部的（如机关部门不承担利润、收入指标），填“不适用”，该项不计入得分和满分。"
    "不要留空：空白无法判断是 0 分还是不适用。",
    "4. 加分、扣分填写正数，没有的留空或填 0；加分最多计 5 分。",
    "5. 发生一票否决事项的（如发生一般及以上安全生产责任事故、违反中央八项规定精神等），"
    "在“否决事项”栏写明事项；没有的留空或填“无”。",
    "6. 标题中的年度和季度请按实际填写（格式如“××××年第×季度”），一个文件只填报一个季度。",
    "7. 不要修改表头和指标名称；如需增加合计列，其数值须等于各项得分之和。"
    "表格上方的标题、下方的“注：”“填表人：”“审核人：”等行不影响导入。",
    "8. 各项指标的满分和评分说明见“指标说明”工作表。",
    "9. 填好后在“数据”页面上传；系统会逐项检查，有问题会指出具体单元格，修改后重新上传即可。",
)


def _write_instructions(ws: Worksheet, committees: list[str] | None) -> None:
    for r, line in enumerate(INSTRUCTIONS, start=1):
        cell = ws.cell(r, 1, line)
        cell.alignment = LEFT_WRAP
        if r == 1:
            cell.font = Font(size=14, bold=True)
    ws.column_dimensions["A"].width = 100
    if committees:
        ws.cell(1, 4, "可选党委（下拉列表来源）").font = Font(bold=True)
        for r, name in enumerate(committees, start=2):
            ws.cell(r, 4, name)
        ws.column_dimensions["D"].width = 28


# --- deterministic bytes -----------------------------------------------------------------------

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def workbook_bytes(wb: Workbook, when: datetime = FIXED_TIME) -> bytes:
    """Save an openpyxl workbook to bytes that depend only on its content.

    openpyxl stamps the save time into ``docProps/core.xml`` and into every zip entry; both are
    replaced by ``when`` (and a fixed zip date) here.
    """
    wb.properties.creator = "assess"
    wb.properties.lastModifiedBy = "assess"
    wb.properties.created = when
    raw = io.BytesIO()
    wb.save(raw)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    return out.getvalue()
