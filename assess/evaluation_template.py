"""The blank year-end evaluation template (群众评价, SPEC §3.16): what ``python -m assess template
--evaluation OUT.xlsx`` writes.

One sheet ``群众评价``: a title row (``XX公司2025年度党支部群众评价（民主测评）得分表``), the header
``党委 | 总支 | 支部 | 年度 | 测评得分 | 备注`` and one row per branch (the given branches, or empty
rows), with data validation (a score 0–100, the year); and ``填表说明``. The bytes are
deterministic: the same arguments give the same file.
"""

from __future__ import annotations

import os
from typing import BinaryIO, Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assess.template import BORDER, CENTER, HEADER_FILL, LEFT_WRAP, workbook_bytes

SHEET = "群众评价"
HEADER = ("党委", "总支", "支部", "年度", "测评得分", "备注")
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
INSTRUCTIONS = (
    "群众评价（民主测评）得分表填表说明",
    "1. 每个党支部一行，填写所属党委、总支（没有可空）、支部名称，名称须与季度考核表一致。",
    "2. “年度”填写四位年份（如 2025）；“测评得分”填写 0–100 的数字，不得为空。",
    "3. 上传后：年度党建得分 = (1 − 权重) × 各季度党建得分平均 + 权重 × 测评得分（权重见配置 evaluation_weight，默认 0.3）；"
    "没有测评得分的支部保留季度平均，并标注“待测评”。",
    "4. 重新上传同一年度的测评表即为更正，旧版本仍可查看和回退。",
)


def evaluation_template_bytes(year: str | int | None = None, *, company: str = "XX公司",
                              branches: Sequence[tuple[str, str | None, str]] = (),
                              rows: int = 40) -> bytes:
    """The evaluation template as .xlsx bytes. ``branches``: (committee, general branch or None,
    branch) rows written in; else ``rows`` empty rows. ``year`` fills the title and 年度 cells."""
    year_text = str(int(year)) if year is not None else None
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    title = f"{company}{year_text or '＿＿'}年度党支部群众评价（民主测评）得分表"
    ws.cell(TITLE_ROW, 1, title).font = Font(size=14, bold=True)
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=len(HEADER))
    for c, name in enumerate(HEADER, start=1):
        cell = ws.cell(HEADER_ROW, c, name)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BORDER, CENTER
        ws.column_dimensions[get_column_letter(c)].width = 22 if c <= 3 else 12
    count = len(branches) or rows
    for i in range(count):
        r = FIRST_DATA_ROW + i
        if i < len(branches):
            committee, general, branch = branches[i]
            ws.cell(r, 1, committee)
            ws.cell(r, 2, general)
            ws.cell(r, 3, branch)
        if year_text and (branches or i < rows):
            ws.cell(r, 4, int(year_text))
        for c in range(1, len(HEADER) + 1):
            ws.cell(r, c).border = BORDER
    last = FIRST_DATA_ROW + count - 1
    score = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                           allow_blank=False, showErrorMessage=True,
                           errorTitle="测评得分", error="请填写 0–100 的数字")
    score.add(f"E{FIRST_DATA_ROW}:E{last}")
    years = DataValidation(type="whole", operator="between", formula1="2000", formula2="2099",
                           showErrorMessage=True, errorTitle="年度", error="请填写四位年份，如 2025")
    years.add(f"D{FIRST_DATA_ROW}:D{last}")
    ws.add_data_validation(score)
    ws.add_data_validation(years)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    notes = wb.create_sheet("填表说明")
    for r, line in enumerate(INSTRUCTIONS, start=1):
        cell = notes.cell(r, 1, line)
        cell.alignment = LEFT_WRAP
        if r == 1:
            cell.font = Font(size=14, bold=True)
    notes.column_dimensions["A"].width = 100
    return workbook_bytes(wb)


def write_evaluation_template(path_or_buffer: str | os.PathLike | BinaryIO,
                              year: str | int | None = None, **options) -> None:
    """Write :func:`evaluation_template_bytes` to a path or a binary file object."""
    data = evaluation_template_bytes(year, **options)
    if hasattr(path_or_buffer, "write"):
        path_or_buffer.write(data)
    else:
        with open(path_or_buffer, "wb") as fh:
            fh.write(data)
