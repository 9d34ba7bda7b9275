"""Every command of the command line on a store that holds rollbacks (issue 14: `versions`
crashed with ``TypeError … NAType`` once a rollback existed: a rollback has no files)."""

from __future__ import annotations

import argparse
import csv
import io
import shutil

import pytest

from assess.cli import _parser, main


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def rolled_back(tmp_path_factory, sample_files):
    """Versions 1 (first file), 2 (second file), 3 = rollback to 1, 4 = rollback to 2."""
    path = tmp_path_factory.mktemp("rolled") / "r.duckdb"
    files = sorted(sample_files)
    for f in files[:2]:
        assert main(["--db", str(path), "ingest", str(f), "--user", "组织部"]) == 0
    assert main(["--db", str(path), "rollback", "1", "--user", "组织部"]) == 0
    assert main(["--db", str(path), "rollback", "2", "--user", "组织部"]) == 0
    return path


def _commands() -> set[str]:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_versions_lists_rollbacks_without_files(capsys, rolled_back):
    code, out, err = cli(capsys, "--db", rolled_back, "versions")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["4", "3", "2", "1"]
    assert "rollback ← 2" in lines[0] and "rollback ← 1" in lines[1]
    assert lines[0].endswith("\t")  # no files for a rollback: an empty column, not a crash
    assert lines[3].split("\t")[-1].endswith(".xlsx")


def test_every_command_runs_on_a_store_with_rollbacks(capsys, tmp_path, rolled_back, sample_files):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(rolled_back, db)
    files = sorted(sample_files)
    runs = {
        "versions": ["versions"],
        "scores": ["scores", "--quarter", "2024Q2", "--format", "csv"],
        "explain": ["explain", "--quarter", "2024Q2", "--format", "csv"],
        "report": ["report", "--quarter", "2024Q2", "--format", "xlsx", "--out", tmp_path / "r.xlsx"],
        "ingest": ["ingest", files[2], "--user", "组织部"],
        "rollback": ["rollback", "3", "--user", "组织部"],
        "template": ["template", tmp_path / "t.xlsx"],
        "sample": ["sample", tmp_path / "sample"],
    }
    assert _commands() == set(runs), "a new command: add it to this test"
    for name, args in runs.items():
        code, out, err = cli(capsys, "--db", db, *args)
        assert code == 0, (name, err)
        assert "Traceback" not in err and out, name
    code, out, err = cli(capsys, "--db", db, "versions")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["6", "5", "4", "3", "2", "1"]
    assert "rollback ← 3" in out.splitlines()[0]
    code, out, err = cli(capsys, "--db", db, "scores", "--quarter", "2024Q2", "--as-of", "3")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and {r["period"] for r in rows} == {"2024Q2"}
