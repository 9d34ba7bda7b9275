"""SPEC §3.16 through the command line on the bundled sample: an organisation's scheme written
into the configuration (2025 by tiered bands with star quotas, the year-end evaluation at 30 %),
an evaluation workbook made from `template --evaluation`, ingested, listed by `versions`, and
`scores` giving the official results — and a what-if with `--method`."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import openpyxl
import pytest

from assess.cli import main
from assess.i18n import t

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted((ROOT / "data" / "sample").glob("*.xlsx"))

SCHEME = """
[rules.2025.method]
name = "tiered"

[rules.2025.scoring]
star_quota = [[5, 0.1], [4, 0.4]]
evaluation_weight = 0.3
"""


def cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The bundled sample stored (version 1), the scheme's configuration, and an empty one."""
    tmp = tmp_path_factory.mktemp("rules")
    db = tmp / "s.duckdb"
    assert main(["--db", str(db), "ingest", *map(str, SAMPLE), "--user", "t"]) == 0
    scheme = tmp / "scheme.toml"
    scheme.write_text(SCHEME, encoding="utf-8")
    plain = tmp / "plain.toml"
    plain.write_text("", encoding="utf-8")
    return tmp, db, scheme, plain


def scores(capsys, db, config, *args) -> dict[tuple[str, str], dict]:
    code, out, _ = cli(capsys, "--db", db, "--config", config, "scores", *args, "--format", "json")
    assert code == 0
    return {(row["committee"], row["branch"]): row for row in json.loads(out)}


def test_an_organisations_scheme_end_to_end(capsys, demo, monkeypatch):
    tmp, db, scheme, plain = demo
    monkeypatch.delenv("ASSESS_CONFIG", raising=False)
    before_2024 = scores(capsys, db, plain, "--year", "2024")
    means = scores(capsys, db, plain, "--year", "2025")  # no E stored yet: the quarterly means

    # the evaluation template, filled in for every branch of 2025 but the last
    out = tmp / "eval.xlsx"
    code, text, _ = cli(capsys, "template", "--evaluation", "--year", "2025", out)
    assert code == 0 and text.strip() == t("cli.template.evaluation_done", "zh", path=str(out))
    wb = openpyxl.load_workbook(out)
    ws = wb["群众评价"]
    assert [c.value for c in ws[2]] == ["党委", "总支", "支部", "年度", "测评得分", "备注"]
    branches = sorted(means.values(), key=lambda r: (r["committee"], r["branch"]))
    evaluated = branches[:-1]
    for i, row in enumerate(evaluated, start=3):  # a branch not evaluated has no row
        ws.cell(i, 1, row["committee"])
        ws.cell(i, 3, row["branch"])
        ws.cell(i, 4, 2025)
        ws.cell(i, 5, 80 + i % 20)
    filled = tmp / "2025年度群众评价.xlsx"
    wb.save(filled)
    code, text, err = cli(capsys, "--db", db, "ingest", filled, "--user", "组织部")
    assert code == 0, err
    code, text, _ = cli(capsys, "--db", db, "versions")
    newest = text.splitlines()[0].split("\t")
    assert newest[0] == "2" and newest[4] == "2025" and newest[-1] == filled.name

    official = scores(capsys, db, scheme, "--year", "2025")
    e = {(row["committee"], row["branch"]): 80 + i % 20 for i, row in enumerate(evaluated, start=3)}
    for name, row in official.items():
        mean = means[name]["party_score"]
        expected = mean if name not in e or mean is None else 0.7 * mean + 0.3 * e[name]
        assert row["party_score"] == pytest.approx(expected, abs=1e-9), name
    # tiered K for 2025; at most floor(0.1 n) keep 5★ and floor(0.4 n) keep ≥4★
    n = sum(1 for r in official.values() if r["party_score"] is not None)
    assert sum(1 for r in official.values() if (r["stars"] or 0) >= 5) <= math.floor(0.1 * n)
    assert sum(1 for r in official.values() if r["solid"]) <= math.floor(0.4 * n)
    assert {r["coefficient"] for r in official.values() if r["coefficient"] is not None} <= \
        {1.05, 1.0, 0.95, 0.9, 0.8}
    # the published 2024 is the same with and without the 2025 scheme
    assert scores(capsys, db, scheme, "--year", "2024") == before_2024

    # a what-if: --method linear says so on stderr and changes K; the official rules are named too
    code, _, err = cli(capsys, "--db", db, "--config", scheme, "--lang", "en", "scores",
                       "--quarter", "2025Q1", "--method", "linear")
    assert code == 0 and err.startswith("rules: what-if: Linear coefficient")
    code, _, err = cli(capsys, "--db", db, "--config", scheme, "--lang", "en", "scores",
                       "--quarter", "2025Q1")
    assert err.strip() == "rules: official rules of 2025 (the year's own rules, Tiered coefficient)"


def test_template_evaluation_rejects_a_bad_year(capsys, tmp_path):
    code, _, err = cli(capsys, "--lang", "en", "template", "--evaluation", "--year", "25",
                       tmp_path / "x.xlsx")
    assert code == 2 and "the year “25” is not recognised" in err
    assert not (tmp_path / "x.xlsx").exists()
