"""Properties over random data: the SQL category score equals SPEC §3.1 computed in Python, and
the ranks and grades of the table agree with the pure rules."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.config import Config
from assess.scoring import branch_scores
from scoring_fixtures import DIMENSIONS, entry, make_db

PARTY = [name for (category, name) in DIMENSIONS if category == "party"]
MARKS = {name: mark for (category, name), (_, mark) in DIMENSIONS.items() if category == "party"}


def party_cell():
    return st.fixed_dictionaries({
        name: st.one_of(st.none(), st.floats(0, MARKS[name], allow_nan=False)) for name in PARTY
    })


branch = st.tuples(
    party_cell(),
    st.floats(0, 20, allow_nan=False),  # bonus
    st.floats(0, 20, allow_nan=False),  # deduction
    st.floats(0, 100, allow_nan=False),  # business rate in %, written as 利润完成 (of 60)
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(branch, min_size=1, max_size=6))
def test_party_score_matches_the_formula(branches):
    cells, expected = [], {}
    for i, (scores, bonus, deduction, b) in enumerate(branches):
        name = f"支部{i}"
        cells.append(entry("2025Q1", "党委", name, "party", scores, bonus=bonus,
                           deduction=deduction))
        cells.append(entry("2025Q1", "党委", name, "business", {"利润完成": b * 0.6}))
        applicable = [(s, MARKS[k]) for k, s in scores.items() if s is not None]
        if applicable:
            total = sum(s for s, _ in applicable)
            marks = sum(m for _, m in applicable)
            expected[name] = max(0.0, 100.0 * total / marks + min(bonus, 5.0) - deduction)
    with tempfile.TemporaryDirectory() as tmp:
        db = make_db(Path(tmp), cells, DIMENSIONS)
        table = branch_scores(db, "2025Q1", Config())
        db.close()
    got = {r["branch"]: r["party_score"] for r in table.to_dict("records")
           if r["party_score"] == r["party_score"]}
    assert got.keys() == expected.keys()
    for name, value in expected.items():
        assert abs(got[name] - value) <= 1e-9 * max(1.0, abs(value))
    ranked = table[table["rank"].notna()]
    for _, row in ranked.iterrows():
        better = (ranked["composite"] > row["composite"] + 1e-9).sum()
        assert row["rank"] == better + 1
