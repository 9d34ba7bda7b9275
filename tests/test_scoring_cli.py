"""SPEC §7 `scores`: exactly the listed columns, unrounded numbers, true/false, empty when
missing, usage errors exit 2."""

import argparse
import csv
import io
import json

import pytest

from assess.config import Config
from assess.i18n import t
from assess.scoring.cli import add_scores_parser, parse_tiers, run_scores
from scoring_fixtures import make_db, simple

COLUMNS = ("committee,general_branch,branch,period,party_score,business_score,coefficient,"
           "composite,rank,committee_rank,stars,standard_met,solid,grade,quadrant,veto,veto_reason")


def parser():
    ap = argparse.ArgumentParser(prog="assess")
    add_scores_parser(ap.add_subparsers(dest="command"))
    return ap


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path, [
        *simple("2025Q1", "党委A", "一支部", p=91.0, b=85.5, general_branch="第一总支"),
        *simple("2025Q1", "党委A", "二支部", p=200.0 / 3, b=90.0, veto="安全事故, \"重大\""),
        *simple("2025Q1", "党委B", "三支部", b=70.0),
        *simple("2025Q1", "党委A", "一支部", p=80.0, version=2, general_branch="第一总支"),
    ])


def run(db, *argv, config=None):
    out = io.StringIO()
    code = run_scores(parser().parse_args(["scores", *argv]), db, out, config=config or Config())
    return code, out.getvalue()


def test_csv_column_by_column(db):
    code, text = run(db, "--quarter", "2025Q1", "--as-of", "1")
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == COLUMNS
    rows = list(csv.DictReader(io.StringIO(text)))
    # by rank: C = 85.5 × 0.91 = 77.805 > 90 × 0.667 (below the veto cap 0.8) = 60; unranked
    # last. Quadrant medians over the two with P and B: P 78.83…, B 87.75
    one, two, three = rows
    assert one == {
        "committee": "党委A", "general_branch": "第一总支", "branch": "一支部", "period": "2025Q1",
        "party_score": "91.0", "business_score": "85.5", "coefficient": "0.91",
        "composite": repr(85.5 * 0.91), "rank": "1", "committee_rank": "1", "stars": "4",
        "standard_met": "true", "solid": "true", "grade": "合格", "quadrant": "党建强业务弱",
        "veto": "false", "veto_reason": "",
    }
    assert two == {
        "committee": "党委A", "general_branch": "", "branch": "二支部", "period": "2025Q1",
        "party_score": repr(200.0 / 3), "business_score": "90.0",
        "coefficient": repr(200.0 / 3 / 100),
        "composite": repr(90.0 * (200.0 / 3 / 100)),  # 60.00000000000001
        "rank": "2", "committee_rank": "2", "stars": "0",
        "standard_met": "false", "solid": "false", "grade": "合格", "quadrant": "业务强党建弱",
        "veto": "true", "veto_reason": "安全事故, \"重大\"",
    }
    assert three == {
        "committee": "党委B", "general_branch": "", "branch": "三支部", "period": "2025Q1",
        "party_score": "", "business_score": "70.0", "coefficient": "", "composite": "",
        "rank": "", "committee_rank": "", "stars": "", "standard_met": "", "solid": "",
        "grade": "", "quadrant": "", "veto": "false", "veto_reason": "",
    }
    assert float(two["party_score"]) == 200.0 / 3  # unrounded: round-trips exactly


def test_json_column_by_column(db):
    code, text = run(db, "--quarter", "2025Q1", "--format", "json", "--method", "tiered",
                     "--tiers", "80:1.1,90:1.2", "--tier-floor", "0.5", "--veto-k", "0.3")
    assert code == 0
    rows = json.loads(text)
    assert [list(r) for r in rows] == [COLUMNS.split(",")] * 3
    by_branch = {r["branch"]: r for r in rows}
    one = by_branch["一支部"]  # version 2: P = 80 → tier 1.1; C = 85.5 × 1.1 = 94.05
    assert one == {
        "committee": "党委A", "general_branch": "第一总支", "branch": "一支部", "period": "2025Q1",
        "party_score": 80.0, "business_score": 85.5, "coefficient": 1.1, "composite": 85.5 * 1.1,
        "rank": 1, "committee_rank": 1, "stars": 3, "standard_met": True, "solid": False,
        "grade": "优秀", "quadrant": "党建强业务弱", "veto": False, "veto_reason": None,
    }
    two = by_branch["二支部"]  # below every tier: 0.5; vetoed: min(0.5, 0.3)
    assert (two["coefficient"], two["composite"], two["veto"]) == (0.3, 27.0, True)
    three = by_branch["三支部"]
    assert three["party_score"] is None and three["rank"] is None and three["standard_met"] is None


def test_year_and_linear_parameters(db):
    code, text = run(db, "--year", "2025", "--method", "linear", "--slope", "2", "--pivot", "70",
                     "--k-min", "0.5", "--k-max", "1.05")
    rows = {r["branch"]: r for r in csv.DictReader(io.StringIO(text))}
    assert code == 0
    assert rows["一支部"]["period"] == "2025"
    assert float(rows["一支部"]["coefficient"]) == pytest.approx(1.05)  # 1 + 2 × 10 / 100 = 1.2 → 1.05
    assert rows["二支部"]["veto_reason"] == "2025Q1：安全事故, \"重大\""


@pytest.mark.parametrize("argv", [
    [],  # no period
    ["--quarter", "2025Q1", "--year", "2025"],
    ["--quarter", "2025Q5"],
    ["--quarter", "2025-3"],
    ["--year", "25"],
    ["--quarter", "2025Q1", "--method", "magic"],
    ["--quarter", "2025Q1", "--tiers", "90=1.05"],
    ["--quarter", "2025Q1", "--tiers", "90:x"],
    ["--quarter", "2025Q1", "--slope", "steep"],
    ["--quarter", "2025Q1", "--as-of", "-1"],
    ["--quarter", "2025Q1", "--format", "xml"],
])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        parser().parse_args(["scores", *argv])
    assert exc.value.code == 2


def test_as_of_beyond_the_latest_version_is_a_usage_error(db, capsys):
    code, text = run(db, "--quarter", "2025Q1", "--as-of", "9")
    assert code == 2 and text == ""
    assert capsys.readouterr().err.strip() == t("problem.version_not_found", "zh", version=9, latest=2)


def test_a_period_without_data_is_an_empty_table_and_says_why(db, capsys):
    code, text = run(db, "--quarter", "2099Q1")
    assert code == 0 and text.strip() == COLUMNS, "the header alone"
    assert capsys.readouterr().err.strip() == t("cli.scores.no_data", "zh", period="2099Q1", periods="2025Q1")
    code, text = run(db, "--year", "2030")
    assert code == 0 and capsys.readouterr().err.strip() == t("cli.scores.no_data", "zh", period="2030", periods="2025")


def test_parse_tiers_sorts_bands_descending():
    assert parse_tiers("60:0.95,90:1.05,80:1") == ((90.0, 1.05), (80.0, 1.0), (60.0, 0.95))
