"""SPEC §3.16, the year-end evaluation (群众评价 / 民主测评): the workbook read with located
problems, stored versioned (correction, as-of, rollback), and P_year combining it."""

from __future__ import annotations

import io

import openpyxl
import pytest

from assess import store
from assess.config import Config, Scoring, YearRules
from assess.db import Database
from assess.evaluation_template import evaluation_template_bytes
from assess.integrity import check_consistency
from assess.problems import ProblemError
from assess.scoring import branch_scores
from assess.template import template_bytes
from assess.workbook import read_workbook
from assess.workbook.evaluation import EvaluationResult
from tests.store_builders import make_result

TITLE = "XX公司2025年度党支部群众评价（民主测评）得分表"
HEADER = ("党委", "总支", "支部", "年度", "测评得分")


def book(rows, *, sheet="群众评价", title=TITLE, header=HEADER, extra=None) -> bytes:
    """An evaluation workbook: a title row (when given), the header, then ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    if extra:
        extra(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(content: bytes, name: str = "测评.xlsx"):
    return read_workbook(content, name)


def messages(result, lang="en") -> list[str]:
    return [p.render(lang) for p in result.problems]


# --- reading ----------------------------------------------------------------------------------

def test_the_template_filled_in_is_read():
    wb = openpyxl.load_workbook(io.BytesIO(evaluation_template_bytes(
        2025, branches=[("机关党委", None, "第一党支部"), ("生产党委", "一总支", "第二党支部")])))
    wb["群众评价"]["E3"], wb["群众评价"]["E4"] = 88.5, "92分"
    out = io.BytesIO()
    wb.save(out)
    result = read(out.getvalue())
    assert isinstance(result, EvaluationResult) and result.ok, messages(result)
    assert result.quarters == ["2025"] and result.years == ["2025"]
    # the committees every upload is checked against (a user's scope) see the evaluation's
    assert set(result.entries["committee"]) == {"机关党委", "生产党委"}
    assert set(result.entries["category"]) == {"evaluation"} and result.scores.empty
    assert result.evaluations[["year", "committee", "general_branch", "branch", "score", "row"]
                              ].values.tolist() == [
        ["2025", "机关党委", None, "第一党支部", 88.5, 3],
        ["2025", "生产党委", "一总支", "第二党支部", 92.0, 4]]


def test_the_template_is_deterministic_and_validates_scores():
    first = evaluation_template_bytes(2025, company="甲公司")
    assert first == evaluation_template_bytes(2025, company="甲公司") != evaluation_template_bytes(2024)
    ws = openpyxl.load_workbook(io.BytesIO(first))["群众评价"]
    assert ws["A1"].value == "甲公司2025年度党支部群众评价（民主测评）得分表"
    rules = {(v.type, v.formula1, v.formula2, str(v.sqref)) for v in ws.data_validations.dataValidation}
    assert ("decimal", "0", "100", "E3:E42") in rules


@pytest.mark.parametrize("kwargs, name, year", [
    ({}, "测评.xlsx", "2025"),  # the 年度 column
    ({"header": ("所属党委", "党支部名称", "测评得分"), "title": "2024年度民主测评"}, "测评.xlsx", "2024"),
    ({"header": ("党委", "支部", "群众评价得分"), "title": None}, "2023年群众评价.xlsx", "2023"),
    ({"header": ("党委", "支部", "满意度得分"), "title": "满意度测评", "sheet": "Sheet1"},
     "满意度2022.xlsx", "2022"),
    # a sheet named 民主测评 whose only value column is the score
    ({"header": ("党委", "支部", "得分"), "title": "2025年度", "sheet": "民主测评"}, "x.xlsx", "2025"),
])
def test_the_year_comes_from_the_column_the_title_or_the_file_name(kwargs, name, year):
    header = kwargs.get("header", HEADER)
    row = {"党委": "机关党委", "所属党委": "机关党委", "总支": None, "支部": "一支部", "党支部名称": "一支部",
           "年度": 2025}
    values = [row.get(h, 90) for h in header]
    result = read(book([values], **kwargs), name)
    assert isinstance(result, EvaluationResult) and result.ok, messages(result)
    assert result.evaluations["year"].tolist() == [year]
    assert result.evaluations["score"].tolist() == [90.0]


@pytest.mark.parametrize("rows, kwargs, name, expected", [
    # above 100 is rejected, located at its cell
    ([("机关党委", None, "一支部", 2025, 101)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!E3: the evaluation score 101 is outside 0–100; correct it"]),
    ([("机关党委", None, "一支部", 2025, -1)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!E3: the evaluation score -1 is outside 0–100; correct it"]),
    ([("机关党委", None, "一支部", 2025, None)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!E3: the evaluation score of branch “一支部” is blank; enter a score "
      "0–100 (delete the row of a branch not evaluated)"]),
    ([("机关党委", None, "一支部", 2025, "良好")], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!E3: the evaluation score “良好” is not a number; enter a number 0–100"]),
    ([("机关党委", None, "一支部", 2025, 90), ("机关党委", None, "一支部", 2025, 80)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!A4: branch “一支部” (机关党委) appears twice for 2025; keep one row"]),
    ([("机关党委", None, "一支部", "今年", 90)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!D3: the year “今年” is not recognised; write a four-digit year such as 2025"]),
    ([("机关党委", None, "一支部", 2024, 90)], {}, "测评.xlsx",
     ["测评.xlsx › 群众评价!D3: the year 2024 disagrees with 2025; make them the same"]),
    ([("机关党委", "一支部", 90)], {"header": ("党委", "支部", "测评得分"), "title": "群众评价表"},
     "测评.xlsx",
     ["测评.xlsx › 群众评价: the evaluation's year is unknown: add a 年度 column, or name it in "
      "the title (e.g. 2025年度) or in the file name"]),
    ([("机关党委", "一支部", 90)], {"header": ("党委", "支部", "测评得分")}, "2024测评.xlsx",
     ["2024测评.xlsx › 群众评价!A1: the year 2025 disagrees with 2024; make them the same"]),
    ([("一支部", 90)], {"header": ("支部", "测评得分")}, "测评.xlsx",
     ["测评.xlsx › 群众评价: the header (row 2) has no committee column; add a “党委” or "
      "“所属党委” column and fill in each branch's committee"]),
])
def test_every_mistake_is_located(rows, kwargs, name, expected):
    result = read(book(rows, **kwargs), name)
    assert isinstance(result, EvaluationResult)
    assert messages(result) == expected
    assert not result.ok
    assert all(p.render("zh") for p in result.problems)


def test_a_reference_sheet_of_a_quarterly_workbook_is_not_an_evaluation():
    """A 群众测评 sheet ``支部 | 群众满意`` is looked up by the assessment sheet; a workbook with an
    assessment sheet is a quarterly one even beside a sheet with a 测评得分 column."""
    def add(wb):
        ws = wb.create_sheet("群众测评")
        ws.append(["支部", "群众满意"])
        ws.append(["一支部", 7])
    assert not isinstance(read(book([], sheet="群众测评", title=None, header=("支部", "群众满意"))),
                          EvaluationResult)
    quarterly = openpyxl.load_workbook(io.BytesIO(template_bytes(quarter="2025Q1", rows=2)))
    ws = quarterly.create_sheet("民主测评")
    ws.append(["党委", "支部", "测评得分"])
    ws.append(["机关党委", "一支部", 90])
    out = io.BytesIO()
    quarterly.save(out)
    assert not isinstance(read(out.getvalue(), "2025Q1.xlsx"), EvaluationResult)


# --- storing and scoring --------------------------------------------------------------------------

A_PARTY, A_BUSINESS = ("一党委", "甲支部", "party"), ("一党委", "甲支部", "business")
B_PARTY, B_BUSINESS = ("一党委", "乙支部", "party"), ("一党委", "乙支部", "business")


def evaluation(scores: dict[str, float], name: str = "2025群众评价.xlsx") -> EvaluationResult:
    result = read(book([("一党委", None, branch, 2025, e) for branch, e in scores.items()]), name)
    assert result.ok, messages(result)
    return result


@pytest.fixture
def db(tmp_path):
    """v1: 2025Q1 甲 P 80, 乙 P 70; v2: 2025Q2 甲 P 90, 乙 P 80 (B 80 throughout): quarterly
    means 甲 85, 乙 75."""
    with Database(tmp_path / "t.duckdb") as database:
        store.ingest(database, [make_result("q1.xlsx", "2025Q1", {
            A_PARTY: {"x": 8}, A_BUSINESS: {"利润": 8}, B_PARTY: {"x": 7}, B_BUSINESS: {"利润": 8}})], "u")
        store.ingest(database, [make_result("q2.xlsx", "2025Q2", {
            A_PARTY: {"x": 9}, A_BUSINESS: {"利润": 8}, B_PARTY: {"x": 8}, B_BUSINESS: {"利润": 8}})], "u")
        yield database


def year(db, config=Config(), as_of=None) -> dict[str, dict]:
    table = branch_scores(db, "2025", config, as_of)
    return {r["branch"]: r for r in table.to_dict("records")}


def test_p_year_combines_the_quarterly_mean_and_e(db):
    report = store.ingest(db, [evaluation({"甲支部": 95})], "组织部")
    assert report.version == 3 and report.quarters == ["2025"] and report.entries_written == 1
    rows = year(db)
    a, b = rows["甲支部"], rows["乙支部"]
    # 甲: 0.7 × 85 + 0.3 × 95 = 88
    assert (a["party_quarter_mean"], a["evaluation"]) == pytest.approx((85.0, 95.0))
    assert a["party_score"] == pytest.approx(88.0) and a["evaluation_pending"] is False
    assert a["coefficient"] == pytest.approx(0.88) and a["composite"] == pytest.approx(70.4)
    assert a["stars"] == 3  # steps 4–9 on P_year: 88 ≥ 80
    # 乙 has no E: it keeps its mean and is marked 待测评
    assert b["party_score"] == pytest.approx(75.0) and b["evaluation_pending"] is True
    assert b["evaluation"] != b["evaluation"]  # NaN
    attrs = branch_scores(db, "2025", Config()).attrs["evaluation"]
    assert attrs == {"weight": 0.3, "evaluated": 1, "pending": 1}
    # a quarter is not touched by the evaluation
    q = branch_scores(db, "2025Q2", Config())
    assert dict(zip(q["branch"], q["party_score"])) == pytest.approx({"甲支部": 90.0, "乙支部": 80.0})


@pytest.mark.parametrize("config, expected", [
    (Config(scoring=Scoring(evaluation_weight=0.5)), 90.0),  # 0.5 × 85 + 0.5 × 95
    (Config(scoring=Scoring(evaluation_weight=0.0)), 85.0),
    (Config(rules=(YearRules("2025", scoring=(("evaluation_weight", 1.0),)),)), 95.0),
    (Config(rules=(YearRules("2024", scoring=(("evaluation_weight", 1.0),)),)), 88.0),
])
def test_the_weight_is_the_years(db, config, expected):
    store.ingest(db, [evaluation({"甲支部": 95})], "u")
    assert year(db, config)["甲支部"]["party_score"] == pytest.approx(expected)


def test_a_year_without_any_evaluation_is_scored_by_its_quarters(db):
    rows = year(db)
    assert rows["甲支部"]["party_score"] == pytest.approx(85.0)
    assert not rows["甲支部"]["evaluation_pending"] and not rows["乙支部"]["evaluation_pending"]


def test_an_e_above_100_is_rejected_and_nothing_is_stored(db):
    bad = read(book([("一党委", None, "甲支部", 2025, 101)]), "2025群众评价.xlsx")
    with pytest.raises(ProblemError) as err:
        store.ingest(db, [bad], "u")
    assert [p.render("zh") for p in err.value.problems] == [
        "2025群众评价.xlsx › 群众评价!E3: 测评得分 101 超出 0–100 的范围，请改正"]
    assert store.latest_version(db) == 2


def test_a_reupload_is_a_correction_with_as_of_and_rollback(db):
    first = evaluation({"甲支部": 95, "乙支部": 60})
    store.ingest(db, [first], "u")  # v3
    corrected = evaluation({"甲支部": 75}, "2025群众评价（更正）.xlsx")
    preview = store.preview(db, [corrected])
    assert preview[["quarter", "branch", "category", "status", "detail"]].values.tolist() == [
        ["2025", "甲支部", "evaluation", "changed", "95 → 75"]]
    assert store.ingest(db, [corrected], "u").version == 4
    assert year(db)["甲支部"]["party_score"] == pytest.approx(82.0)  # 0.7 × 85 + 0.3 × 75
    assert year(db)["乙支部"]["party_score"] == pytest.approx(70.5)  # 乙 kept: 0.7 × 75 + 0.3 × 60
    assert year(db, as_of=3)["甲支部"]["party_score"] == pytest.approx(88.0)  # as of v3
    assert year(db, as_of=2)["甲支部"]["evaluation_pending"] is False  # before any E
    # the same file again changes nothing and names its version
    again = store.ingest(db, [evaluation({"甲支部": 75}, "copy.xlsx")], "u")
    assert again.version is None or again.entries_written == 0
    dup = store.ingest(db, [corrected], "u")
    assert dup.version is None and dup.duplicate_of == 4
    # rollback to v3 restores 95; rollback to v2 removes every E
    back = store.rollback(db, 3, "u")
    assert "2025" in back.quarters and back.entries_written == 1
    assert year(db)["甲支部"]["party_score"] == pytest.approx(88.0)
    gone = store.rollback(db, 2, "u")
    assert gone.entries_closed == 2 and "2025" in gone.quarters
    assert year(db)["甲支部"]["party_score"] == pytest.approx(85.0)
    versions = store.versions(db)
    assert list(versions.loc[versions["version"] == 3, "quarters"].iloc[0]) == ["2025"]
    assert check_consistency(db) == []


def test_an_upload_with_both_kinds_lands_whole(db):
    quarterly = make_result("q3.xlsx", "2025Q3", {("一党委", "丙支部", "party"): {"x": 6}})
    report = store.ingest(db, [quarterly, evaluation({"丙支部": 80, "甲支部": 95})], "u")
    assert report.version == 3 and report.quarters == ["2025", "2025Q3"]
    rows = year(db)
    assert rows["丙支部"]["party_score"] == pytest.approx(0.7 * 60 + 0.3 * 80)
    assert check_consistency(db) == []


def test_a_store_of_schema_2_opened_read_only_scores_without_evaluations(tmp_path):
    path = tmp_path / "old.duckdb"
    with Database(path) as db:
        store.ingest(db, [make_result("q1.xlsx", "2025Q1", {A_PARTY: {"x": 8}})], "u")
        with db.cursor() as cur:
            cur.execute("DROP TABLE evaluations")
            cur.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Database(path, read_only=True) as db:
        assert branch_scores(db, "2025", Config()).iloc[0]["party_score"] == pytest.approx(80.0)
    with Database(path) as db:  # opened for writing: migrated to schema 3
        with db.cursor() as cur:
            assert cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("3",)
        store.ingest(db, [evaluation({"甲支部": 100})], "u")
        assert year(db)["甲支部"]["party_score"] == pytest.approx(86.0)
