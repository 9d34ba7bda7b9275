"""SPEC §4 "What is rejected": one case per rule, with the exact code and located cell, and a
message that renders in Chinese and English. File-level guards are in test_guards.py."""

from __future__ import annotations

import re

import pytest

from assess.i18n import LANGS
from assess.workbook import read_workbook
from tests.builders import (
    BUSINESS_INDICATORS, PARTY_INDICATORS, Indicator, Row, SheetSpec, build_workbook, default_rows, plan_sheet,
)

FILE = "2025Q3.xlsx"


def problems_of(content: bytes, file_name: str = FILE, **kw):
    result = read_workbook(content, file_name, **kw)
    assert not result.ok
    for p in result.problems:
        for lang in LANGS:
            text = p.render(lang)
            assert "{" not in text and p.file in text  # every parameter filled, located
    return result.problems


def located(problems) -> list[tuple[str, str, str]]:
    return [(p.code, p.sheet, p.cell) for p in problems]


def one_branch(**scores) -> SheetSpec:
    return SheetSpec(rows=[Row("第一党委", "一支部", scores=scores)])


# --- scores ---

def test_score_above_full_mark():
    spec = one_branch(三会一课=13)
    cell = plan_sheet(spec).cell(0, "三会一课")
    [p] = problems_of(build_workbook([spec]))
    assert (p.code, p.sheet, p.cell) == ("score_over_full_mark", "党建考核", cell)
    assert p.render("zh") == f"{FILE} › 党建考核!{cell}: 得分 13 超过满分 12，请改为 0–12 之间的数值"
    assert "exceeds the full mark 12" in p.render("en")


@pytest.mark.parametrize("value,code", [
    (-1, "score_negative"), ("-2分", "score_negative"), ("良好", "score_not_number"),
    ("8%", "score_not_number"), (True, "score_not_number"), ("", "score_blank"),
    (None, "score_blank"), ("  ", "score_blank"), ("nan", "score_not_number"),
    ("inf", "score_not_number"), ("1,5", "score_not_number")])
def test_bad_score_values(value, code):
    spec = SheetSpec(rows=[Row("第一党委", "一支部", scores={"主题党日": value})])
    cell = plan_sheet(spec).cell(0, "主题党日")
    problems = problems_of(build_workbook([spec]))
    assert located(problems) == [(code, "党建考核", cell)]


def test_blank_score_message_asks_for_zero_or_not_applicable():
    [p] = problems_of(build_workbook([one_branch(主题党日=None)]))
    assert "0" in p.message("zh") and "不适用" in p.message("zh")
    assert "0" in p.message("en") and "不适用" in p.message("en")


def test_formula_without_cached_value():
    spec = one_branch()
    cell = plan_sheet(spec).cell(0, "三会一课")
    spec.formulas[cell] = ("=5+5", None)
    assert located(problems_of(build_workbook([spec]))) == [("formula_no_value", "党建考核", cell)]


@pytest.mark.parametrize("role,value", [("bonus", "很多"), ("bonus", -1), ("deduction", -2),
                                        ("deduction", "两分")])
def test_bad_bonus_or_deduction(role, value):
    spec = SheetSpec(rows=[Row("第一党委", "一支部", **{role: value})])
    cell = plan_sheet(spec).cell(0, role)
    assert located(problems_of(build_workbook([spec]))) == [(f"{role}_invalid", "党建考核", cell)]


# --- rows ---

def test_scores_without_a_branch():
    spec = SheetSpec(rows=default_rows(2) + [Row("第二党委", "")])
    cell = plan_sheet(spec).cell(2, "branch")
    assert located(problems_of(build_workbook([spec]))) == [("branch_missing", "党建考核", cell)]


def test_empty_committee_with_nothing_above():
    spec = SheetSpec(rows=[Row("", "一支部"), Row("", "二支部")], committee_fill="repeat")
    plan = plan_sheet(spec)
    assert located(problems_of(build_workbook([spec]))) == [
        ("committee_missing", "党建考核", plan.cell(0, "committee")),
        ("committee_missing", "党建考核", plan.cell(1, "committee"))]


