"""SPEC §7 ``explain``: exactly the listed columns (then a part per party indicator, bonus,
deduction, floor), one row per branch with C in both periods, unrounded numbers, as-of aware,
usage errors exit 2."""

from __future__ import annotations

import argparse
import csv
import io
import json

import pytest

from assess.cli import main
from assess.config import Config
from assess.i18n import t
from assess.scoring.explain_cli import FIXED_COLUMNS, add_explain_parser, run_explain
from scoring_fixtures import DIMENSIONS, entry, make_db

HEADER = ("committee,branch,period,previous_period,composite,previous_composite,delta_composite,"
          "business_part,party_part,delta_party,delta_business,main_driver,stars,previous_stars,"
          "grade,previous_grade,part_组织设置,part_班子建设,part_党员发展,part_先锋攻坚,part_制度执行,"
          "part_bonus,part_deduction,part_floor")

FULL = {"组织设置": 10.0, "班子建设": 10.0, "党员发展": 20.0, "先锋攻坚": 10.0, "制度执行": 50.0}


def cells(quarter, branch, party=None, profit=60.0, version=1, **kw):
    return [entry(quarter, "党委A", branch, "party", {**FULL, **(party or {})}, version=version, **kw),
            entry(quarter, "党委A", branch, "business", {"利润完成": profit, "安全生产": 40.0}, version=version)]


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path, [
        *cells("2025Q1", "一支部"),  # P 100, B 100, C 100
        *cells("2025Q2", "一支部", party={"党员发展": 14.0}, bonus=2.0, profit=50.0),  # P 96, B 90
        *cells("2025Q2", "新支部"),  # no previous period: no row
        *cells("2025Q2", "一支部", party={"党员发展": 4.0}, profit=50.0, version=2),  # P 84 as of 2
    ], DIMENSIONS)


def parser():
    ap = argparse.ArgumentParser(prog="assess")
    add_explain_parser(ap.add_subparsers(dest="command"))
    return ap


def run(db, *argv):
    out = io.StringIO()
    code = run_explain(parser().parse_args(["explain", *argv]), db, out, config=Config())
    return code, out.getvalue()


def test_csv_has_exactly_the_columns_and_unrounded_numbers(db):
    code, text = run(db, "--quarter", "2025Q2", "--as-of", "1")
    assert code == 0
    assert text.splitlines()[0] == HEADER
    (row,) = list(csv.DictReader(io.StringIO(text)))
    # C 100 → 90 × 0.96 = 86.4: business part −10 × (1 + 0.96)/2 = −9.8, party part −0.04 × 95 = −3.8
    assert row == {
        "committee": "党委A", "branch": "一支部", "period": "2025Q2", "previous_period": "2025Q1",
        "composite": repr(90.0 * 0.96), "previous_composite": "100.0",
        "delta_composite": repr(90.0 * 0.96 - 100.0),
        "business_part": repr((90.0 - 100.0) * (1.0 + 0.96) / 2.0),
        "party_part": repr((0.96 - 1.0) * (100.0 + 90.0) / 2.0),
        "delta_party": "-4.0", "delta_business": "-10.0", "main_driver": "B",
        "stars": "5", "previous_stars": "5", "grade": "良好", "previous_grade": "优秀",
        "part_组织设置": "0.0", "part_班子建设": "0.0", "part_党员发展": "-6.0", "part_先锋攻坚": "0.0",
        "part_制度执行": "0.0", "part_bonus": "2.0", "part_deduction": "0.0", "part_floor": "0.0",
    }


def test_as_of_reads_the_later_version(db):
    code, text = run(db, "--quarter", "2025Q2", "--format", "json")
    assert code == 0
    (row,) = json.loads(text)
    assert list(row)[:len(FIXED_COLUMNS)] == FIXED_COLUMNS
    assert row["delta_party"] == -16.0 and row["part_党员发展"] == -16.0 and row["part_bonus"] == 0.0
    # 基本队伍 4 of 20 = 20 % < 60 %: not 达标, 0★ (P 84 alone would be 3★)
    assert row["stars"] == 0 and row["previous_stars"] == 5 and row["main_driver"] == "K"
    assert row["grade"] == "合格"


def test_a_year_against_the_year_before(tmp_path):
    db = make_db(tmp_path, [*cells("2024Q4", "一支部", party={"制度执行": 30.0}),
                            *cells("2025Q1", "一支部"), *cells("2025Q3", "一支部", party={"制度执行": 40.0})],
                 DIMENSIONS)
    code, text = run(db, "--year", "2025", "--method", "tiered", "--format", "json")
    (row,) = json.loads(text)
    assert (row["period"], row["previous_period"]) == ("2025", "2024")
    assert row["delta_party"] == 15.0 and row["part_制度执行"] == 15.0  # mean(100, 90) − 80
    assert row["composite"] == pytest.approx(100.0 * 1.05) and row["previous_composite"] == 100.0


def test_no_comparable_branch_prints_the_header_and_says_why(db, capsys):
    code, text = run(db, "--quarter", "2025Q1")
    assert code == 0 and text.splitlines() == [",".join(FIXED_COLUMNS + ["part_bonus", "part_deduction", "part_floor"])]
    assert capsys.readouterr().err.strip() == t("explain.cli.no_rows", "zh", period="2025Q1")


def test_as_of_beyond_the_latest_version_is_a_usage_error(db, capsys):
    code, text = run(db, "--quarter", "2025Q2", "--as-of", "7")
    assert code == 2 and text == ""
    assert capsys.readouterr().err.strip() == t("problem.version_not_found", "zh", version=7, latest=2)


@pytest.mark.parametrize("argv", [
    [],
    ["--quarter", "2025Q2", "--year", "2025"],
    ["--quarter", "2025Q5"],
    ["--year", "25"],
    ["--quarter", "2025Q2", "--method", "magic"],
    ["--quarter", "2025Q2", "--as-of", "x"],
    ["--quarter", "2025Q2", "--format", "xml"],
])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(["explain", *argv])
    assert exc.value.code == 2


def test_the_command_through_python_m_assess(tmp_path, capsys):
    db = make_db(tmp_path, [*cells("2025Q1", "一支部"), *cells("2025Q2", "一支部", profit=40.0)], DIMENSIONS)
    db.close()
    code = main(["--db", str(tmp_path / "test.duckdb"), "explain", "--quarter", "2025Q2"])
    out = capsys.readouterr().out
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["delta_business"] == "-20.0" and row["main_driver"] == "B"
    assert row["business_part"] == "-20.0" and row["party_part"] == "0.0"
