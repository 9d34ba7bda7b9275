"""SPEC §4 "What a real sheet may look like, and must still import": one case per tolerated layout.

Each case builds a workbook with :mod:`tests.builders`, reads it, and checks that it imports with
no error and gives the expected entries and scores.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from assess.workbook import read_workbook
from tests.builders import (
    BUSINESS_INDICATORS, PARTY_INDICATORS, Indicator, Row, SheetSpec, build_workbook, default_rows, plan_sheet,
)

MARKS = {i.name: float(i.full_mark) for i in PARTY_INDICATORS + BUSINESS_INDICATORS}


def read(content: bytes, name: str = "考核.xlsx", **kw):
    result = read_workbook(content, name, **kw)
    assert result.ok, [p.render("en") for p in result.problems]
    return result


def score(result, branch: str, indicator: str) -> float:
    rows = result.scores[(result.scores.branch == branch) & (result.scores.indicator == indicator)]
    assert len(rows) == 1, rows
    return float(rows.iloc[0].score)


def entry(result, branch: str, category: str = "party"):
    rows = result.entries[(result.entries.branch == branch) & (result.entries.category == category)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- full marks: header suffix, full-width suffix, 满分 row, 分值 row, catalog, prior quarter ---

@pytest.mark.parametrize("marks_in", ["header", "header_fullwidth", "row", "catalog"])
def test_full_marks_from_the_workbook(marks_in):
    result = read(build_workbook([SheetSpec(full_marks_in=marks_in)]))
    got = dict(zip(result.scores.indicator, result.scores.full_mark))
    assert got == {i.name: float(i.full_mark) for i in PARTY_INDICATORS}


def test_full_marks_from_a_row_labelled_fenzhi():
    spec = SheetSpec(full_marks_in="row")
    plan = plan_sheet(spec)
    spec.cells[f"{plan.columns['branch']}{plan.marks_row}"] = "分值"
    result = read(build_workbook([spec]))
    assert result.scores.full_mark.max() == 15.0
    assert len(result.entries) == len(spec.rows)  # the 分值 row is not a branch


def test_full_marks_from_the_prior_quarter_when_the_workbook_gives_none():
    asked = []

    def prior(quarter):
        asked.append(quarter)
        return {("party", name): mark for name, mark in MARKS.items()}

    result = read(build_workbook([SheetSpec(full_marks_in=None)]), prior_full_marks=prior)
    assert asked == ["2025Q3"]
    assert dict(zip(result.scores.indicator, result.scores.full_mark))["制度执行"] == 15.0
    assert not result.warnings  # same marks as before: nothing to warn about


def test_changed_full_mark_against_prior_quarter_is_a_warning():
    prior = {("party", name): mark for name, mark in MARKS.items()} | {("party", "制度执行"): 20.0}
    result = read(build_workbook([SheetSpec()]), prior_full_marks=lambda q: prior)
    changed = [w for w in result.warnings if w.code == "full_mark_changed"]
    assert [(w.sheet, w.params["indicator"], w.params["old"], w.params["new"]) for w in changed] \
        == [("党建考核", "制度执行", "20", "15")]
    assert "20" in changed[0].render("zh") and "15" in changed[0].render("en")


# --- committee and general branch fill-down ---

@pytest.mark.parametrize("fill", ["merge", "blank", "repeat"])
def test_committee_fill(fill):
    rows = default_rows(6, committees=("第一党委", "第二党委", "第三党委"))
    result = read(build_workbook([SheetSpec(rows=rows, committee_fill=fill)]))
    assert list(result.entries.committee) == [r.committee for r in rows]


def test_general_branch_merged_down_and_blank_means_none():
    rows = [Row("第一党委", "一支部", general_branch="机关总支"),
            Row("第一党委", "二支部", general_branch="机关总支"),
            Row("第一党委", "三支部", general_branch=None),
            Row("第二党委", "四支部", general_branch=None)]
    result = read(build_workbook([SheetSpec(rows=rows, general_fill="merge")]))
    assert list(result.entries.general_branch) == ["机关总支", "机关总支", None, None]


def test_blank_committee_takes_the_one_above():
    rows = [Row("第一党委", "一支部"), Row("", "二支部")]
    result = read(build_workbook([SheetSpec(rows=rows, committee_fill="repeat")]))
    assert list(result.entries.committee) == ["第一党委", "第一党委"]


def test_committee_heading_row_fills_down():
    heading = Row("第二党委", "", scores={i.name: None for i in PARTY_INDICATORS})
    rows = [Row("第一党委", "一支部"), heading, Row("", "二支部"), Row("", "三支部")]
    result = read(build_workbook([SheetSpec(rows=rows, committee_fill="repeat")]))
    assert list(result.entries.committee) == ["第一党委", "第二党委", "第二党委"]


# --- header aliases and ignored columns ---

ALIASES = [
    {"branch": "支部名称"}, {"branch": "党支部"}, {"branch": "党支部名称"}, {"branch": "被考核党支部"},
    {"committee": "所属党委"}, {"committee": "党委名称"}, {"committee": "上级党委"},
    {"general_branch": "党总支"}, {"general_branch": "所属总支"},
    {"deduction": "减分"}, {"veto": "一票否决"}, {"branch": " 支 部 "},
]


@pytest.mark.parametrize("labels", ALIASES, ids=lambda d: next(iter(d.values())).strip())
def test_header_aliases(labels):
    rows = [Row("第一党委", "一支部", general_branch="总支甲", deduction=2, veto="违纪")]
    result = read(build_workbook([SheetSpec(rows=rows, labels=labels)]))
    e = entry(result, "一支部")
    assert (e.committee, e.general_branch, e.deduction, e.veto_reason) == ("第一党委", "总支甲", 2.0,
                                                                           "违纪")


def test_quarter_column_alias_and_ignored_columns():
    spec = SheetSpec(quarter_in="column", labels={"quarter": "考核季度"}, with_seq=True,
                     rows=[Row("第一党委", "一支部", note="新成立")])
    result = read(build_workbook([spec]))
    e = entry(result, "一支部")
    assert (e.quarter, e.note) == ("2025Q3", "新成立")
    assert "序号" not in set(result.scores.indicator)


def test_shuoming_column_is_ignored():
    spec = SheetSpec(rows=[Row("第一党委", "一支部")], labels={"note": "说明"})
    result = read(build_workbook([spec]))
    assert "说明" not in set(result.scores.indicator)
    assert entry(result, "一支部").note is None


# --- group rows, categories, dimensions ---

def test_dimension_from_group_row():
    result = read(build_workbook([SheetSpec()]))
    dims = dict(zip(result.scores.indicator, result.scores.dimension))
    assert dims["组织设置"] == "基本组织" and dims["阵地经费"] == "基本保障"


def test_dimension_from_catalog_when_no_group_row():
    result = read(build_workbook([SheetSpec(group_rows=())], catalog=True))
    assert dict(zip(result.scores.indicator, result.scores.dimension))["三会一课"] == "基本活动"


def test_no_dimension_anywhere_is_none():
    # indicators of the default catalog take its dimensions (tests/test_inherited_dimensions.py);
    # others, with no group row, no 指标说明 and nothing stored, are each their own dimension
    own = [Indicator("支部自评", 40), Indicator("互评得分", 60)]
    result = read(build_workbook([SheetSpec(group_rows=(), indicators=own)]))
    assert result.scores.dimension.isna().all() and len(result.scores) == 8


@pytest.mark.parametrize("label", ["党建", "党建工作", "党的建设", "党建考核", "党建指标", "党建(100分)",
                                   "党建（100分）"])
def test_category_from_group_label(label):
    spec = SheetSpec(name="Sheet1", group_rows=("category", "dimension"))
    plan = plan_sheet(spec)
    spec.cells[f"{plan.columns['组织设置']}{plan.group_rows['category']}"] = label
    result = read(build_workbook([spec]))
    assert set(result.scores.category) == {"party"}
    assert result.scores.dimension.iloc[0] == "基本组织"


@pytest.mark.parametrize("label", ["业务", "业务工作", "业务考核", "业务指标", "经营业绩", "经营业绩考核",
                                   "生产经营", "业绩考核", "业务(100分)"])
def test_business_group_labels(label):
    spec = SheetSpec(name="Sheet1", indicators=list(BUSINESS_INDICATORS), group_rows=("category",))
    plan = plan_sheet(spec)
    spec.cells[f"{plan.columns['利润完成']}{plan.group_rows['category']}"] = label
    result = read(build_workbook([spec]))
    assert set(result.entries.category) == {"business"}


@pytest.mark.parametrize("sheet_name,category", [
    ("党建考核", "party"), ("党建工作考核", "party"), ("业务考核", "business"),
    ("经营业绩考核", "business"), ("业绩", "business")])
def test_category_from_sheet_name(sheet_name, category):
    indicators = PARTY_INDICATORS if category == "party" else BUSINESS_INDICATORS
    result = read(build_workbook([SheetSpec(name=sheet_name, indicators=list(indicators))]))
    assert set(result.scores.category) == {category}


def test_combined_sheet_with_both_categories():
    rows = [Row("第一党委", "一支部", bonus={"party": 2, "business": 1},
                deduction={"party": 0, "business": 3}),
            Row("第一党委", "二支部")]
    spec = SheetSpec(name="考核汇总", indicators=PARTY_INDICATORS + BUSINESS_INDICATORS, rows=rows,
                     group_rows=("category", "dimension"), with_total=True)
    result = read(build_workbook([spec]))
    assert len(result.entries) == 4
    party, business = entry(result, "一支部", "party"), entry(result, "一支部", "business")
    assert (party.bonus, party.deduction, business.bonus, business.deduction) == (2, 0, 1, 3)
    assert set(result.scores[result.scores.category == "business"].indicator) == \
        {i.name for i in BUSINESS_INDICATORS}
    positions = result.scores.drop_duplicates("indicator").set_index("indicator").position
    assert (positions["组织设置"], positions["利润完成"]) == (1, 1)


# --- quarter sources ---

@pytest.mark.parametrize("title", ["XX公司2025年第三季度党支部考核表", "2025年三季度考核",
                                   "2025年第3季度", "考核表 2025Q3", "2025-Q3 党建"])
def test_quarter_from_title(title):
    spec = SheetSpec(title=title, quarter="2025Q3")
    spec.quarter_in = "title"
    plan = plan_sheet(spec)
    spec.cells[f"A{plan.title_row}"] = title
    assert read(build_workbook([spec])).quarters == ["2025Q3"]


def test_quarter_from_column_several_quarters():
    rows = [Row("第一党委", "一支部", quarter="2025Q1"), Row("第一党委", "一支部", quarter="2025年第二季度")]
    result = read(build_workbook([SheetSpec(rows=rows, quarter_in="column")]))
    assert result.quarters == ["2025Q1", "2025Q2"]


@pytest.mark.parametrize("file_name", ["2025Q4.xlsx", "党建考核2025年第四季度.xlsx", "2025-Q4.xlsm"])
def test_quarter_from_file_name(file_name):
    content = build_workbook([SheetSpec(quarter_in=None, title="XX公司党支部考核表")])
    assert read(content, file_name).quarters == ["2025Q4"]


def test_quarter_from_uploader_choice():
    content = build_workbook([SheetSpec(quarter_in=None, title=None)])
    assert read(content, "upload.xlsx", quarter_hint="2024Q2").quarters == ["2024Q2"]


def test_agreeing_quarter_sources_are_fine():
    content = build_workbook([SheetSpec(quarter_in="title", quarter="2025Q3")])
    assert read(content, "2025Q3.xlsx", quarter_hint="2025Q3").quarters == ["2025Q3"]


# --- rows around the table ---

def test_blank_rows_footnotes_and_summary_rows_are_skipped():
    spec = SheetSpec(blank_rows_before=2, summary_row=True,
                     footnotes=["注：不适用项不计入总分", "填表人：张三", "审核人：李四"])
    result = read(build_workbook([spec]))
    assert list(result.entries.branch) == [r.branch for r in spec.rows]


@pytest.mark.parametrize("word", ["合计", "总计", "小计", "平均", "第一党委小计"])
def test_summary_row_words(word):
    spec = SheetSpec(committee_fill="repeat", rows=default_rows(2) + [Row(word, "")])
    spec.rows[-1].scores = {i.name: 1 for i in PARTY_INDICATORS}
    result = read(build_workbook([spec]))
    assert len(result.entries) == 2


def test_unmerged_title_cell_and_header_found_lower_down():
    spec = SheetSpec(title_merged=False, blank_rows_before=5)
    result = read(build_workbook([spec]))
    assert len(result.entries) == len(spec.rows) and result.quarters == ["2025Q3"]


def test_header_labels_merged_down_over_a_group_row():
    spec = SheetSpec(rows=[Row("第一党委", "一支部")])
    plan = plan_sheet(spec)
    group, header = plan.group_rows["dimension"], plan.header_row
    for key in ("committee", "general_branch", "branch"):
        letter = plan.columns[key]
        spec.cells[f"{letter}{group}"] = spec.label(key)
        spec.merges.append(f"{letter}{group}:{letter}{header}")
    result = read(build_workbook([spec]))
    assert entry(result, "一支部").committee == "第一党委"
    assert result.scores.dimension.iloc[0] == "基本组织"


# --- cell values ---

@pytest.mark.parametrize("raw,expected", [
    ("7", 7.0), ("７", 7.0), (" 7.5 ", 7.5), ("7分", 7.0), ("７．５分", 7.5), ("7 分", 7.0), (6, 6.0),
    ("不适用", None), ("/", None), ("—", None), ("-", None), ("N/A", None), ("n/a", None),
    ("无此项", None),
])
def test_score_values(raw, expected):
    spec = SheetSpec(rows=[Row("第一党委", "一支部", scores={"三会一课": raw})])
    got = score(read(build_workbook([spec])), "一支部", "三会一课")
    assert math.isnan(got) if expected is None else got == expected


def test_formula_with_cached_value_is_read():
    spec = SheetSpec(rows=[Row("第一党委", "一支部")])
    spec.formulas[plan_sheet(spec).cell(0, "三会一课")] = ("=5+6", 11)
    assert score(read(build_workbook([spec])), "一支部", "三会一课") == 11.0


@pytest.mark.parametrize("bonus,deduction,expected", [
    (None, None, (0.0, 0.0)), ("", "", (0.0, 0.0)), (3, "1.5", (3.0, 1.5)), ("２分", "不适用", (2.0, 0.0))])
def test_bonus_and_deduction(bonus, deduction, expected):
    spec = SheetSpec(rows=[Row("第一党委", "一支部", bonus=bonus, deduction=deduction)])
    e = entry(read(build_workbook([spec])), "一支部")
    assert (e.bonus, e.deduction) == expected


@pytest.mark.parametrize("veto,expected", [
    (None, None), ("无", None), ("否", None), ("/", None), ("N/A", None), ("不适用", None),
    ("发生重大安全事故", "发生重大安全事故")])
def test_veto_column(veto, expected):
    spec = SheetSpec(rows=[Row("第一党委", "一支部", veto=veto)])
    assert entry(read(build_workbook([spec])), "一支部").veto_reason == expected


@pytest.mark.parametrize("total", [None, "sum_with_adjustments", "text_number"])
def test_total_column_that_matches(total):
    scores = {i.name: i.full_mark - 1 for i in PARTY_INDICATORS}
    plain = sum(scores.values())
    value = {None: None, "sum_with_adjustments": plain + 2 - 1, "text_number": f"{plain}分"}[total]
    spec = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", scores=scores, bonus=2,
                                                deduction=1, total=value)])
    result = read(build_workbook([spec]))
    assert "合计" not in set(result.scores.indicator)


def test_total_ignores_not_applicable_scores():
    scores = {i.name: 1 for i in PARTY_INDICATORS} | {"三会一课": "不适用"}
    spec = SheetSpec(with_total=True, labels={"total": "党建总分"},
                     rows=[Row("第一党委", "一支部", scores=scores, total=9)])
    assert read(build_workbook([spec])).ok


@pytest.mark.parametrize("raw,expected", [("  第一　党支部 ", "第一 党支部"), ("第一  党支部", "第一 党支部"),
                                          ("\u3000第二党支部\u3000", "第二党支部")])
def test_names_are_normalised(raw, expected):
    spec = SheetSpec(rows=[Row(" 第一党委\u3000", raw)])
    result = read(build_workbook([spec]))
    assert list(result.entries.branch) == [expected]
    assert list(result.entries.committee) == ["第一党委"]


# --- sheets ---

def test_instruction_and_other_sheets_are_skipped_and_listed():
    content = build_workbook([SheetSpec()], instructions=True,
                             extra_sheets={"封面": [["XX公司党建考核"]]})
    result = read(content)
    assert result.skipped_sheets == ["填表说明", "封面"]
    skipped = [w for w in result.warnings if w.code == "sheets_skipped"]
    assert len(skipped) == 1 and "封面" in skipped[0].render("en")
    assert "填表说明" not in skipped[0].render("zh")  # the template's own sheet is expected


def test_the_templates_instructions_sheet_alone_gives_no_warning():
    result = read(build_workbook([SheetSpec()], instructions=True))
    assert result.ok and result.skipped_sheets == ["填表说明"]
    assert [w.code for w in result.warnings] == []


def test_template_like_two_sheets_and_catalog():
    specs = [SheetSpec(), SheetSpec(name="业务考核", indicators=list(BUSINESS_INDICATORS))]
    result = read(build_workbook(specs, catalog=True, instructions=True))
    assert len(result.entries) == 2 * len(specs[0].rows)
    assert len(result.scores) == 16 * len(specs[0].rows)
    assert len(result.catalog) == 16
    assert set(result.catalog.category) == {"party", "business"}


def test_result_columns_follow_the_contract():
    from assess.workbook.result import CATALOG_COLUMNS, ENTRY_COLUMNS, SCORE_COLUMNS
    result = read(build_workbook([SheetSpec()]))
    assert list(result.entries.columns) == ENTRY_COLUMNS
    assert list(result.scores.columns) == SCORE_COLUMNS
    assert list(result.catalog.columns) == CATALOG_COLUMNS
    assert result.entries.row.tolist() == [4, 5, 6, 7]
    assert result.entries.bonus.dtype == "float64"


def test_names_and_free_text_keep_their_punctuation():
    rows = [Row("机关党委（本部）", "第一党支部（综合）", veto="发生事故，影响较大", note="新成立，首次考核")]
    e = entry(read(build_workbook([SheetSpec(rows=rows)])), "第一党支部（综合）")
    assert (e.committee, e.veto_reason, e.note) == ("机关党委（本部）", "发生事故，影响较大", "新成立，首次考核")


def test_summary_row_merged_across_the_name_columns():
    spec = SheetSpec(with_seq=True, committee_fill="repeat", rows=default_rows(2))
    plan = plan_sheet(spec)
    end = plan.first_data_row + 2
    spec.cells[f"A{end}"] = "合计"
    spec.merges.append(f"A{end}:{plan.columns['branch']}{end}")
    for key in ("组织设置", "班子建设"):
        spec.cells[f"{plan.columns[key]}{end}"] = 12.8
    result = read(build_workbook([spec]))
    assert list(result.entries.branch) == ["第1党支部", "第2党支部"]


def test_full_width_quarter_and_marks():
    spec = SheetSpec(title="２０２５年第３季度考核表", full_marks_in="header_fullwidth")
    plan = plan_sheet(spec)
    spec.cells[f"A{plan.title_row}"] = "２０２５Ｑ３ 考核表"
    spec.cells[plan.header("制度执行")] = "制度执行（１５分）"
    result = read(build_workbook([spec]))
    assert result.quarters == ["2025Q3"]
    assert dict(zip(result.scores.indicator, result.scores.full_mark))["制度执行"] == 15.0


def test_uploader_choice_in_another_spelling():
    content = build_workbook([SheetSpec(quarter_in=None, title=None)])
    assert read(content, "upload.xlsx", quarter_hint="2025-Q1").quarters == ["2025Q1"]


def test_combined_sheet_grand_total_and_veto_under_a_category_label():
    both = PARTY_INDICATORS + BUSINESS_INDICATORS
    scores = {i.name: 1 for i in both}
    spec = SheetSpec(name="考核汇总", indicators=both, group_rows=("category",), with_bonus=False,
                     with_deduction=False, rows=[Row("第一党委", "一支部", scores=scores, veto="安全事故")],
                     labels={"note": "总分"}, with_veto=True)
    plan = plan_sheet(spec)
    spec.rows[0].note = 16  # the last column is a grand total over both categories
    business_end = plan.columns[BUSINESS_INDICATORS[-1].name]
    spec.cells[f"{plan.columns['veto']}{plan.group_rows['category']}"] = "业务"
    result = read(build_workbook([spec]))
    assert entry(result, "一支部", "business").veto_reason == "安全事故"
    assert entry(result, "一支部", "party").veto_reason is None
    assert business_end < plan.columns["veto"]

    spec.rows[0].note = 15
    bad = read_workbook(build_workbook([spec]), "考核.xlsx")
    assert [(p.code, p.cell) for p in bad.problems] == [("total_mismatch", plan.cell(0, "note"))]


def test_sheet_with_header_but_no_rows_is_a_warning():
    content = build_workbook([SheetSpec(), SheetSpec(name="业务考核", indicators=list(BUSINESS_INDICATORS),
                                                     rows=[])])
    result = read(content)
    assert [(w.code, w.sheet) for w in result.warnings] == [("sheet_no_rows", "业务考核")]
    assert set(result.entries.category) == {"party"}


@pytest.mark.parametrize("header", ["三会一课\n(12分)", "三会一课（12 分）", " 三会 一课(12分)", "三会一课（１２分）"])
def test_header_with_line_breaks_and_spaces(header):
    spec = SheetSpec(rows=[Row("第一党委", "一支部")])
    spec.cells[plan_sheet(spec).header("三会一课")] = header
    result = read(build_workbook([spec]))
    assert dict(zip(result.scores.indicator, result.scores.full_mark))["三会一课"] == 12.0


def test_full_width_merged_label_right_above_the_header_is_a_title_not_a_group():
    spec = SheetSpec(group_rows=(), quarter_in=None, title="XX公司党建工作情况")
    result = read(build_workbook([spec]), "2025Q3.xlsx")
    # no dimension from the title: each default indicator takes the default catalog's
    assert set(result.dimensions["source"]) == {"default"}
    assert plan_sheet(spec).title_row == plan_sheet(spec).header_row - 1


def test_unmerged_label_over_one_column_sets_only_that_dimension():
    spec = SheetSpec(group_rows=(), title=None, quarter_in=None, blank_rows_before=1)
    plan = plan_sheet(spec)
    spec.cells[f"{plan.columns['制度执行']}{plan.header_row - 1}"] = "制度落实"
    result = read(build_workbook([spec]), "2025Q3.xlsx")
    dims = dict(zip(result.scores.indicator, result.scores.dimension))
    # the label's column only; 阵地经费 beside it keeps the default catalog's dimension
    assert dims["制度执行"] == "制度落实" and dims["阵地经费"] == "基本保障"


def test_a_list_of_branches_without_indicators_is_skipped():
    content = build_workbook([SheetSpec()], extra_sheets={"支部名单": [["党委", "支部"], ["第一党委", "一支部"]]})
    result = read(content)
    assert result.skipped_sheets == ["支部名单"]
    assert set(result.entries.sheet) == {"党建考核"}


@pytest.mark.parametrize("label", ["合计", "总分", "党建总分", "得分合计", "总得分", "合计(100分)"])
def test_total_column_labels(label):
    scores = {i.name: 2 for i in PARTY_INDICATORS}
    good = SheetSpec(with_total=True, labels={"total": label},
                     rows=[Row("第一党委", "一支部", scores=scores, total=20)])
    result = read(build_workbook([good]))
    assert label not in set(result.scores.indicator) and len(set(result.scores.indicator)) == 10
    bad = SheetSpec(with_total=True, labels={"total": label},
                    rows=[Row("第一党委", "一支部", scores=scores, total=21)])
    problems = read_workbook(build_workbook([bad]), "考核.xlsx").problems
    assert [p.code for p in problems] == ["total_mismatch"]


def test_prior_marks_are_looked_up_per_quarter_of_a_quarter_column():
    rows = [Row("第一党委", "一支部", quarter="2025Q1", scores={"制度执行": 18}),
            Row("第一党委", "一支部", quarter="2025Q2", scores={"制度执行": 14})]
    spec = SheetSpec(rows=rows, quarter_in="column", title=None, full_marks_in=None)
    marks = {q: {("party", i.name): float(i.full_mark) for i in PARTY_INDICATORS} for q in ("2025Q1", "2025Q2")}
    marks["2025Q1"][("party", "制度执行")] = 20.0
    result = read(build_workbook([spec]), prior_full_marks=marks.__getitem__)
    got = result.scores[result.scores.indicator == "制度执行"].set_index("quarter").full_mark
    assert (got["2025Q1"], got["2025Q2"]) == (20.0, 15.0)


def test_total_formula_with_cached_value_is_checked():
    scores = {i.name: 2 for i in PARTY_INDICATORS}
    spec = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", scores=scores)])
    plan = plan_sheet(spec)
    first, last = plan.columns["组织设置"], plan.columns["阵地经费"]
    row = plan.first_data_row
    spec.formulas[plan.cell(0, "total")] = (f"=SUM({first}{row}:{last}{row})", 20)
    assert read(build_workbook([spec])).ok
    spec.formulas[plan.cell(0, "total")] = (f"=SUM({first}{row}:{last}{row})", 25)
    problems = read_workbook(build_workbook([spec]), "考核.xlsx").problems
    assert [(p.code, p.cell) for p in problems] == [("total_mismatch", plan.cell(0, "total"))]


def test_blank_row_inside_the_table_is_skipped_and_fill_down_continues():
    blank = Row("", "", scores={i.name: None for i in PARTY_INDICATORS})
    rows = [Row("第一党委", "一支部"), blank, Row("", "二支部")]
    result = read(build_workbook([SheetSpec(rows=rows, committee_fill="repeat")]))
    assert list(zip(result.entries.committee, result.entries.branch)) == [
        ("第一党委", "一支部"), ("第一党委", "二支部")]
