"""The explanations under the organisation's own rules (SPEC §3.16): a star change the quota
caused names the quota; the next-star step says where the quota stands in the way instead of a
wrong number; a year's P with a year-end evaluation splits exactly, with an evaluation part,
and the ``explain`` command leaves such a row's parts empty (its columns are §7's exactly).

Store (B 80 throughout; quota: at most floor(0.34 × 3) = 1 branch with ≥ 4★):

======  ======  ======  ======  ==============================================
branch  2024Q4  2025Q1  2025Q2  2025Q2
======  ======  ======  ======  ==============================================
甲      80      85      93      4★ (3★ in Q1): P reached 90
乙      80      91      91      P gives 4★, the quota keeps 1: 3★ (4★ in Q1)
丙      80      70      70      2★
======  ======  ======  ======  ==============================================

2025 (weight 0.5): 甲 E 99 → P = 0.5 × 89 + 0.5 × 99 = 94; 乙 no E (待测评) → 91; 丙 E 50 →
0.5 × 70 + 0.5 × 50 = 60. 2024: no E → the mean, 80.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from assess.config import Config, Scoring
from assess.scoring import explain
from assess.scoring.explain_cli import explain_table, run_explain
from assess.views import explain as views
from tests.scoring_fixtures import make_db, simple

RULES = Config(scoring=Scoring(star_quota=((4, 0.34),), evaluation_weight=0.5))
P = {"甲": (80, 85, 93), "乙": (80, 91, 91), "丙": (80, 70, 70)}
E2025 = {"甲": 99.0, "丙": 50.0}


@pytest.fixture
def db(tmp_path):
    cells = []
    for branch, ps in P.items():
        for quarter, p in zip(("2024Q4", "2025Q1", "2025Q2"), ps):
            cells += simple(quarter, "党委", branch, p=p, b=80)
    database = make_db(tmp_path, cells)
    with database.transaction() as cur:
        ids = dict((b, i) for i, b in cur.execute("SELECT branch_id, branch FROM branches").fetchall())
        rows = pd.DataFrame([{"evaluation_id": n, "branch_id": ids[b], "year": "2025", "general_branch": None,
                              "score": e, "valid_from": 1, "valid_to": None}
                             for n, (b, e) in enumerate(E2025.items(), start=1)])
        cur.register("frame", rows)
        cur.execute("INSERT INTO evaluations BY NAME SELECT * FROM frame")
        cur.unregister("frame")
    yield database
    database.close()


def test_a_star_change_the_quota_caused_names_the_quota(db):
    zh = views.profile(db, "2025Q2", "党委", "乙", RULES, "zh")
    assert (zh.row["stars"], zh.row["stars_before_quota"], zh.row["previous_stars"]) == (3, 4, 4)
    assert zh.crossing_texts == ("星级 4★→3★：星级名额限制（按 P 应为 4★）",)
    assert zh.quota_text == "因星级名额由 4 星降为 3 星"
    # P already gives 4★: the next star is not a number of points away
    assert zh.step_texts[0] == "P 已达到4★的分数线，但因星级名额由 4 星降为 3 星"
    assert zh.steps[0].quota == "moved" and zh.steps[0].gap == 0.0
    en = views.profile(db, "2025Q2", "党委", "乙", RULES, "en")
    assert en.crossing_texts == ("Stars 4★ → 3★: the star quota (P alone gives 4★)",)
    # 甲 rose by P alone: the threshold, not the quota
    up = views.profile(db, "2025Q2", "党委", "甲", RULES, "zh")
    assert up.crossing_texts == ("星级 3★→4★：P 达到 90.0",) and up.quota_text == ""


def test_a_step_where_the_quota_is_full_says_so(db):
    third = views.profile(db, "2025Q2", "党委", "丙", RULES, "zh")
    assert third.step_texts[0] == "要达到3★需再提高P 10.0分"  # 3★ has no quota
    assert third.step_texts[1] == ("要达到过硬（4★）需再提高P 20.0分；本期过硬（4★）名额已满，"
                                   "达到分数线后还须 P 排在保留过硬（4★）的支部之前")
    # without a quota the same step is a plain distance
    plain = views.profile(db, "2025Q2", "党委", "丙", Config(scoring=Scoring(evaluation_weight=0.5)), "zh")
    assert plain.step_texts[1] == "要达到过硬（4★）需再提高P 20.0分"


def test_a_year_with_an_evaluation_splits_exactly(db):
    first = views.profile(db, "2025", "党委", "甲", RULES, "zh")
    assert first.row["party_score"] == pytest.approx(94.0)
    assert first.year_text == "年度 P = (1 − 0.5) × 季度平均 89.00 + 0.5 × 年度测评 99.00 = 94.00"
    assert first.party_waterfall[["label", "value"]].values.tolist() == [
        ["2024 P", pytest.approx(80.0)], ["p", pytest.approx(0.5 * 89 - 80)],
        ["年度测评", pytest.approx(0.5 * 99)], ["2025 P", pytest.approx(94.0)]]
    split = explain.parts(db, "2025", "party", RULES)
    sums = split.groupby("branch_id")["part"].sum()
    changes = explain.changes(db, "2025", RULES).set_index("branch_id")
    assert (sums - changes.loc[sums.index, "delta_party"]).abs().max() <= 1e-9
    second = views.profile(db, "2025", "党委", "乙", RULES, "en")
    assert second.year_text == ("P of the year = quarterly mean 91.00 (evaluation pending: no year-end "
                                "score yet, the mean counts)")


def test_the_command_leaves_the_parts_of_an_evaluated_row_empty(db, capsys):
    table = explain_table(db, "2025", RULES).set_index("branch")
    parts = [c for c in table.columns if c.startswith("part_")]
    assert parts == ["part_p", "part_bonus", "part_deduction", "part_floor"]
    assert table.loc[["甲", "丙"], parts].isna().all().all()  # E enters their P
    assert table.loc["乙", "part_p"] == pytest.approx(11.0) == table.loc["乙", "delta_party"]
    assert table.attrs["evaluation_rows"] == 2
    # a quarter is split as §7 says whatever the evaluation weight
    quarter = explain_table(db, "2025Q2", RULES)
    assert quarter[parts].notna().all().all() and quarter.attrs["evaluation_rows"] == 0
    args = type("Args", (), {"as_of": None, "method": None, "slope": None, "pivot": None, "k_min": None,
                             "k_max": None, "veto_k": None, "tiers": None, "tier_floor": None,
                             "quarter": None, "year": "2025", "format": "csv", "lang": "en"})()
    out = io.StringIO()
    assert run_explain(args, db, out, RULES) == 0
    assert "for 2 branches the year's P includes the year-end evaluation (weight 0.5)" in capsys.readouterr().err
    assert out.getvalue().splitlines()[0].endswith("part_p,part_bonus,part_deduction,part_floor")
