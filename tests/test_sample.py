"""The sample (SPEC §7 ``sample``): deterministic, realistic, and written in many real layouts."""

from __future__ import annotations

import io
import os
import re
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from assess.indicators import BUSINESS, DEFAULT_INDICATORS, PARTY, of_category
from assess.sample import (
    BRANCHES, COMMITTEES, FILE_PLAN, NOT_APPLICABLE_FOR_OFFICE, OFFICE, QUARTERS, sample_frames,
    write_sample,
)

ROOT = Path(__file__).resolve().parent.parent
MARKS = {(i.category, i.name): i.full_mark for i in DEFAULT_INDICATORS}


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    write_sample(out)
    return out


@pytest.fixture(scope="module")
def frames():
    return sample_frames()


def _open(sample_dir, name, **kw):
    return load_workbook(sample_dir / name, **kw)


# --- determinism -------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(sample_dir, tmp_path):
    paths = write_sample(tmp_path / "again")
    assert [p.name for p in paths] == [name for name, _, _ in FILE_PLAN]
    for p in paths:
        assert p.read_bytes() == (sample_dir / p.name).read_bytes(), p.name


def test_same_seed_in_another_process_gives_the_same_bytes(sample_dir, tmp_path):
    # string hashing differs between processes; nothing in the output may depend on it
    out = tmp_path / "process"
    code = f"from assess.sample import write_sample; write_sample({str(out)!r})"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
    for name, _, _ in FILE_PLAN:
        assert (out / name).read_bytes() == (sample_dir / name).read_bytes(), name


def test_another_seed_gives_other_values(sample_dir, tmp_path):
    paths = write_sample(tmp_path / "other", seed=7)
    assert all(p.read_bytes() != (sample_dir / p.name).read_bytes() for p in paths)
    entries, scores = sample_frames(7)
    assert not scores["score"].equals(sample_frames()[1]["score"])


# --- realism -----------------------------------------------------------------------------------


def _scores_by_entry(frames):
    """{(quarter, committee, branch, category): (P or B, {dimension: rate})}, SPEC §3.1–3.2."""
    entries, scores = frames
    out = {}
    adj = {tuple(r[k] for k in ("quarter", "committee", "branch", "category")): r
           for r in entries.to_dict("records")}
    for key, grp in scores.groupby(["quarter", "committee", "branch", "category"]):
        ok = grp.dropna(subset=["score"])
        e = adj[key]
        s = max(0.0, 100 * ok["score"].sum() / ok["full_mark"].sum() + min(e["bonus"], 5)
                - e["deduction"])
        dims = {d: g["score"].sum() / g["full_mark"].sum() for d, g in ok.groupby("dimension")}
        out[key] = (s, dims)
    return out


def _p_and_b(frames):
    """DataFrame quarter, committee, branch, P, B, veto, solid."""
    entries, _ = frames
    by = _scores_by_entry(frames)
    vetoed = set(map(tuple, entries.dropna(subset=["veto_reason"])[
        ["quarter", "committee", "branch"]].values))
    rows = []
    for (q, c, b, cat), (s, dims) in by.items():
        if cat != PARTY:
            continue
        veto = (q, c, b) in vetoed
        met = s >= 60 and all(r >= 0.6 for r in dims.values()) and not veto
        rows.append({"quarter": q, "committee": c, "branch": b, "P": s,
                     "B": by[(q, c, b, BUSINESS)][0], "veto": veto, "solid": met and s >= 90})
    return pd.DataFrame(rows)


def test_frames_have_the_reader_columns(frames):
    from assess.workbook.result import ENTRY_COLUMNS, SCORE_COLUMNS

    entries, scores = frames
    assert list(entries.columns) == [c for c in ENTRY_COLUMNS if c not in ("sheet", "row")]
    assert list(scores.columns) == [c for c in SCORE_COLUMNS if c not in ("sheet", "row")]
    assert not entries.duplicated(["quarter", "committee", "branch", "category"]).any()
    assert not scores.duplicated(["quarter", "committee", "branch", "category", "indicator"]).any()


