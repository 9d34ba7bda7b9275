"""The fast paths of the reader and the store: each must give what the slow, obvious way gives.

- ``claimed_extent`` (one regex pass proving the sheet's <dimension> an upper bound) against the
  exact ``used_extent`` on generated sheet XML, plain and hostile;
- ``ScoreTable`` (the scores as numbers pointing at entries and columns) against the long frame;
- ``gc_paused`` nesting; ``PriorMarks.prefetch``; problems in sheet order although the sheets
  are parsed largest first.
"""

from __future__ import annotations

import gc
import re
import threading

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.config import Limits
from assess.gcpause import gc_paused
from assess.workbook import read_workbook
from assess.workbook.grid import column_letter
from assess.workbook.marks import PriorMarks
from assess.workbook.result import KEY, SCORE_COLUMNS, ScoreTable
from assess.workbook.scan import _at_most, claimed_extent, has_pair, uncached_formulas, used_extent
from tests.builders import BUSINESS_INDICATORS, SheetSpec, build_workbook, default_rows


# ------------------------------------------------------------------ claimed_extent

def test_at_most_matches_exactly_the_numbers_up_to_the_bound():
    for bound in list(range(1, 1100)) + [9999, 10003, 99999, 100000, 1048576]:
        pattern = re.compile(_at_most(str(bound), "0123456789", "1").decode())
        for n in list(range(1, 1200)) + [bound - 1, bound, bound + 1, bound * 10]:
            assert bool(pattern.fullmatch(str(n))) == (0 < n <= bound), (bound, n)
        assert not pattern.fullmatch("0") and not pattern.fullmatch("01")


def test_at_most_matches_exactly_the_columns_up_to_the_bound():
    for bound in list(range(0, 760, 3)) + [701, 702, 16383]:
        letters = column_letter(bound)
        pattern = re.compile(_at_most(letters, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "A").decode())
        for col in list(range(0, 800)) + [bound + 1, 16383]:
            assert bool(pattern.fullmatch(column_letter(col))) == (col <= bound), (letters, col)


