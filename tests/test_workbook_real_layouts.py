"""SPEC §4 (issue 13): three layouts real clerks make import, and the report lists what was
ignored or skipped — hidden helper columns, one sheet per committee, reference sheets that scores
are looked up from. Each as Excel writes it (openpyxl) and as LibreOffice does."""

from __future__ import annotations

import pytest

from assess.workbook import read_workbook
from tests.builders import (
    PARTY_INDICATORS, Indicator, Row, SheetSpec, add_helper_column, as_libreoffice, build_workbook,
    lookup_scores, plan_sheet,
)

FILE = "2025Q3党建.xlsx"
WRITERS = {"excel": lambda c: c, "libreoffice": as_libreoffice}


def read(content: bytes):
    result = read_workbook(content, FILE)
    assert result.ok, [p.render("en") for p in result.problems]
    return result


def rows(*names: str, committee: str = "机关党委") -> list[Row]:
    return [Row(committee, name, {"组织设置": 6 + i}) for i, name in enumerate(names)]


def scores_of(result, indicator: str = "组织设置") -> dict[tuple[str, str], float]:
    s = result.scores[result.scores.indicator == indicator]
    return dict(zip(zip(s.committee, s.branch), s.score))


def warning(result, code: str):
    found = [w for w in result.warnings if w.code == code]
    assert len(found) == 1, [w.render("en") for w in result.warnings]
    return found[0]


# --- hidden columns ---

@pytest.mark.parametrize("writer", WRITERS)
def test_a_hidden_internal_code_and_a_helper_formula_are_ignored_and_listed(writer):
    spec = SheetSpec(rows=rows("一支部", "二支部"))
    code = add_helper_column(spec, "内部编码", ["JG-01", "JG-02"])
    helper = add_helper_column(spec, "辅助", formula="=D{r}*2", cached=None)  # saved without a value
    result = read(WRITERS[writer](build_workbook([spec])))
    assert set(result.scores.indicator) == {i.name for i in PARTY_INDICATORS}
    assert scores_of(result) == {("机关党委", "一支部"): 6.0, ("机关党委", "二支部"): 7.0}
    assert result.ignored_columns == [f"党建考核!{code}（内部编码）", f"党建考核!{helper}（辅助）"]
    shown = warning(result, "hidden_columns_ignored")
    assert f"党建考核!{code}（内部编码）" in shown.render("zh") and "hidden" in shown.render("en")


def test_the_same_helper_column_not_hidden_is_still_an_indicator_to_fix():
    spec = SheetSpec(rows=rows("一支部"))
    add_helper_column(spec, "内部编码", ["JG-01"], hidden=False)
    result = read_workbook(build_workbook([spec]), FILE)
    assert {p.code for p in result.problems} == {"full_mark_unknown", "score_not_number"}


def test_a_hidden_indicator_is_read_like_any_other_column():
    # a known indicator, or one whose header gives its full mark, is scored even when hidden
    extra = Indicator("支部自评", 5, "party", "自评")
    spec = SheetSpec(indicators=[*PARTY_INDICATORS, extra], rows=rows("一支部", "二支部"))
    plan = plan_sheet(spec)
    spec.hidden_columns = (plan.columns["三会一课"], plan.columns["支部自评"])
    result = read(build_workbook([spec]))
    assert result.ignored_columns == [] and not [w for w in result.warnings
                                                 if w.code == "hidden_columns_ignored"]
    assert scores_of(result, "三会一课") == {("机关党委", "一支部"): 9.6, ("机关党委", "二支部"): 9.6}
    assert scores_of(result, "支部自评") == {("机关党委", "一支部"): 4.0, ("机关党委", "二支部"): 4.0}


@pytest.mark.parametrize("writer", WRITERS)
def test_hidden_rows_are_read_like_any_other_row(writer):
    spec = SheetSpec(rows=rows("一支部", "二支部", "三支部"), hidden_rows=(1,))
    result = read(WRITERS[writer](build_workbook([spec])))
    assert list(result.entries.branch) == ["一支部", "二支部", "三支部"]
    assert scores_of(result)[("机关党委", "二支部")] == 7.0


# --- one sheet per committee ---

@pytest.mark.parametrize("writer", WRITERS)
def test_one_sheet_per_committee_gives_each_sheets_branches_its_committee(writer):
    first = SheetSpec(name="机关党委", rows=rows("一支部", "二支部"), with_committee=False,
                      group_rows=("category", "dimension"))
    second = SheetSpec(name="生产运营党委", rows=rows("一支部", committee="生产运营党委"),
                       with_committee=False, group_rows=("category", "dimension"))
    result = read(WRITERS[writer](build_workbook([first, second])))
    assert scores_of(result) == {("机关党委", "一支部"): 6.0, ("机关党委", "二支部"): 7.0,
                                 ("生产运营党委", "一支部"): 6.0}
    assert set(result.entries.category) == {"party"} and result.skipped_sheets == []


