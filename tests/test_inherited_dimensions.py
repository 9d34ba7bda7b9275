"""SPEC §4: an indicator's dimension (and a sheet's category) that the workbook does not state is
taken from the latest earlier stored quarter, else from the default catalog; a workbook that
moves an indicator to another dimension gets a warning. A layout without a dimension row scores
exactly as the same data with one."""

from __future__ import annotations

import pandas as pd
import pytest

from assess import store
from assess.config import Config
from assess.db import Database
from assess.scoring import branch_scores
from assess.workbook import read_workbook
from tests.builders import PARTY_INDICATORS, Indicator, Row, SheetSpec, build_workbook, plan_sheet

# 组织设置 4.48 / 8 = 56 % alone, but 基本组织 = (4.48 + 7) / 15 = 76.5 %; every other
# indicator at 80 % (the builder's default): P = 4.48 + 7 + 0.8 × 85 = 79.48
ROWS = [Row("机关党委", "第一党支部", {"组织设置": 4.48, "班子建设": 7}),
        Row("机关党委", "第二党支部")]


def spec(**kw) -> SheetSpec:
    return SheetSpec(rows=list(ROWS), with_general=False, **kw)


def read(content: bytes, db: Database | None = None, name: str = "2025Q3党建.xlsx"):
    result = read_workbook(content, name, prior_catalog=(lambda q: store.prior_catalog(db, q))
                           if db is not None else None)
    assert result.ok, [p.render("en") for p in result.problems]
    return result


def scored(tmp_path, label: str, content: bytes) -> pd.DataFrame:
    with Database(tmp_path / f"{label}.duckdb") as db:
        store.ingest(db, [read(content, db)], "test")
        table = branch_scores(db, "2025Q3", Config())
    return table.sort_values("branch").reset_index(drop=True)


def test_a_sheet_without_its_dimension_row_scores_as_the_same_data_with_one(tmp_path):
    with_row = scored(tmp_path, "with", build_workbook([spec()]))
    bare = scored(tmp_path, "bare", build_workbook([spec(group_rows=())]))
    first = bare.set_index("branch").loc["第一党支部"]
    assert first["party_score"] == pytest.approx(79.48)
    assert bool(first["standard_met"]) is True  # 基本组织 at 76.5 %: 达标, though 组织设置 is 56 %
    assert int(first["stars"]) == int(with_row.set_index("branch").loc["第一党支部", "stars"]) > 0
    pd.testing.assert_frame_equal(bare, with_row)


def test_the_preview_names_the_dimension_used_and_where_it_came_from():
    result = read(build_workbook([spec(group_rows=())]))
    used = result.dimensions.set_index("indicator")
    assert (used.loc["组织设置", "dimension"], used.loc["组织设置", "source"]) == ("基本组织", "default")
    assert (used.loc["阵地经费", "dimension"], used.loc["阵地经费", "source"]) == ("基本保障", "default")
    stated = read(build_workbook([spec()])).dimensions.set_index("indicator")
    assert set(stated["source"]) == {"workbook"} and stated.loc["三会一课", "dimension"] == "基本活动"


CUSTOM = [Indicator("支部自评", 40, "party", "自我管理"), Indicator("互评得分", 60, "party", "自我管理")]


def test_a_stored_quarter_gives_its_dimensions_to_a_bare_sheet_of_the_next(tmp_path):
    with Database(tmp_path / "s.duckdb") as db:
        q2 = SheetSpec(indicators=list(CUSTOM), quarter="2025Q2", rows=list(ROWS), with_general=False)
        store.ingest(db, [read(build_workbook([q2]), db, "2025Q2党建.xlsx")], "test")
        assert store.prior_catalog(db, "2025Q3")[("party", "支部自评")].dimension == "自我管理"
        assert store.prior_full_marks(db, "2025Q3")[("party", "支部自评")] == 40.0
        # a bare sheet named Sheet1, no full marks: category, full marks and dimension inherited
        q3 = SheetSpec(name="Sheet1", indicators=list(CUSTOM), rows=list(ROWS), with_general=False,
                       group_rows=(), full_marks_in=None)
        result = read(build_workbook([q3]), db)
    assert set(result.entries["category"]) == {"party"}
    used = result.dimensions.set_index("indicator")
    assert (used.loc["互评得分", "dimension"], used.loc["互评得分", "source"]) == ("自我管理", "stored")
    assert set(result.scores["dimension"]) == {"自我管理"}
    assert not result.warnings


def test_an_indicator_without_any_dimension_is_its_own():
    result = read(build_workbook([SheetSpec(indicators=[Indicator("支部自评", 100, "party")],
                                            rows=list(ROWS), with_general=False)]))
    assert result.dimensions.to_dict("records") == [
        {"category": "party", "indicator": "支部自评", "dimension": None, "source": "none"}]


def test_a_workbook_that_moves_an_indicator_is_warned_where_its_header_is(tmp_path):
    moved = [Indicator(i.name, i.full_mark, i.category, "基本队伍" if i.name == "组织设置" else
                       i.dimension) for i in PARTY_INDICATORS]
    with Database(tmp_path / "m.duckdb") as db:
        store.ingest(db, [read(build_workbook([spec(quarter="2025Q2")]), db, "2025Q2党建.xlsx")], "t")
        q3 = spec(indicators=moved)
        result = read(build_workbook([q3]), db)
    warned = [w for w in result.warnings if w.code == "dimension_moved"]
    assert [(w.sheet, w.cell, w.params["old"], w.params["new"]) for w in warned] == [
        ("党建考核", plan_sheet(q3).header("组织设置"), "基本组织", "基本队伍")]
    assert "基本队伍" in warned[0].render("zh") and "dimension" in warned[0].render("en")
    assert result.dimensions.set_index("indicator").loc["组织设置", "dimension"] == "基本队伍"


def test_full_marks_only_still_work_and_inherit_dimensions_from_the_default_catalog():
    marks = {("party", i.name): float(i.full_mark) for i in PARTY_INDICATORS}
    result = read_workbook(build_workbook([spec(group_rows=(), full_marks_in=None)]),
                           "2025Q3党建.xlsx", prior_full_marks=lambda q: marks)
    assert result.ok
    assert set(result.dimensions["source"]) == {"default"}


def test_a_sheet_named_for_nothing_takes_the_category_of_the_default_indicators():
    result = read(build_workbook([spec(name="Sheet1")]))
    assert set(result.entries["category"]) == {"party"}


def test_a_sheet_giving_its_quarter_in_a_column_takes_its_category_from_the_prior_quarter(tmp_path):
    with Database(tmp_path / "c.duckdb") as db:
        q2 = SheetSpec(indicators=list(CUSTOM), quarter="2025Q2", rows=list(ROWS), with_general=False)
        store.ingest(db, [read(build_workbook([q2]), db, "2025Q2党建.xlsx")], "test")
        q3 = SheetSpec(name="Sheet1", indicators=list(CUSTOM), rows=list(ROWS), with_general=False,
                       group_rows=(), quarter_in="column", title=None)
        result = read(build_workbook([q3]), db)
    assert set(result.entries["category"]) == {"party"} and result.quarters == ["2025Q3"]
    assert set(result.scores["dimension"]) == {"自我管理"}