def test_same_branch_twice_in_one_sheet():
    spec = SheetSpec(rows=[Row("第一党委", "一支部"), Row("第一党委", "二支部"), Row("第一党委", "一支部")],
                     committee_fill="repeat")
    plan = plan_sheet(spec)
    [p] = problems_of(build_workbook([spec]))
    assert (p.code, p.cell) == ("branch_duplicate", plan.cell(2, "branch"))
    assert p.params["first"] == f"党建考核!{plan.cell(0, 'branch')}"


def test_same_branch_twice_across_sheets_of_one_category():
    a = SheetSpec(name="党建考核一", rows=[Row("第一党委", "一支部")])
    b = SheetSpec(name="党建考核二", rows=[Row("第一党委", " 一支部 ")])
    [p] = problems_of(build_workbook([a, b]))
    assert (p.code, p.sheet, p.cell) == ("branch_duplicate", "党建考核二", plan_sheet(b).cell(0, "branch"))


def test_same_branch_in_two_categories_is_fine():
    specs = [SheetSpec(rows=[Row("第一党委", "一支部")]),
             SheetSpec(name="业务考核", indicators=list(BUSINESS_INDICATORS),
                       rows=[Row("第一党委", "一支部")])]
    assert read_workbook(build_workbook(specs), FILE).ok


# --- full marks ---

def test_full_mark_that_cannot_be_determined():
    spec = one_branch()
    spec.full_marks_in = None
    plan = plan_sheet(spec)
    problems = problems_of(build_workbook([spec]))
    assert located(problems) == [("full_mark_unknown", "党建考核", plan.header(i.name))
                                 for i in PARTY_INDICATORS]


def test_full_mark_unknown_even_with_prior_marks_for_other_indicators():
    spec = one_branch()
    spec.full_marks_in = None
    prior = {("party", i.name): float(i.full_mark) for i in PARTY_INDICATORS[:-1]}
    problems = problems_of(build_workbook([spec]), prior_full_marks=lambda q: prior)
    assert located(problems) == [("full_mark_unknown", "党建考核", plan_sheet(spec).header("阵地经费"))]


def test_header_and_marks_row_disagree():
    spec = one_branch()
    spec.full_marks_in = "row"
    plan = plan_sheet(spec)
    spec.cells[plan.header("三会一课")] = "三会一课(12分)"
    spec.cells[f"{plan.columns['三会一课']}{plan.marks_row}"] = 10
    [p] = problems_of(build_workbook([spec]))
    assert (p.code, p.cell) == ("full_mark_conflict", plan.header("三会一课"))
    assert "12" in p.render("zh") and "10" in p.render("en")


def test_header_and_catalog_disagree():
    spec = one_branch()
    content = build_workbook([spec], catalog=True, catalog_marks={"制度执行": 20})
    [p] = problems_of(content)
    assert (p.code, p.sheet, p.cell) == ("full_mark_conflict", "党建考核", plan_sheet(spec).header("制度执行"))
    assert "指标说明!" in p.params["values"]


def test_two_sheets_disagree_on_a_full_mark_of_the_same_quarter():
    a = SheetSpec(name="党建考核一", rows=[Row("第一党委", "一支部")])
    b = SheetSpec(name="党建考核二", rows=[Row("第一党委", "二支部")])
    b.cells[plan_sheet(b).header("三会一课")] = "三会一课(20分)"
    problems = problems_of(build_workbook([a, b]))
    assert located(problems) == [("full_mark_conflict", "党建考核二", plan_sheet(b).header("三会一课"))]


def test_marks_row_cell_that_is_not_a_number():
    spec = one_branch()
    spec.full_marks_in = "row"
    plan = plan_sheet(spec)
    cell = f"{plan.columns['班子建设']}{plan.marks_row}"
    spec.cells[cell] = "七"
    problems = problems_of(build_workbook([spec]))
    assert ("full_mark_invalid", "党建考核", cell) in located(problems)


# --- quarter ---