def _sheet(cells: list[tuple[int, int]], dimension: str | None, style: str) -> bytes:
    """Sheet XML with a value in each (row, col) (0-based), rows in the order given."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    parts = ['<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main">']
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for r, cols in by_row.items():
        parts.append(f'<row r="{r + 1}">' if style != "row_no_ref" else "<row>")
        for c in cols:
            ref = f"{column_letter(c)}{r + 1}"
            parts.append({
                "plain": f'<c r="{ref}"><v>1</v></c>',
                "row_no_ref": f'<c r="{ref}"><v>1</v></c>',
                "attr_second": f'<c s="1" r="{ref}"><v>1</v></c>',
                "single_quotes": f"<c r='{ref}'><v>1</v></c>",
                "prefixed": f'<x:c r="{ref}"><x:v>1</x:v></x:c>',
                "no_ref": "<c><v>1</v></c>",
            }[style])
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


cells_strategy = st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 800)), min_size=1,
                          max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=cells_strategy, claim=st.one_of(st.none(), st.tuples(st.integers(0, 4000),
                                                                   st.integers(0, 900))),
       style=st.sampled_from(["plain", "row_no_ref", "attr_second", "single_quotes", "prefixed",
                              "no_ref"]))
def test_a_claim_accepted_is_an_upper_bound_of_the_exact_extent(cells, claim, style):
    dimension = None if claim is None else f"A1:{column_letter(claim[1])}{claim[0] + 1}"
    xml = _sheet(cells, dimension, style)
    bound = claimed_extent(xml)
    rows, columns = used_extent(xml)
    if bound is not None:
        assert rows <= bound[0] and columns <= bound[1], (bound, (rows, columns))
        assert style == "plain"  # every other spelling needs the exact count


@settings(max_examples=100, deadline=None)
@given(cells=cells_strategy)
def test_a_true_claim_of_a_plain_sheet_is_accepted(cells):
    rows = max(r for r, _ in cells) + 1
    columns = max(c for _, c in cells) + 1
    xml = _sheet(cells, f"A1:{column_letter(columns - 1)}{rows}", "plain")
    assert claimed_extent(xml) == (rows, columns) == used_extent(xml)


def test_a_cell_beyond_a_small_claim_is_still_refused():
    """The claim says one cell; a value far away makes the sheet 10⁸ cells: the exact count
    decides, and the sheet is refused before calamine allocates it."""
    xml = _sheet([(0, 0), (99998, 999)], "A1:A1", "plain")
    assert claimed_extent(xml) is None
    assert used_extent(xml) == (99999, 1000)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=40), pair=st.sampled_from([b"<f", b"ab", b"\x00\xff", b"<<"]))
def test_has_pair_says_what_in_says(data, pair):
    assert has_pair(data, pair) == (pair in data)


def test_the_formula_check_still_finds_a_formula_without_a_value():
    xml = (b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>'
           b'<c r="B1"><f>A1*2</f></c></row></sheetData></worksheet>')
    assert uncached_formulas(xml) == {(0, 1)}
    assert uncached_formulas(xml.replace(b"<f>A1*2</f>", b"<F>A1*2</F>")) == set()


# ------------------------------------------------------------------ ScoreTable

def test_score_table_round_trip():
    entries = pd.DataFrame({
        "quarter": ["2025Q3"] * 3, "committee": ["甲", "甲", "乙"],
        "branch": ["一支部", "一支部", "二支部"], "category": ["party", "business", "party"]})
    scores = pd.DataFrame({
        "quarter": ["2025Q3"] * 5, "committee": ["乙", "甲", "甲", "甲", "乙"],
        "branch": ["二支部", "一支部", "一支部", "一支部", "二支部"],
        "category": ["party", "party", "business", "party", "party"],
        "indicator": ["x", "x", "利润", "y", "y"], "dimension": [None, None, "经营", "d", "d"],
        "full_mark": [10.0, 10.0, 30.0, 5.0, 5.0], "score": [7.0, 8.0, np.nan, 4.0, 5.0],
        "position": [1, 1, 1, 2, 2]}, columns=SCORE_COLUMNS)
    table = ScoreTable.from_frame(entries, scores)
    assert table.entry.tolist() == [2, 0, 1, 0, 2]
    assert len(table.blocks) == 3  # (party, x), (business, 利润), (party, y)
    back = table.to_frame(entries)
    pd.testing.assert_frame_equal(back.astype(object).where(back.notna(), None),
                                  scores.astype(object).where(scores.notna(), None),
                                  check_dtype=False)


def test_score_without_its_entry_is_an_error():
    entries = pd.DataFrame({"quarter": ["2025Q3"], "committee": ["甲"], "branch": ["一支部"],
                            "category": ["party"]})
    scores = pd.DataFrame([["2025Q3", "甲", "二支部", "party", "x", None, 10.0, 5.0, 1]],
                          columns=SCORE_COLUMNS)
    with pytest.raises(ValueError):
        ScoreTable.from_frame(entries, scores)


def test_reader_scores_point_at_their_own_entries():
    content = build_workbook([SheetSpec(rows=default_rows(6)),
                              SheetSpec(name="业务考核", indicators=list(BUSINESS_INDICATORS),
                                        rows=default_rows(6))])
    result = read_workbook(content, "2025Q3.xlsx")
    assert result.ok, [p.render("en") for p in result.problems]
    by_entry = result.entries[KEY].iloc[result.table.entry].reset_index(drop=True)
    pd.testing.assert_frame_equal(by_entry, result.scores[KEY].reset_index(drop=True),
                                  check_dtype=False)
    assert len(result.scores) == 6 * (len(SheetSpec().indicators) + len(BUSINESS_INDICATORS))


# ------------------------------------------------------------------ gc_paused

def test_gc_paused_nests_and_restores():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_gc_paused_overlapping_threads_enable_once_at_the_end():
    inside, release = threading.Event(), threading.Event()

    def other():
        with gc_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    worker.start()
    inside.wait(5)
    with gc_paused():
        pass
    assert not gc.isenabled()  # the other thread's block is still running
    release.set()
    worker.join()
    assert gc.isenabled()


# ------------------------------------------------------------------ PriorMarks.prefetch

def test_prefetched_quarter_is_looked_up_once_on_another_thread():
    from concurrent.futures import ThreadPoolExecutor
    calls = []

    def lookup(quarter):
        calls.append((quarter, threading.current_thread() is threading.main_thread()))
        return {("party", "x"): 10.0}

    prior = PriorMarks(lookup)
    with ThreadPoolExecutor(max_workers=1) as pool:
        prior.prefetch("2025Q3", pool)
        assert prior.get("2025Q3") == {("party", "x"): 10.0}
        assert prior.get("2025Q3") == {("party", "x"): 10.0}
        assert prior.get("2025Q2") == {("party", "x"): 10.0}
    assert calls == [("2025Q3", False), ("2025Q2", True)]


def test_a_failed_prefetch_raises_only_where_it_is_used():
    from concurrent.futures import ThreadPoolExecutor

    def lookup(quarter):
        raise RuntimeError(f"store closed ({quarter})")

    with ThreadPoolExecutor(max_workers=1) as pool:
        PriorMarks(lookup).prefetch("2025Q3", pool)  # never asked for: nothing raised
        used = PriorMarks(lookup)
        used.prefetch("2025Q3", pool)
        with pytest.raises(RuntimeError):
            used.get("2025Q3")


def test_read_workbook_asks_the_store_once_for_the_file_names_quarter():
    asked = []
    spec = SheetSpec(full_marks_in=None, rows=default_rows(3))
    marks = {("party", i.name): float(i.full_mark) for i in spec.indicators}
    result = read_workbook(build_workbook([spec]), "2025Q3_党建.xlsx",
                           prior_full_marks=lambda q: asked.append(q) or marks)
    assert result.ok, [p.render("en") for p in result.problems]
    assert asked == ["2025Q3"]
    assert set(result.scores["full_mark"]) == {float(i.full_mark) for i in spec.indicators}


# ------------------------------------------------------------------ sheet order

def test_problems_come_in_sheet_order_although_larger_sheets_are_parsed_first():
    small = SheetSpec(rows=default_rows(2))
    large = SheetSpec(name="业务考核", indicators=list(BUSINESS_INDICATORS),
                      rows=default_rows(300))
    for sheets, names in (([small, large], ["党建考核", "业务考核"]),
                          ([large, small], ["业务考核", "党建考核"])):
        result = read_workbook(build_workbook(sheets), "2025Q3.xlsx",
                               limits=Limits(max_columns=5))
        assert [(p.code, p.sheet) for p in result.problems] == [
            ("sheet_too_many_columns", n) for n in names]


# ------------------------------------------------------------------ look-alikes of stored names

def _one_row(committee: str, branch: str) -> bytes:
    from tests.builders import Row
    return build_workbook([SheetSpec(rows=[Row(committee, branch), Row(committee, "第二党支部")])])


def test_a_new_branch_like_a_stored_one_is_warned_of_where_it_is_written():
    asked = []
    stored = {("第一党委", "第1党支部"), ("第一党委", "第二党支部")}
    result = read_workbook(_one_row("第一党委", "第１党支部"), "2025Q3.xlsx",
                           known_branches=lambda: asked.append(1) or stored)
    assert result.ok and asked == [1]
    [warning] = [w for w in result.warnings if w.code == "branch_lookalike_stored"]
    assert warning.sheet == "党建考核" and warning.cell.startswith("C")  # the branch column
    assert "第１党支部" in warning.render("zh") and "第1党支部" in warning.render("en")
    assert warning.cell in warning.render("en")


def test_stored_names_written_alike_give_no_warning_and_other_committees_are_named():
    same = read_workbook(_one_row("第一党委", "第1党支部"), "2025Q3.xlsx",
                         known_branches=lambda: {("第一党委", "第1党支部")})
    assert [w.code for w in same.warnings] == []
    other = read_workbook(_one_row("第1党委", "第1党支部"), "2025Q3.xlsx",
                          known_branches=lambda: {("第１党委", "第1党支部")})
    [warning] = [w for w in other.warnings if w.code == "branch_lookalike_stored"]
    assert "第１党委 · 第1党支部" in warning.render("zh")


# ------------------------------------------------------------------ numbers in text

def test_a_column_of_numbers_tokens_and_texts_parses_cell_by_cell_alike():
    from assess.workbook.values import BLANK_CELL, NOT_NUMBER, OK, parse_column

    values = [8.0, "8.5", "不适用", "", " ７ ", "1e1", "1e400", "八", 3, "不适用", "nan", True]
    numbers, status = parse_column(values)
    assert status.tolist() == [OK, OK, OK, BLANK_CELL, OK, OK, NOT_NUMBER, NOT_NUMBER, OK, OK,
                               NOT_NUMBER, NOT_NUMBER]
    assert numbers[[0, 1, 4, 5, 8]].tolist() == [8.0, 8.5, 7.0, 10.0, 3.0]
    assert np.isnan(numbers[[2, 3, 6, 7, 9, 10, 11]]).all()
    # without the bool the column takes the path for numbers and texts: the same answers
    fast_numbers, fast_status = parse_column(values[:-1])
    assert fast_status.tolist() == status.tolist()[:-1]
    assert np.array_equal(fast_numbers, numbers[:-1], equal_nan=True)
