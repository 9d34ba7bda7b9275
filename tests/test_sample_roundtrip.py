"""The reader against what was written: (a) every sample file reads cleanly and the union of what
is read is exactly the sample's true values; (b) the template, filled in, reads back exactly."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from assess.indicators import BUSINESS, PARTY, of_category
from assess.sample import FILE_PLAN, sample_frames, write_sample
from assess.template import template_bytes, workbook_bytes
from assess.workbook import read_workbook

ENTRY_KEY = ["quarter", "committee", "branch", "category"]
SCORE_KEY = ENTRY_KEY + ["indicator"]
ENTRY_VALUES = ["general_branch", "bonus", "deduction", "veto_reason", "note"]
SCORE_VALUES = ["dimension", "full_mark", "score"]


def _cell(v):
    """One comparable value: NaN and None are both None, numbers are floats."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return v


def _records(df: pd.DataFrame, key: list[str], values: list[str]) -> dict[tuple, tuple]:
    out = {}
    for row in df[key + values].itertuples(index=False):
        out[tuple(row[: len(key)])] = tuple(_cell(v) for v in row[len(key):])
    return out


def _positions_in_order(scores: pd.DataFrame) -> dict[tuple, list[str]]:
    """Indicators of each entry in the order of their ``position``."""
    return {k: list(g.sort_values("position")["indicator"])
            for k, g in scores.groupby(ENTRY_KEY)}


def _diff(read: dict, true: dict, what: str) -> list[str]:
    lines = [f"{what} missing from read: {k}" for k in sorted(set(true) - set(read))]
    lines += [f"{what} read but not in sample: {k}" for k in sorted(set(read) - set(true))]
    lines += [f"{what} {k}: read {read[k]} != true {true[k]}"
              for k in sorted(set(read) & set(true)) if read[k] != true[k]]
    return lines


@pytest.fixture(scope="module", params=[2025, 7])
def read_sample(request, tmp_path_factory):
    """(seed, results of reading every sample file of that seed)."""
    out = tmp_path_factory.mktemp(f"sample_{request.param}")
    return request.param, [read_workbook(p.read_bytes(), p.name)
                           for p in write_sample(out, seed=request.param)]


def test_every_sample_file_reads_without_problems(read_sample):
    _, read_sample = read_sample
    assert [r.file_name for r in read_sample] == [name for name, _, _ in FILE_PLAN]
    problems = [p.render() for r in read_sample for p in r.problems]
    assert problems == []
    for result, (_, quarter, _) in zip(read_sample, FILE_PLAN):
        assert result.quarters == [quarter], result.file_name


def test_reading_the_sample_gives_exactly_its_true_values(read_sample):
    seed, read_sample = read_sample
    entries = pd.concat([r.entries for r in read_sample], ignore_index=True)
    scores = pd.concat([r.scores for r in read_sample], ignore_index=True)
    true_entries, true_scores = sample_frames(seed)
    assert not entries.duplicated(ENTRY_KEY).any()
    assert not scores.duplicated(SCORE_KEY).any()
    lines = _diff(_records(entries, ENTRY_KEY, ENTRY_VALUES),
                  _records(true_entries, ENTRY_KEY, ENTRY_VALUES), "entry")
    lines += _diff(_records(scores, SCORE_KEY, SCORE_VALUES),
                   _records(true_scores, SCORE_KEY, SCORE_VALUES), "score")
    assert _positions_in_order(scores) == _positions_in_order(true_scores)
    assert not lines, "\n".join(lines[:40])


# --- (b) template → filled → read ----------------------------------------------------------------