def test_about_thirty_branches_under_four_committees_over_eight_quarters(frames):
    entries, _ = frames
    assert sorted(entries["quarter"].unique()) == list(QUARTERS) and len(QUARTERS) == 8
    assert list(QUARTERS) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4",
                              "2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert entries["committee"].nunique() == len(COMMITTEES) == 4
    per_quarter = entries[entries["category"] == PARTY].groupby("quarter").size()
    assert per_quarter.between(28, 32).all()
    assert entries["general_branch"].notna().any() and entries["general_branch"].isna().any()
    # every branch has both categories in every quarter it is assessed
    assert (entries.groupby(["quarter", "committee", "branch"]).size() == 2).all()
    # one branch name under two committees: identity is (committee, branch)
    assert entries.groupby("branch")["committee"].nunique().max() == 2


def test_scores_are_plausible(frames):
    _, scores = frames
    ok = scores.dropna(subset=["score"])
    assert ((ok["score"] >= 0) & (ok["score"] <= ok["full_mark"])).all()
    assert (ok["score"] * 10 - (ok["score"] * 10).round()).abs().max() < 1e-9  # one decimal
    assert 0 < (ok["score"] == ok["full_mark"]).mean() < 0.05  # full marks are rare
    assert list(scores["full_mark"]) == [MARKS[(c, i)] for c, i in
                                         zip(scores["category"], scores["indicator"])]


def test_not_applicable_only_for_office_business_indicators(frames):
    _, scores = frames
    kinds = {(b.committee, b.name): b.kind for b in BRANCHES}
    na = scores[scores["score"].isna()]
    assert len(na) > 0
    assert set(na["category"]) == {BUSINESS}
    assert set(na["indicator"]) == set(NOT_APPLICABLE_FOR_OFFICE)
    assert {kinds[k] for k in zip(na["committee"], na["branch"])} == {OFFICE}
    office = scores[[kinds[k] == OFFICE for k in zip(scores["committee"], scores["branch"])]]
    assert office[office["indicator"].isin(NOT_APPLICABLE_FOR_OFFICE)]["score"].isna().all()


def test_a_few_vetoes_bonuses_deductions_and_notes(frames):
    entries, _ = frames
    vetoes = entries.dropna(subset=["veto_reason"])
    assert 3 <= len(vetoes) <= 8
    assert set(vetoes["category"]) == {PARTY, BUSINESS}
    assert any("安全生产" in v for v in vetoes["veto_reason"])
    assert any("八项规定" in v for v in vetoes["veto_reason"])
    assert 0.05 < (entries["bonus"] > 0).mean() < 0.3
    assert (entries["bonus"] > 5).any()  # the bonus cap matters somewhere
    assert 0.05 < (entries["deduction"] > 0).mean() < 0.3
    assert entries["note"].notna().any()


def test_improving_and_declining_branches_exist(frames):
    pb = _p_and_b(frames)
    pb["t"] = pb["quarter"].map({q: i for i, q in enumerate(QUARTERS)})
    slopes = {}
    for key, g in pb.groupby(["committee", "branch"]):
        if len(g) >= 6:
            slopes[key] = statistics.linear_regression(g["t"], g["P"]).slope
    assert sum(s > 0.5 for s in slopes.values()) >= 2
    assert sum(s < -0.5 for s in slopes.values()) >= 2


def test_two_skins_exist_and_integration_dominates(frames):
    pb = _p_and_b(frames)
    mean = pb.groupby(["committee", "branch"])[["P", "B"]].mean()
    p_hi, b_hi = mean["P"] >= mean["P"].quantile(0.6), mean["B"] >= mean["B"].quantile(0.6)
    p_lo, b_lo = mean["P"] <= mean["P"].quantile(0.3), mean["B"] <= mean["B"].quantile(0.3)
    assert (p_hi & b_lo).sum() >= 1 and (p_lo & b_hi).sum() >= 1  # 两张皮 both ways
    assert statistics.correlation(mean["P"], mean["B"]) > 0  # mostly 相融互促


def test_solid_rate_is_near_but_mostly_below_the_target(frames):
    rates = _p_and_b(frames).groupby("quarter")["solid"].mean()
    assert rates.between(0.5, 0.9).all()
    assert rates.mean() < 0.8
    assert (rates < 0.8).sum() >= 6


# --- layouts: each real-world quirk of SPEC §4 is present -----------------------------------------


def _files_of(quarter):
    return [name for name, q, _ in FILE_PLAN if q == quarter]


