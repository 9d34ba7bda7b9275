"""SPEC §4 "The template": sheets, title, group row, header, catalog, validations."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from assess.indicators import BUSINESS, DEFAULT_INDICATORS, PARTY, dimension_groups, of_category
from assess.template import template_bytes, write_template

COMMITTEES = ["机关党委", "生产运营党委", "市场营销党委", "科技研发党委"]


@pytest.fixture(scope="module")
def wb():
    return load_workbook(io.BytesIO(template_bytes(quarter="2025Q3", committees=COMMITTEES)))


# --- the default catalog is SPEC §4's table --------------------------------------------------

SPEC_TABLE = [
    ("party", "基本组织", "组织设置", 8), ("party", "基本组织", "班子建设", 7),
    ("party", "基本队伍", "党员发展", 10), ("party", "基本队伍", "教育培训", 10),
    ("party", "基本活动", "三会一课", 12), ("party", "基本活动", "主题党日", 8),
    ("party", "基本作用", "先锋攻坚", 12), ("party", "基本作用", "群众满意", 8),
    ("party", "基本制度", "制度执行", 15), ("party", "基本保障", "阵地经费", 10),
    ("business", "经营效益", "利润完成", 30), ("business", "经营效益", "收入完成", 20),
    ("business", "成本控制", "成本控制", 15), ("business", "安全生产", "安全生产", 15),
    ("business", "重点任务", "重点任务", 10), ("business", "质量服务", "质量服务", 10),
]


def test_default_indicators_are_the_spec_table():
    got = [(i.category, i.dimension, i.name, i.full_mark) for i in DEFAULT_INDICATORS]
    assert got == SPEC_TABLE
    assert all(i.description for i in DEFAULT_INDICATORS)
    for category in (PARTY, BUSINESS):
        assert sum(i.full_mark for i in of_category(category)) == 100


# --- sheets, title, header, group row ---------------------------------------------------------


def test_four_sheets_in_order(wb):
    assert wb.sheetnames == ["党建考核", "业务考核", "指标说明", "填表说明"]


@pytest.mark.parametrize("sheet, title", [
    ("党建考核", "XX公司2025年第三季度党支部党建工作考核表"),
    ("业务考核", "XX公司2025年第三季度党支部业务工作考核表"),
])
def test_title_row_spans_the_table(wb, sheet, title):
    ws = wb[sheet]
    assert ws["A1"].value == title
    last = ws.cell(3, ws.max_column).column_letter
    assert f"A1:{last}1" in {str(r) for r in ws.merged_cells.ranges}


HEADERS = {
    "党建考核": ["党委", "总支", "支部", "组织设置(8分)", "班子建设(7分)", "党员发展(10分)",
                "教育培训(10分)", "三会一课(12分)", "主题党日(8分)", "先锋攻坚(12分)", "群众满意(8分)",
                "制度执行(15分)", "阵地经费(10分)", "加分", "扣分", "否决事项", "备注"],
    "业务考核": ["党委", "总支", "支部", "利润完成(30分)", "收入完成(20分)", "成本控制(15分)",
                "安全生产(15分)", "重点任务(10分)", "质量服务(10分)", "加分", "扣分", "否决事项",
                "备注"],
}


@pytest.mark.parametrize("sheet", list(HEADERS))
def test_header_row_is_exactly_the_spec(wb, sheet):
    ws = wb[sheet]
    assert [c.value for c in ws[3]] == HEADERS[sheet]


GROUPS = {
    "党建考核": {"D2:E2": "基本组织", "F2:G2": "基本队伍", "H2:I2": "基本活动", "J2:K2": "基本作用",
                "L2": "基本制度", "M2": "基本保障"},
    "业务考核": {"D2:E2": "经营效益", "F2": "成本控制", "G2": "安全生产", "H2": "重点任务",
                "I2": "质量服务"},
}


@pytest.mark.parametrize("sheet", list(GROUPS))
def test_group_row_merges_dimensions_over_their_indicators(wb, sheet):
    ws = wb[sheet]
    merged = {str(r) for r in ws.merged_cells.ranges if r.min_row == 2}
    assert merged == {ref for ref in GROUPS[sheet] if ":" in ref}
    for ref, label in GROUPS[sheet].items():
        assert ws[ref.split(":")[0]].value == label
    labelled = {c.coordinate for c in ws[2] if c.value is not None}
    assert labelled == {ref.split(":")[0] for ref in GROUPS[sheet]}


def test_empty_branch_rows_are_prepared(wb):
    ws = wb["党建考核"]
    assert all(c.value is None for row in ws.iter_rows(min_row=4) for c in row)
    assert ws.freeze_panes == "D4"
    assert ws["A3"].font.b


# --- data validation --------------------------------------------------------------------------


def _validations(ws):
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


@pytest.mark.parametrize("sheet, category", [("党建考核", PARTY), ("业务考核", BUSINESS)])
def test_score_cells_accept_0_to_full_mark_or_not_applicable(wb, sheet, category):
    ws = wb[sheet]
    dvs = _validations(ws)
    for offset, ind in enumerate(of_category(category)):
        letter = ws.cell(3, 4 + offset).column_letter
        dv = dvs[f"{letter}4:{letter}43"]
        assert dv.type == "custom"
        x, top = f"{letter}4", f"{ind.full_mark:g}"
        assert dv.formula1 == f'OR(AND(ISNUMBER({x}),{x}>=0,{x}<={top}),{x}="不适用")'
        assert dv.showErrorMessage and f"{ind.full_mark:g}" in dv.error
        assert dv.allow_blank


def test_bonus_and_deduction_are_non_negative_numbers(wb):
    dvs = _validations(wb["党建考核"])
    for ref in ("N4:N43", "O4:O43"):
        assert (dvs[ref].type, dvs[ref].operator, dvs[ref].formula1) == ("decimal", "between", "0")


def test_committee_drop_down_when_committees_are_known(wb):
    for sheet in ("党建考核", "业务考核"):
        dv = _validations(wb[sheet])["A4:A43"]
        assert dv.type == "list"
        assert dv.formula1 == '"' + ",".join(COMMITTEES) + '"'


def test_no_committee_drop_down_without_committees():
    ws = load_workbook(io.BytesIO(template_bytes()))["党建考核"]
    assert not [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert not re.search(r"\d{4}", ws["A1"].value)  # no quarter: a blank to fill in


def test_long_committee_list_comes_from_the_instructions_sheet():
    many = [f"第{i}基层党委（某某业务板块）" for i in range(1, 30)]
    wb = load_workbook(io.BytesIO(template_bytes(committees=many)))
    dv = _validations(wb["党建考核"])["A4:A43"]
    assert dv.formula1 == "'填表说明'!$D$2:$D$30"
    assert [wb["填表说明"].cell(r, 4).value for r in range(2, 31)] == many


def test_quarter_column_offers_the_quarter():
    ws = load_workbook(io.BytesIO(template_bytes(quarter="2025Q1", quarter_column=True)))["业务考核"]
    assert [c.value for c in ws[3]][:4] == ["季度", "党委", "总支", "支部"]
    assert _validations(ws)["A4:A43"].formula1 == '"2025Q1"'
    assert ws["E2"].value == "经营效益"


def test_invalid_quarter_is_refused():
    with pytest.raises(ValueError):
        template_bytes(quarter="2025Q5")


# --- catalog and instructions -----------------------------------------------------------------


def test_catalog_sheet_lists_every_indicator(wb):
    rows = list(wb["指标说明"].iter_rows(values_only=True))
    assert rows[0] == ("类别", "维度", "指标", "满分", "说明")
    expected = [({"party": "党建", "business": "业务"}[c], d, n, m) for c, d, n, m in SPEC_TABLE]
    assert [r[:4] for r in rows[1:]] == expected
    assert all(len(r[4]) >= 10 for r in rows[1:])


def test_instructions_explain_how_to_fill(wb):
    text = "\n".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    for needle in ("不适用", "否决事项", "合并单元格", "满分", "加分", "填表人"):
        assert needle in text
    # no example quarter that a reader could mistake for the file's quarter
    assert not re.search(r"\d{4}\s*年\s*第?\s*[一二三四1-4]\s*季度|\d{4}-?Q[1-4]", text)


# --- bytes --------------------------------------------------------------------------------------


def test_bytes_are_deterministic_and_writers_agree(tmp_path):
    data = template_bytes(quarter="2024Q4", company="恒信实业集团")
    assert data == template_bytes(quarter="2024Q4", company="恒信实业集团")
    write_template(tmp_path / "t.xlsx", quarter="2024Q4", company="恒信实业集团")
    buf = io.BytesIO()
    write_template(buf, quarter="2024Q4", company="恒信实业集团")
    assert (tmp_path / "t.xlsx").read_bytes() == data == buf.getvalue()
    assert data != template_bytes(quarter="2025Q1", company="恒信实业集团")


def test_custom_indicators_shape_the_sheets():
    custom = tuple(i for i in DEFAULT_INDICATORS if i.name not in ("班子建设", "收入完成"))
    wb = load_workbook(io.BytesIO(template_bytes(indicators=custom)))
    assert [c.value for c in wb["党建考核"][3]][3:5] == ["组织设置(8分)", "党员发展(10分)"]
    assert "D2:E2" not in {str(r) for r in wb["业务考核"].merged_cells.ranges}
    assert len(dimension_groups(of_category(PARTY, custom))) == 6
