"""Property: the same data written in any tolerated layout reads to the same entries and scores
(and to the data that was written)."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.workbook import read_workbook
from tests.builders import (
    BUSINESS_INDICATORS, PARTY_INDICATORS, Row, SheetSpec, build_workbook,
)

INDICATORS = {"party": PARTY_INDICATORS, "business": BUSINESS_INDICATORS}
SHEET_NAMES = {"party": "党建考核", "business": "业务考核"}
QUARTER = "2024Q2"
NA_TOKENS = ["不适用", "/", "—", "N/A", "无此项"]


@st.composite
def score_value(draw, mark: float):
    kind = draw(st.sampled_from(["number", "number", "number", "text", "na"]))
    value = draw(st.integers(0, int(mark * 2))) / 2  # halves from 0 to the full mark
    if kind == "na":
        return draw(st.sampled_from(NA_TOKENS))
    if kind == "text":
        text = f"{value:g}"
        return draw(st.sampled_from([text, f"{text}分", f" {text} ",
                                     text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))]))
    return value


@st.composite
def datasets(draw) -> list[Row]:
    """Rows sorted by committee (so merges and fill-down cover runs), unique branch names."""
    n = draw(st.integers(1, 6))
    committees = sorted(draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    rows = []
    for i, c in enumerate(committees):
        scores = {ind.name: draw(score_value(ind.full_mark))
                  for inds in INDICATORS.values() for ind in inds}
        rows.append(Row(
            committee=f"第{c}党委", branch=f"第{i + 1}支部",
            # runs of the same general branch within a committee (merged or repeated)
            general_branch=draw(st.sampled_from([None, f"第{c}党委机关总支"])),
            scores=scores,
            bonus={cat: draw(st.sampled_from([None, 0, 1, 2.5])) for cat in INDICATORS},
            deduction={cat: draw(st.sampled_from([None, 0, 1])) for cat in INDICATORS},
            veto=draw(st.sampled_from([None, "无", "发生安全事故"])),
        ))
    return rows


LAYOUT = st.fixed_dictionaries({
    "combined": st.booleans(),
    "marks": st.sampled_from(["header", "header_fullwidth", "row", "catalog"]),
    "committee_fill": st.sampled_from(["merge", "blank", "repeat"]),
    "general_fill": st.sampled_from(["merge", "repeat"]),
    "quarter_in": st.sampled_from(["column", "title", "file"]),
    "group_rows": st.sampled_from([(), ("dimension",), ("category", "dimension")]),
})


def build(rows: list[Row], layout: dict) -> tuple[bytes, str]:
    quarter_in = None if layout["quarter_in"] == "file" else layout["quarter_in"]
    common = dict(rows=rows, quarter=QUARTER, quarter_in=quarter_in,
                  full_marks_in=layout["marks"], committee_fill=layout["committee_fill"],
                  general_fill=layout["general_fill"],
                  group_rows=layout["group_rows"],
                  title="考核表{year}年第{cn}季度" if quarter_in == "title" else "党支部考核表")
    if layout["combined"]:
        group_rows = tuple(dict.fromkeys(("category",) + layout["group_rows"]))
        specs = [SheetSpec(name="考核", indicators=PARTY_INDICATORS + BUSINESS_INDICATORS,
                           **(common | {"group_rows": group_rows}))]
    else:
        specs = [SheetSpec(name=SHEET_NAMES[cat], indicators=list(inds), **common)
                 for cat, inds in INDICATORS.items()]
    file_name = f"{QUARTER}.xlsx" if layout["quarter_in"] == "file" else "upload.xlsx"
    return build_workbook(specs, catalog=layout["marks"] == "catalog"), file_name


def canonical(result) -> tuple[pd.DataFrame, pd.DataFrame]:
    entries = result.entries.drop(columns=["sheet", "row"]) \
        .sort_values(["category", "branch"]).reset_index(drop=True)
    scores = result.scores.sort_values(["category", "branch", "position"]).reset_index(drop=True)
    return entries, scores


def expected_score(raw) -> float:
    if isinstance(raw, str):
        text = raw.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")).strip().rstrip("分")
        return math.nan if raw in NA_TOKENS else float(text)
    return float(raw)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=datasets(), layout=LAYOUT)
def test_any_layout_reads_to_the_same_data(rows, layout):
    reference = {"combined": False, "marks": "header", "committee_fill": "repeat",
                 "general_fill": "repeat", "quarter_in": "title", "group_rows": ("dimension",)}
    results = []
    for chosen in (reference, layout):
        content, file_name = build(rows, chosen)
        result = read_workbook(content, file_name)
        assert result.ok, [p.render("en") for p in result.problems]
        results.append(canonical(result))
    (ref_entries, ref_scores), (entries, scores) = results
    pd.testing.assert_frame_equal(entries, ref_entries)
    compare = ["quarter", "committee", "branch", "category", "indicator", "full_mark", "score",
               "position"]
    pd.testing.assert_frame_equal(scores[compare], ref_scores[compare])
    if layout["group_rows"] or layout["marks"] == "catalog":
        assert scores.dimension.tolist() == ref_scores.dimension.tolist()

    # … and it is the data that was written
    assert set(scores.quarter) == {QUARTER}
    by_key = {(r.branch, i): s for r in rows for i, s in r.scores.items()}
    for rec in scores.itertuples():
        want = expected_score(by_key[(rec.branch, rec.indicator)])
        assert (math.isnan(rec.score) and math.isnan(want)) or rec.score == want
    assert dict(zip(entries.branch, entries.general_branch)) == \
        {r.branch: r.general_branch for r in rows}
    vetoed = {r.branch for r in rows if r.veto == "发生安全事故"}
    assert set(entries[entries.veto_reason.notna()].branch) == vetoed
    bonus = {(r.branch, cat): float(v or 0) for r in rows for cat, v in r.bonus.items()}
    assert {(e.branch, e.category): e.bonus for e in entries.itertuples()} == bonus