def test_every_quarter_has_both_categories_in_its_files(sample_dir):
    for quarter in QUARTERS:
        names = _files_of(quarter)
        assert names
        assert all((sample_dir / n).exists() for n in names)


def test_split_pairs_party_and_business_in_separate_files(sample_dir):
    split = [q for q in QUARTERS if len(_files_of(q)) == 2]
    assert len(split) >= 3
    for quarter in split:
        sheets = [_open(sample_dir, n).sheetnames for n in _files_of(quarter)]
        assert sheets[0][0].startswith("党建")
        assert re.match("业务|经营|业绩", sheets[1][0])


def _merged_in_column(ws, col):
    return [r for r in ws.merged_cells.ranges
            if r.min_col == r.max_col == col and r.size["rows"] > 1]


def test_committee_merged_down(sample_dir):
    ws = _open(sample_dir, "2024年第一季度党支部考核汇总.xlsx")["党建考核"]
    merges = _merged_in_column(ws, 1)
    assert len(merges) == 4
    assert {ws.cell(m.min_row, 1).value for m in merges} == set(COMMITTEES)
    general = _merged_in_column(ws, 2)
    assert {ws.cell(m.min_row, 2).value for m in general} == {"第一分厂党总支", "第二分厂党总支",
                                                              "华东区域党总支"}


def test_committee_written_once_and_left_blank(sample_dir):
    ws = _open(sample_dir, "2024Q2_党建考核.xlsx")["党建考核"]
    assert ws["B4"].value == "所属党委" and ws["B5"].value == "满分"
    column = [ws.cell(r, 2).value for r in range(6, 6 + 29)]
    assert [v for v in column if v] == list(COMMITTEES)
    assert not _merged_in_column(ws, 2)
    assert [ws.cell(r, 3).value for r in range(6, 35)].count("第一分厂党总支") == 3  # repeated


def test_committee_on_every_row_in_the_filled_template(sample_dir):
    ws = _open(sample_dir, "2025年第三季度考核汇总.xlsx")["党建考核"]
    column = [ws.cell(r, 1).value for r in range(4, 34)]
    assert all(column) and column.count("机关党委") == 7
    assert ws.data_validations.dataValidation  # the template's validations are kept


def test_combined_sheet_with_two_group_rows(sample_dir):
    wb = _open(sample_dir, "2024年四季度综合考核.xlsx")
    assert wb.sheetnames == ["考核汇总"]
    ws = wb["考核汇总"]
    merged = {str(r): ws[str(r).split(":")[0]].value
              for r in ws.merged_cells.ranges if r.min_row == 2}
    assert sorted(merged.values()) == ["党建工作(100分)", "经营业绩(100分)"]
    assert ws["D3"].value == "基本组织" and "经营效益" in [c.value for c in ws[3]]
    headers = [c.value for c in ws[4]]
    assert headers.count("加分") == 2 and "党建合计" in headers and "业务合计" in headers


def test_full_marks_in_each_of_the_ways(sample_dir):
    def header(name, sheet, row):
        return [c.value for c in _open(sample_dir, name)[sheet][row]]

    assert "组织设置(8分)" in header("2024年第一季度党支部考核汇总.xlsx", "党建考核", 3)
    assert "组织设置（8分）" in header("组织部-党支部党建考核表.xlsx", "党建考核", 3)
    assert "满分" in header("2025-Q4 业务考核.xlsx", "业绩考核", 4)
    assert "分值" in header("运营部-经营业绩考核表.xlsx", "业务考核", 4)
    for name in ("2024Q2_业务考核.xlsx", "2025Q2_考核汇总.xlsx"):  # only in 指标说明
        wb = _open(sample_dir, name)
        assert "指标说明" in wb.sheetnames
        data_sheets = [s for s in wb.sheetnames if s != "指标说明"]
        for s in data_sheets:
            assert not any("分)" in str(v) or "分）" in str(v) for row in wb[s].iter_rows(
                values_only=True) for v in row if v)


