"""assess.fingerprint: equal exactly when a cell's stored values are equal, whatever the order of
its columns, and the same value forever (stores keep it)."""

from __future__ import annotations

import hashlib
import math
import struct

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from assess import fingerprint

BASE = {
    "cell": {"entry_id": 1, "general_branch": "第一总支", "bonus": 1.5, "deduction": 0.0,
             "veto_reason": None, "note": "备注"},
    "scores": [("组织设置", "基本组织", 8.0, 6.5), ("班子建设", "基本组织", 7.0, math.nan),
               ("利润完成", None, 30.0, 27.0)],
}


def fp(cell: dict | None = None, scores: list | None = None) -> str:
    cells = pd.DataFrame([cell or BASE["cell"]])
    rows = pd.DataFrame([{"entry_id": cells.at[0, "entry_id"], "indicator": i, "dimension": d,
                          "full_mark": m, "score": s} for i, d, m, s in scores or BASE["scores"]],
                        columns=["entry_id", "indicator", "dimension", "full_mark", "score"])
    return str(fingerprint.of_rows(cells, rows)[0])  # as the store keeps it


def test_every_stored_value_counts():
    base = fp()
    changed_cells = [{"general_branch": None}, {"general_branch": "第二总支"}, {"bonus": 2.0},
                     {"deduction": 0.5}, {"veto_reason": "事故"}, {"note": None}, {"note": "备注 "}]
    for change in changed_cells:
        assert fp(BASE["cell"] | change) != base, change
    # a bonus is not a deduction
    assert fp(BASE["cell"] | {"bonus": 0.0, "deduction": 1.5}) != base
    scores = BASE["scores"]
    changed_scores = [
        [("组织设置X", *scores[0][1:])] + scores[1:],  # indicator
        [(scores[0][0], None, *scores[0][2:])] + scores[1:],  # dimension
        [(*scores[0][:2], 9.0, scores[0][3])] + scores[1:],  # full mark
        [(*scores[0][:3], 6.0)] + scores[1:],  # score
        [scores[0], (*scores[1][:3], 0.0), scores[2]],  # 不适用 → 0
        scores[:2],  # a column less
    ]
    for change in changed_scores:
        assert fp(scores=change) != base, change


def test_equal_values_give_equal_fingerprints():
    assert fp() == fp()
    # −0 is 0, every NaN is 不适用, and the entry id is not a value
    scores = BASE["scores"]
    assert fp(scores=[(*scores[0][:3], -0.0)] + scores[1:]) == fp(scores=[(*scores[0][:3], 0.0)] + scores[1:])
    assert fp(scores=[scores[0], (*scores[1][:3], float("-nan")), scores[2]]) == fp()
    assert fp(BASE["cell"] | {"entry_id": 99}) == fp()


@settings(max_examples=60, deadline=None)
@given(order=st.permutations(range(3)))
def test_the_order_of_the_columns_does_not_count(order):
    assert fp(scores=[BASE["scores"][i] for i in order]) == fp()


def test_cells_of_one_call_are_apart():
    cells = pd.DataFrame([BASE["cell"], BASE["cell"] | {"entry_id": 2}])
    rows = pd.DataFrame([{"entry_id": e, "indicator": "x", "dimension": None, "full_mark": 10.0,
                          "score": s} for e, s in ((1, 5.0), (2, 5.0), (2, 1.0))])
    one, two = fingerprint.of_rows(cells, rows)
    assert one != two
    assert one == fingerprint.of_rows(cells.iloc[:1], rows.iloc[:1])[0]


def _reference(cell: dict, scores: list) -> int:
    """The definition of assess.fingerprint's docstring, one Python int at a time."""
    mask = 2 ** 64 - 1

    def mix(h: int, v: int) -> int:
        x = h ^ ((v + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2)) & mask)
        x ^= x >> 33
        x = (x * 0xFF51AFD7ED558CCD) & mask
        x ^= x >> 33
        x = (x * 0xC4CEB9FE1A85EC53) & mask
        return x ^ (x >> 33)

    def number(x: float) -> int:
        return 0x7FF8000000000000 if math.isnan(x) else struct.unpack("<Q", struct.pack("<d", x + 0.0))[0]

    def text(t: str | None) -> int:
        return 0 if t is None else int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(), "little")

    digest = sum(mix(mix(text(i), text(d)) ^ ((number(m) * 0x9FB21C651E98DF25) & mask), number(s))
                 for i, d, m, s in scores) & mask
    h = text(cell["general_branch"])
    for part in (number(cell["bonus"]), number(cell["deduction"]), text(cell["veto_reason"]),
                 text(cell["note"]), digest):
        h = mix(h, part)
    return h


def test_the_definition_is_the_documented_one_and_does_not_move():
    """The numpy code computes the documented definition (checked against a plain Python
    version of it). Stores keep fingerprints and compare every upload with them, so a change of
    the definition must come with a migration (assess.db) recomputing the stored ones: the
    recorded value pins it."""
    assert fp() == str(_reference(BASE["cell"], BASE["scores"])) == "16270730759663717844"
    other = BASE["cell"] | {"general_branch": None, "veto_reason": "事故", "bonus": 0.0}
    assert fp(other, BASE["scores"][1:]) == str(_reference(other, BASE["scores"][1:]))


def test_numbers_and_texts():
    assert fingerprint.numbers([0.0, -0.0]).tolist() == [0, 0]
    assert len(set(fingerprint.numbers([math.nan, float("-nan"), np.float64("nan")]).tolist())) == 1
    hashed = fingerprint.texts(pd.Series(["a", None, math.nan, "a", "b"], dtype=object))
    assert hashed[1] == hashed[2] == 0 and hashed[0] == hashed[3] != hashed[4]
