"""The command line as a contract (SPEC §7): ingest, versions, rollback, template, sample."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from assess import store
from assess.cli import main
from assess.db import Database
from assess.i18n import t
from assess.sample import write_sample
from tests.store_builders import damaged_store

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def latest(db_file):
    with Database(db_file) as db:
        return store.latest_version(db)


def test_bundled_sample_is_what_the_generator_writes(sample_dir):
    """data/sample/ must not drift from `python -m assess sample` (regenerate it when it does)."""
    bundled = {p.name: p.read_bytes() for p in BUNDLED.glob("*.xlsx")}
    fresh = {p.name: p.read_bytes() for p in sample_dir.glob("*.xlsx")}
    assert bundled.keys() == fresh.keys() and len(bundled) >= 8
    assert [n for n in bundled if bundled[n] != fresh[n]] == []


def test_ingest_sample_then_again_is_idempotent(capsys, tmp_path, sample_dir):
    db_file = tmp_path / "a.duckdb"
    files = sorted(sample_dir.glob("*.xlsx"))
    code, out, err = cli(capsys, "--db", db_file, "ingest", *files, "--user", "组织部")
    assert code == 0, err
    assert "数据版本 1" in out and "2024Q1" in out and "2025Q4" in out
    code, out, _ = cli(capsys, "--db", db_file, "--lang", "en", "ingest", files[0])
    assert code == 0 and "identical to a file of data version 1" in out
    assert latest(db_file) == 1
    code, out, _ = cli(capsys, "--db", db_file, "versions")
    assert code == 0 and out.startswith("1\t") and "组织部" in out


def test_rejected_ingest_lists_located_problems_and_stores_nothing(capsys, tmp_path, sample_dir):
    db_file = tmp_path / "b.duckdb"
    good = sorted(sample_dir.glob("*.xlsx"))[0]
    assert cli(capsys, "--db", db_file, "ingest", good)[0] == 0
    bad = tmp_path / "2025Q3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党建考核"
    ws.append(["党委", "支部", "三会一课(12分)", "主题党日(8分)"])
    ws.append(["一党委", "甲支部", 13, "abc"])
    ws.append(["一党委", "乙支部", None, 5])
    wb.save(bad)
    code, out, err = cli(capsys, "--db", db_file, "ingest", bad)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3, lines
    assert all(line.startswith("2025Q3.xlsx › 党建考核!") for line in lines)
    assert any("!C2" in line and "13" in line for line in lines)
    assert any("!D2" in line for line in lines) and any("!C3" in line for line in lines)
    assert latest(db_file) == 1
    code, _, err = cli(capsys, "--db", db_file, "--lang", "en", "ingest", bad)
    assert code == 1 and "2025Q3.xlsx › 党建考核!C2" in err and "13" in err


def test_dry_run_and_quarter_option(capsys, tmp_path):
    db_file = tmp_path / "c.duckdb"
    f = tmp_path / "党建.xlsx"  # no quarter in the file: --quarter supplies it
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "党建考核"
    ws.append(["党委", "支部", "三会一课(12分)"])
    ws.append(["一党委", "甲支部", 11])
    wb.save(f)
    code, _, err = cli(capsys, "--db", db_file, "ingest", f)
    assert code == 1 and "党建.xlsx" in err
    code, out, _ = cli(capsys, "--db", db_file, "ingest", f, "--quarter", "2025Q3", "--dry-run")
    assert code == 0 and "2025Q3" in out and latest(db_file) == 0
    code, out, _ = cli(capsys, "--db", db_file, "ingest", f, "--quarter", "2025Q3")
    assert code == 0 and latest(db_file) == 1


def test_rollback_command(capsys, tmp_path, sample_dir):
    db_file = tmp_path / "d.duckdb"
    files = sorted(sample_dir.glob("*.xlsx"))
    cli(capsys, "--db", db_file, "ingest", files[0])
    cli(capsys, "--db", db_file, "ingest", files[1])
    code, out, _ = cli(capsys, "--db", db_file, "rollback", 1, "--user", "admin")
    assert code == 0 and "3" in out and latest(db_file) == 3
    code, _, err = cli(capsys, "--db", db_file, "rollback", 7)
    assert code == 1 and "7" in err and latest(db_file) == 3


def test_template_command_writes_the_four_sheets(capsys, tmp_path):
    out_file = tmp_path / "t.xlsx"
    code, out, _ = cli(capsys, "template", out_file)
    assert code == 0 and str(out_file) in out
    assert openpyxl.load_workbook(out_file).sheetnames == ["党建考核", "业务考核", "指标说明", "填表说明"]


def test_missing_file_is_a_located_problem(capsys, tmp_path):
    code, _, err = cli(capsys, "--db", tmp_path / "e.duckdb", "ingest", tmp_path / "nope.xlsx")
    assert code == 1 and "nope.xlsx" in err and "找不到" in err


def test_ingest_warns_of_a_new_branch_written_like_a_stored_one(capsys, tmp_path):
    from tests.builders import Row, SheetSpec, build_workbook

    db_file = tmp_path / "w.duckdb"
    first, second = tmp_path / "2025Q3.xlsx", tmp_path / "2025Q4.xlsx"
    first.write_bytes(build_workbook([SheetSpec(quarter="2025Q3", rows=[Row("第一党委", "第1党支部")])]))
    second.write_bytes(build_workbook([SheetSpec(quarter="2025Q4", rows=[Row("第一党委", "第１党支部")])]))
    assert cli(capsys, "--db", db_file, "ingest", first)[0] == 0
    code, _, err = cli(capsys, "--db", db_file, "--lang", "en", "ingest", second, "--dry-run")
    assert code == 0
    assert "2025Q4.xlsx › 党建考核!C" in err and "differs from the stored “第1党支部”" in err


def test_a_broken_configuration_is_reported_located_and_nothing_is_stored(capsys, tmp_path, sample_dir,
                                                                            monkeypatch):
    config = tmp_path / "assess.toml"
    config.write_text('[limits]\nmax_rows = "many"\n[scorng]\nx = 1\n', encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))  # what --config sets, removed afterwards
    db_file = tmp_path / "a.duckdb"
    files = sorted(sample_dir.glob("*.xlsx"))[:1]
    code, out, err = cli(capsys, "--db", db_file, "--config", config, "--lang", "en", "ingest", *files)
    assert code == 1 and "Traceback" not in err
    assert f"{config} › limits.max_rows: “max_rows” has the wrong kind of value" in err, err
    assert f"{config} › scorng: unknown table [scorng]" in err, err
    assert not db_file.exists() or latest(db_file) == 0


def test_a_file_that_is_not_a_database_is_reported(capsys, tmp_path):
    path = tmp_path / "a.duckdb"
    path.write_text("not a database\n", encoding="utf-8")
    for command in (["versions"], ["scores", "--quarter", "2025Q4"], ["rollback", "1"]):
        code, out, err = cli(capsys, "--db", path, "--lang", "en", *command)
        assert code == 1 and "Traceback" not in err, (command, err)
        assert err.startswith(f"the database file {path} cannot be read"), (command, err)
    assert path.read_text(encoding="utf-8") == "not a database\n", "left as it was"


def test_writing_where_nothing_can_be_written_is_a_located_problem(capsys, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    for command in (["template", tmp_path / "missing" / "t.xlsx"], ["sample", blocker / "sub"]):
        code, out, err = cli(capsys, "--lang", "en", *command)
        assert code == 1 and "Traceback" not in err, err
        assert err.startswith(f"{command[1]}: cannot be written ("), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"], "nothing written"


def test_rollback_of_an_empty_store_says_there_is_nothing_yet(capsys, tmp_path):
    code, out, err = cli(capsys, "--db", tmp_path / "a.duckdb", "rollback", "1")
    assert code == 1
    assert err.strip() == t("problem.no_versions", "zh")


def test_a_damaged_block_met_by_a_command_is_reported(capsys, tmp_path, sample_db):
    path = damaged_store(sample_db, tmp_path)
    failed = []
    for quarter in ("2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"):
        code, out, err = cli(capsys, "--db", path, "--lang", "en", "scores", "--quarter", quarter)
        assert "Traceback" not in err
        if code:
            failed.append(quarter)
            assert err.startswith(f"the database file {path} cannot be read") and "Corrupt database file" in err, err
    assert failed, "the damaged block is read by some quarter's scores"