def test_quarter_that_cannot_be_determined():
    spec = SheetSpec(quarter_in=None, title="XX公司党支部考核表")
    assert located(problems_of(build_workbook([spec]), "upload.xlsx")) == [
        ("quarter_unknown", "党建考核", "")]


def test_title_and_file_name_disagree():
    spec = SheetSpec(quarter_in="title", quarter="2025Q2")
    assert located(problems_of(build_workbook([spec]), "2025Q3.xlsx")) == [
        ("quarter_conflict", "党建考核", f"A{plan_sheet(spec).title_row}")]


def test_quarter_column_and_title_disagree():
    spec = SheetSpec(quarter_in="column", title="2025年第三季度考核表",
                     rows=[Row("第一党委", "一支部", quarter="2025Q3"),
                           Row("第一党委", "二支部", quarter="2025Q4")])
    assert located(problems_of(build_workbook([spec]), "upload.xlsx")) == [
        ("quarter_conflict", "党建考核", plan_sheet(spec).cell(1, "quarter"))]


def test_quarter_cell_that_is_not_a_quarter():
    spec = SheetSpec(quarter_in="column", title=None, rows=[Row("第一党委", "一支部", quarter="三季度")])
    assert located(problems_of(build_workbook([spec]), "upload.xlsx")) == [
        ("quarter_invalid", "党建考核", plan_sheet(spec).cell(0, "quarter"))]


def test_file_name_and_uploader_choice_disagree():
    spec = SheetSpec(quarter_in=None, title=None)
    problems = problems_of(build_workbook([spec]), "2025Q3.xlsx", quarter_hint="2025Q4")
    assert located(problems) == [("quarter_conflict_hint", "", "")]


# --- total column ---

def test_total_that_does_not_match():
    scores = {i.name: 5 for i in PARTY_INDICATORS}
    spec = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", scores=scores, bonus=1, total=49)])
    [p] = problems_of(build_workbook([spec]))
    assert (p.code, p.cell) == ("total_mismatch", plan_sheet(spec).cell(0, "total"))
    assert p.params["sum"] == "50" and p.params["adjusted"] == "51"


def test_total_that_is_not_a_number():
    spec = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", total="很好")])
    assert located(problems_of(build_workbook([spec]))) == [
        ("total_not_number", "党建考核", plan_sheet(spec).cell(0, "total"))]


def test_total_within_tolerance_passes_and_just_outside_fails():
    scores = {i.name: 5 for i in PARTY_INDICATORS}
    ok = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", scores=scores, total=50.01)])
    bad = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部", scores=scores, total=50.02)])
    assert read_workbook(build_workbook([ok]), FILE).ok
    assert [p.code for p in problems_of(build_workbook([bad]))] == ["total_mismatch"]


# --- sheets and columns ---

def test_no_sheet_with_a_branch_column():
    content = build_workbook([], instructions=True, extra_sheets={"数据": [["单位", "得分"], ["甲", 1]]})
    result = read_workbook(content, FILE)
    assert located(result.problems) == [("no_branch_sheet", "", "")]
    assert result.skipped_sheets == ["填表说明", "数据"]


def test_category_that_cannot_be_determined():
    # indicators neither the default catalog nor a stored quarter knows (those give a category)
    own = [Indicator("支部自评", 40), Indicator("互评得分", 60)]
    spec = SheetSpec(name="Sheet1", indicators=own)
    problems = problems_of(build_workbook([spec]))
    plan = plan_sheet(spec)
    assert [(p.code, p.cell) for p in problems if p.code == "category_unknown"] == [
        ("category_unknown", plan.columns["支部自评"]), ("category_unknown", plan.columns["互评得分"])]


def test_missing_committee_column():
    spec = SheetSpec(labels={"committee": "单位"})
    assert [p.code for p in problems_of(build_workbook([spec]))] == ["committee_column_missing"]


def test_duplicate_indicator_column():
    spec = one_branch()
    plan = plan_sheet(spec)
    spec.cells[plan.header("班子建设")] = "组织设置(8分)"
    problems = problems_of(build_workbook([spec]))
    assert located(problems) == [("duplicate_column", "党建考核", plan.columns["班子建设"])]


