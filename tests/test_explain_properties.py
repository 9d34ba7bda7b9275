"""SPEC §3.13 as a property: for random stores, quarters and years, and every method, the parts
of a change add up to it — ΔC = business part + party part, ΔP = Σ parts, ΔB = Σ parts, and the
``explain`` command's part columns to its ``delta_party`` — within 1e-9. Also with the rules of
SPEC §3.16: year-end evaluations (in one year, both or neither, weights 0…1) and star quotas."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pandas as pd

from assess.config import METHODS, Config, Method, Scoring
from assess.scoring import explain
from assess.scoring.distance import crossings
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

# per branch: its E of 2024 and of 2025 (None: no evaluation that year)
evaluations = st.lists(st.tuples(*[st.one_of(st.none(), st.floats(0, 100))] * 2), min_size=4, max_size=4)
rules = st.fixed_dictionaries({
    "weight": st.sampled_from([0.0, 0.3, 1.0]),
    "quota": st.sampled_from([(), ((5, 0.3), (4, 0.5)), ((4, 0.0),), ((3, 0.34),)]),
})


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


def add_evaluations(db, branch_count, scores):
    """Store E per branch and year (the ones not None), as an evaluation upload would."""
    rows = []
    names = {f"支部{b}": b for b in range(branch_count)}
    with db.transaction() as cur:
        catalog = cur.execute("SELECT branch_id, branch FROM branches").fetchall()
    for branch_id, branch in catalog:
        e24, e25 = scores[names[branch]]
        for year, e in (("2024", e24), ("2025", e25)):
            if e is not None:
                rows.append({"evaluation_id": len(rows) + 1, "branch_id": branch_id, "year": year,
                             "general_branch": None, "score": e, "valid_from": 1, "valid_to": None})
    if rows:
        with db.transaction() as cur:
            cur.register("frame", pd.DataFrame(rows))
            cur.execute("INSERT INTO evaluations BY NAME SELECT * FROM frame")
            cur.unregister("frame")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores)
def test_the_parts_add_up_for_every_method(store):
    check(store, None, None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, evaluations, rules)
def test_the_parts_add_up_with_evaluations_and_quotas(store, scores, rule):
    check(store, scores, rule)


def check(store, scores, rule):
    cells, period = write(*store)
    with tempfile.TemporaryDirectory() as tmp:
        db = make_db(Path(tmp), cells, DIMENSIONS)
        try:
            scoring = Scoring()
            if scores is not None:
                add_evaluations(db, len(store[1]), scores)
                scoring = Scoring(evaluation_weight=rule["weight"], star_quota=rule["quota"])
            for name in METHODS:
                config = Config(method=Method(name=name), scoring=scoring)
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
                # a row whose P takes an evaluation in either year has empty parts (the
                # evaluation part is no §7 column); every other row sums exactly
                took = (frame["evaluation"].notna() | frame["previous_evaluation"].notna()) \
                    & (scoring.evaluation_weight > 0)
                empty_rows = set(frame.loc[took & frame["delta_composite"].notna(), "branch"])
                blank = table[part_columns].isna().all(axis=1)
                assert set(table.loc[blank, "branch"]) == empty_rows, name
                assert table.attrs["evaluation_rows"] >= len(empty_rows)
                exact = table[~blank]
                row_sums = exact[part_columns].sum(axis=1)
                assert ((row_sums - exact["delta_party"]).abs() <= TOLERANCE).all(), name
                assert len(table) == len(c)
                # a star change where the quota moved the branch (now or before) names the quota
                for row in frame.to_dict("records"):
                    moved = any(pd.notna(row[f"{w}stars_before_quota"]) and pd.notna(row[f"{w}stars"])
                                and int(row[f"{w}stars_before_quota"]) != int(row[f"{w}stars"])
                                for w in ("", "previous_"))
                    star = [x for x in crossings(row, pd.DataFrame(columns=["dimension", "rate", "position"]),
                                                 pd.DataFrame(columns=["dimension", "rate", "position"]), config)
                            if x.what == "stars"]
                    if star:
                        assert (star[0].cause == "quota") == moved, (row, star)
        finally:
            db.close()