FILLED = [  # committee, general branch, branch, scores by category, bonus, deduction, veto, note
    ("机关党委", None, "综合办公室党支部",
     {PARTY: [7.5, 6, 9.2, 8.8, 11, 7.6, 10.5, 7.1, 14, 9.3],
      BUSINESS: ["不适用", "不适用", 13.5, 14.2, 8.8, 9.1]}, (1.0, 0.0), None, "书记调整"),
    ("生产运营党委", "第一分厂党总支", "一车间党支部",
     {PARTY: [8, 7, 10, 9.5, 12, 8, 11.5, 8, 14.5, 10],
      BUSINESS: [27.3, 18.6, 13.9, 5.5, 9, 8.7]}, (0.0, 2.0), "发生一般安全生产责任事故", None),
    ("生产运营党委", "第一分厂党总支", "二车间党支部",
     {PARTY: [0, 3.5, 6, 7, 8.5, 5, 7.5, 5, 10, 6],
      BUSINESS: [30, 20, 15, 15, 10, 10]}, (6.0, 0.5), None, None),
    ("市场营销党委", None, "销售一部党支部",
     {PARTY: [6.8, 6.2, 8.1, 8.4, 10.7, 6.9, 10.1, 6.6, 12.9, 8.5],
      BUSINESS: [24.4, 17.7, 12.2, 14.6, 8.4, 8.6]}, (0.0, 0.0), None, None),
]


def _filled_template(merge: bool) -> bytes:
    """The template with FILLED written in; ``merge``: committee and general-branch cells merged
    down over their branches (as 填表说明 allows) instead of written on every row."""
    wb = load_workbook(io.BytesIO(template_bytes(quarter="2025Q3", committees=[
        "机关党委", "生产运营党委", "市场营销党委"])))
    for category, sheet in ((PARTY, "党建考核"), (BUSINESS, "业务考核")):
        ws = wb[sheet]
        for i, (committee, general, branch, scores, (bonus, ded), veto, note) in enumerate(FILLED):
            row = [committee, general, branch, *scores[category], bonus or None, ded or None,
                   veto if category == BUSINESS else None, note if category == PARTY else None]
            for c, v in enumerate(row, start=1):
                ws.cell(4 + i, c, v)
        if merge:  # rows 5–6: 生产运营党委 / 第一分厂党总支
            ws["A6"] = ws["B6"] = None
            ws.merge_cells("A5:A6")
            ws.merge_cells("B5:B6")
    return workbook_bytes(wb)


@pytest.mark.parametrize("merge", [False, True], ids=["written", "merged"])
def test_filled_template_reads_back_exactly(merge):
    result = read_workbook(_filled_template(merge), "党支部考核.xlsx")
    assert [p.render() for p in result.problems] == []
    assert result.quarters == ["2025Q3"]
    true_entries, true_scores = [], []
    for committee, general, branch, scores, (bonus, ded), veto, note in FILLED:
        for category in (PARTY, BUSINESS):
            key = {"quarter": "2025Q3", "committee": committee, "branch": branch,
                   "category": category}
            true_entries.append({**key, "general_branch": general, "bonus": bonus,
                                 "deduction": ded, "veto_reason": veto if category == BUSINESS
                                 else None, "note": note if category == PARTY else None})
            for pos, (ind, v) in enumerate(zip(of_category(category), scores[category])):
                true_scores.append({**key, "indicator": ind.name, "dimension": ind.dimension,
                                    "full_mark": ind.full_mark, "position": pos,
                                    "score": math.nan if v == "不适用" else v})
    true_entries, true_scores = pd.DataFrame(true_entries), pd.DataFrame(true_scores)
    lines = _diff(_records(result.entries, ENTRY_KEY, ENTRY_VALUES),
                  _records(true_entries, ENTRY_KEY, ENTRY_VALUES), "entry")
    lines += _diff(_records(result.scores, SCORE_KEY, SCORE_VALUES),
                   _records(true_scores, SCORE_KEY, SCORE_VALUES), "score")
    assert not lines, "\n".join(lines)
    assert _positions_in_order(result.scores) == _positions_in_order(true_scores)
    assert set(result.catalog["indicator"]) >= {i.name for i in of_category(PARTY)}