def test_catalog_with_bad_rows():
    content = build_workbook([one_branch()], extra_sheets={"指标说明": [
        ["类别", "维度", "指标", "满分", "说明"], ["党务", "基本组织", "组织设置", 8, ""],
        ["党建", "基本组织", "班子建设", "七分", ""]]})
    assert located(problems_of(content)) == [("catalog_category_invalid", "指标说明", "A2"),
                                             ("catalog_full_mark_invalid", "指标说明", "D3")]


def test_every_problem_of_a_file_in_one_pass():
    rows = [Row("第一党委", "一支部", scores={"组织设置": 9, "班子建设": "差"}),
            Row("第一党委", "二支部", scores={"三会一课": None}),
            Row("第一党委", "一支部")]
    spec = SheetSpec(rows=rows, committee_fill="repeat")
    plan = plan_sheet(spec)
    problems = problems_of(build_workbook([spec]))
    assert located(problems) == [
        ("score_over_full_mark", "党建考核", plan.cell(0, "组织设置")),
        ("score_not_number", "党建考核", plan.cell(0, "班子建设")),
        ("score_blank", "党建考核", plan.cell(1, "三会一课")),
        ("branch_duplicate", "党建考核", plan.cell(2, "branch")),
    ]


def test_all_problem_codes_have_both_languages_and_say_what_to_do():
    from assess.i18n.problems import TEXTS
    for key, texts in TEXTS.items():
        assert set(texts) >= {"zh", "en"}, key
        assert re.search("请|，|；", texts["zh"]), key  # an instruction follows the diagnosis
        assert ";" in texts["en"] or "check" in texts["en"], key


def test_header_below_the_search_rows_is_not_found():
    spec = SheetSpec(blank_rows_before=20)
    result = read_workbook(build_workbook([spec]), FILE)
    assert located(result.problems) == [("no_branch_sheet", "", "")]
    assert result.skipped_sheets == ["党建考核"]


def test_uploader_choice_that_is_not_a_quarter():
    content = build_workbook([SheetSpec(quarter_in="title")])
    problems = problems_of(content, "upload.xlsx", quarter_hint="third quarter")
    assert located(problems) == [("quarter_invalid", "", "")]


def test_nothing_is_returned_as_storable_when_rejected():
    result = read_workbook(build_workbook([one_branch(三会一课=13)]), FILE)
    assert not result.ok and len(result.entries) == 1  # partial data, flagged not ok


def test_uncached_formula_outside_the_scores_is_reported_too():
    spec = SheetSpec(with_total=True, rows=[Row("第一党委", "一支部")])
    cell = plan_sheet(spec).cell(0, "total")
    spec.formulas[cell] = ("=SUM(D4:M4)", None)
    assert located(problems_of(build_workbook([spec]))) == [("formula_no_value", "党建考核", cell)]


def test_every_problem_code_of_the_reader_has_a_text_and_every_text_is_used():
    from pathlib import Path

    from assess.i18n import problems, trust
    # the reader's problems: its own section, and issue 13's (inherited dimensions, layouts)
    TEXTS = set(problems.TEXTS) | {k for k in trust.TEXTS if k.startswith("problem.")}
    package = Path(__file__).resolve().parent.parent / "assess" / "workbook"
    source = "".join(p.read_text() for p in package.glob("*.py"))
    used = set(re.findall(r'(?:Problem\(\s*|refuse\()"(\w+)"', source))
    used |= {f"{role}_invalid" for role in ("bonus", "deduction")}  # built as f"{role}_invalid"
    used |= {"total_not_number", "total_mismatch"}  # chosen by a conditional expression
    # the evaluation workbook's own problems (SPEC §3.16) live in the rules section
    from assess.i18n.rules import TEXTS as RULES
    evaluation = {key for key in RULES if key.startswith("problem.evaluation_")}
    assert {f"problem.{code}" for code in used} == set(TEXTS) | evaluation