def test_quarter_from_title_column_or_file_name(sample_dir):
    by_name = {n: q for n, q, _ in FILE_PLAN}
    title_only = "组织部-党支部党建考核表.xlsx"
    assert "2025年第1季度" in _open(sample_dir, title_only)["党建考核"]["A1"].value
    assert not re.search(r"20\d\d", title_only)
    column_only = "党支部考核评分表（汇总）.xlsx"
    ws = _open(sample_dir, column_only)["党建考核"]
    assert ws["E3"].value == "考核季度" and ws["E4"].value == by_name[column_only]
    assert not re.search(r"20\d\d", column_only + ws["A1"].value)
    name_only = "2024Q2_党建考核.xlsx"
    ws = _open(sample_dir, name_only)["党建考核"]
    assert not any(re.search(r"20\d\d", str(v)) for row in ws.iter_rows(values_only=True)
                   for v in row if v)


def test_serial_totals_summary_rows_and_footnotes(sample_dir):
    ws = _open(sample_dir, "党支部考核评分表（汇总）.xlsx")["党建考核"]
    headers = [c.value for c in ws[3]]
    assert headers[0] == "序号"
    total = headers.index("合计") + 1
    first = headers.index("组织设置（8分）") + 1
    for r in range(4, 34):
        values = [ws.cell(r, c).value for c in range(first, total)]
        numbers = [float(str(v).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
                         .replace("分", "").strip()) for v in values]
        assert abs(sum(numbers) - ws.cell(r, total).value) <= 0.01
    assert ws["B34"].value == "合计"
    texts = [ws.cell(r, 1).value for r in range(35, ws.max_row + 1)]
    assert any(t and t.startswith("审核人") for t in texts)
    q4 = _open(sample_dir, "2025-Q4 党建考核.xlsx")["党建考核"]
    assert [q4.cell(r, 2).value for r in range(1, q4.max_row + 1)].count("总计") == 1


def test_subtotal_rows_between_committees_and_wrapped_headers(sample_dir):
    ws = _open(sample_dir, "组织部-党支部党建考核表.xlsx")["党建考核"]
    branch_cells = [ws.cell(r, 3).value for r in range(4, ws.max_row + 1)]
    assert branch_cells.count("小计") == len(COMMITTEES)
    assert branch_cells[7] == "小计" and ws.cell(12, 1).value == "生产运营党委"
    header = [c.value for c in _open(sample_dir, "2025-Q4 党建考核.xlsx")["党建考核"][4]]
    assert "组织设置\n(8分)" in header


def test_numbers_as_text_full_width_digits_and_trailing_fen(sample_dir):
    found = defaultdict(int)
    for name in ("党支部考核评分表（汇总）.xlsx", "2025-Q4 党建考核.xlsx", "2025-Q4 业务考核.xlsx"):
        wb = _open(sample_dir, name)
        for ws in wb:
            for row in ws.iter_rows(min_row=4, values_only=True):
                for v in row:
                    if isinstance(v, str):
                        found["fullwidth"] += bool(re.search("[０-９]", v))
                        found["fen"] += bool(re.fullmatch(r"\d+(\.\d)?分", v))
                        found["text"] += bool(re.fullmatch(r"\d+(\.\d)?", v))
                        found["spaces"] += bool(re.fullmatch(r" \d+(\.\d)? ", v))
    assert all(found[k] >= 1 for k in ("fullwidth", "fen", "text", "spaces")), found


def test_formulas_carry_cached_values(sample_dir):
    name = "运营部-经营业绩考核表.xlsx"
    formulas = _open(sample_dir, name)["业务考核"]
    cached = _open(sample_dir, name, data_only=True)["业务考核"]
    total = [c.value for c in formulas[3]].index("总分") + 1
    assert str(formulas.cell(5, total).value).startswith("=SUM(")
    assert isinstance(cached.cell(5, total).value, float)


def test_not_applicable_tokens_vary(sample_dir):
    tokens = set()
    for name, _, _ in FILE_PLAN:
        for ws in _open(sample_dir, name):
            tokens |= {v for row in ws.iter_rows(values_only=True) for v in row
                       if v in ("不适用", "/", "—", "无此项")}
    assert tokens == {"不适用", "/", "—", "无此项"}


def test_every_workbook_is_an_xlsx_with_fixed_properties(sample_dir):
    for name, _, _ in FILE_PLAN:
        data = (sample_dir / name).read_bytes()
        wb = load_workbook(io.BytesIO(data))
        assert wb.properties.created.year == 2025
