"""SPEC §3.13 as a property: for random stores, quarters and years, and every method, the parts
of a change add up to it — ΔC = business part + party part, ΔP = Σ parts, ΔB = Σ parts, and the
``explain`` command's part columns to its ``delta_party`` — within 1e-9."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.config import METHODS, Config, Method
from assess.scoring import explain
from assess.scoring.explain_cli import TERM_COLUMNS, explain_table
from scoring_fixtures import DIMENSIONS, entry, make_db

PARTY = [name for (category, name) in DIMENSIONS if category == "party"]
BUSINESS = [name for (category, name) in DIMENSIONS if category == "business"]
MARKS = {name: mark for (_, name), (_, mark) in DIMENSIONS.items()}
TOLERANCE = 1e-9


def scores(names):
    """The first indicator always applies (so the cell has a score); the others may be 不适用."""
    first, *rest = names
    return st.fixed_dictionaries({
        first: st.floats(0, MARKS[first]),
        **{n: st.one_of(st.none(), st.floats(0, MARKS[n])) for n in rest},
    })


cell = st.fixed_dictionaries({
    "present": st.booleans(),
    "party": scores(PARTY),
    "business": scores(BUSINESS),
    "bonus": st.floats(0, 12),
    "deduction": st.one_of(st.just(0.0), st.floats(0, 120)),  # large ones hit the floor at 0
    "mark": st.sampled_from([50.0, 40.0, 25.0]),  # 制度执行's full mark this quarter
    "veto": st.one_of(st.none(), st.just("事故")),
})

stores = st.tuples(
    st.sampled_from(["quarters", "years"]),
    st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=4),  # branches × quarters
)


def write(kind, branches):
    quarters = (["2025Q1", "2025Q2", "2025Q2", "2025Q2"] if kind == "quarters"
                else ["2024Q1", "2024Q3", "2025Q2", "2025Q4"])
    cells = []
    for b, row in enumerate(branches):
        seen = set()
        for q, c in zip(quarters, row):
            if q in seen or not (c["present"] or b == 0):
                continue
            seen.add(q)
            marks = {"制度执行": c["mark"]}
            party = {k: (None if v is None else min(v, marks.get(k, MARKS[k]))) for k, v in c["party"].items()}
            cells.append(entry(q, "党委", f"支部{b}", "party", party, bonus=c["bonus"],
                               deduction=c["deduction"], veto=c["veto"], marks=marks))
            cells.append(entry(q, "党委", f"支部{b}", "business", c["business"], bonus=c["bonus"] / 2,
                               deduction=c["deduction"] / 3))
    return cells, ("2025Q2" if kind == "quarters" else "2025")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores)
def test_the_parts_add_up_for_every_method(store):
    cells, period = write(*store)
    with tempfile.TemporaryDirectory() as tmp:
        db = make_db(Path(tmp), cells, DIMENSIONS)
        try:
            for name in METHODS:
                config = Config(method=Method(name=name))
                frame = explain.changes(db, period, config)
                for category, delta in (("party", "delta_party"), ("business", "delta_business")):
                    split = explain.parts(db, period, category, config)
                    sums = split.groupby("branch_id")["part"].sum()
                    both = frame[frame[delta].notna()]
                    assert set(sums.index) == set(both["branch_id"])
                    for bid, d in zip(both["branch_id"], both[delta]):
                        assert abs(sums[bid] - d) <= TOLERANCE, (name, category, sums[bid], d)
                c = frame[frame["delta_composite"].notna()]
                gap = (c["business_part"] + c["party_part"] - c["delta_composite"]).abs()
                assert (gap <= TOLERANCE).all(), (name, gap.max())
                table = explain_table(db, period, config)
                part_columns = [col for col in table.columns if col.startswith("part_")]
                assert part_columns[-3:] == TERM_COLUMNS
                row_sums = table[part_columns].sum(axis=1)
                assert ((row_sums - table["delta_party"]).abs() <= TOLERANCE).all(), name
                assert len(table) == len(c)
        finally:
            db.close()