def test_a_committee_sheet_without_a_group_row_takes_its_category_from_its_indicators():
    spec = SheetSpec(name="机关党委", rows=rows("一支部"), with_committee=False, group_rows=())
    result = read(build_workbook([spec]))
    assert list(zip(result.entries.committee, result.entries.category)) == [("机关党委", "party")]
    assert result.dimensions.set_index("indicator").at["组织设置", "dimension"] == "基本组织"


def test_a_sheet_named_for_nothing_without_a_committee_column_is_still_rejected():
    spec = SheetSpec(name="党建考核", rows=rows("一支部"), with_committee=False)
    result = read_workbook(build_workbook([spec]), FILE)
    assert [p.code for p in result.problems] == ["committee_column_missing"]


# --- reference sheets ---

@pytest.mark.parametrize("writer", WRITERS)
def test_a_sheet_the_scores_are_looked_up_from_is_skipped_and_listed(writer):
    spec = SheetSpec(rows=[Row("机关党委", "一支部", {"群众满意": 7.5}), Row("机关党委", "二支部",
                                                                       {"群众满意": 6})])
    reference = lookup_scores(spec, "群众满意")
    result = read(WRITERS[writer](build_workbook([spec], extra_sheets={"群众测评": reference})))
    # the cached values of the assessment sheet's formulas are what counts
    assert scores_of(result, "群众满意") == {("机关党委", "一支部"): 7.5, ("机关党委", "二支部"): 6.0}
    assert result.reference_sheets == ["群众测评"] and result.skipped_sheets == ["群众测评"]
    assert set(result.entries.sheet) == {"党建考核"}
    assert "群众测评" in warning(result, "reference_sheets_skipped").render("zh")


def test_a_branch_list_with_neither_committee_nor_category_beside_an_assessment_is_skipped():
    content = build_workbook([SheetSpec(rows=rows("一支部"))], extra_sheets={
        "支部信息": [["支部", "书记", "党员人数"], ["一支部", "张三", 12]]})
    result = read(content)
    assert result.reference_sheets == ["支部信息"]
    assert len(result.entries) == 1


def test_a_sheet_with_a_category_but_no_committee_column_is_not_a_reference():
    # scores that are not looked up by anything: the missing committee column is the clerk's to fix
    other = SheetSpec(name="业务考核补充", indicators=[Indicator("利润完成", 30, "business")],
                      rows=rows("一支部"), with_committee=False)
    result = read_workbook(build_workbook([SheetSpec(rows=rows("一支部")), other]), FILE)
    assert [(p.code, p.sheet) for p in result.problems] == [("committee_column_missing", "业务考核补充")]
    assert result.reference_sheets == []


def test_evaluation_sheets_are_never_taken_for_references():
    content = build_workbook([SheetSpec(rows=rows("一支部"))], extra_sheets={
        "民主测评": [["支部", "测评得分"], ["一支部", 92]]})
    assert read_workbook(content, FILE).reference_sheets == []


def test_alone_a_sheet_without_committee_and_category_is_not_skipped_as_a_reference():
    content = build_workbook([], extra_sheets={"Sheet1": [["支部", "自评"], ["一支部", 3]]})
    result = read_workbook(content, FILE)
    assert result.reference_sheets == [] and not result.ok


# --- what the sheet XML says (assess/workbook/scan.py) ---

@pytest.mark.parametrize("formula, sheets", [
    ("VLOOKUP(C4,群众测评!$A:$B,2,FALSE)", {"群众测评"}),
    ("VLOOKUP(C4,&#32676;&#20247;&#27979;&#35780;!$A:$B,2,FALSE)", {"群众测评"}),  # as openpyxl writes
    ("'群众 测评'!B2+'it''s'!A1", {"群众 测评", "it's"}),
    ("A1&amp;Sheet2!B1", {"Sheet2"}),
    ("[1]外部!A1+SUM(D4:M4)", set()),
    ("SUM(D4:M4)", set()),
])
def test_the_sheets_a_formula_reads_from(formula, sheets):
    from assess.workbook.scan import formula_sheets

    xml = f'<sheetData><row r="4"><c r="N4"><f>{formula}</f><v>1</v></c></row></sheetData>'
    assert formula_sheets(xml.encode()) == sheets


@pytest.mark.parametrize("cols, hidden", [
    ('<col min="3" max="4" width="0" hidden="1" customWidth="1"/>', {2, 3}),
    ('<col min="2" max="2" hidden="true"/><col min="5" max="5" width="9"/>', {1}),
    ('<col min="1" max="16384" hidden="0"/>', set()),
    ('<col min="16383" max="999999999" hidden="1"/>', {16382, 16383}),
])
def test_hidden_columns_from_the_sheet_xml(cols, hidden):
    from assess.workbook.scan import hidden_columns

    xml = f"<worksheet><cols>{cols}</cols><sheetData/></worksheet>"
    assert hidden_columns(xml.encode()) == hidden
