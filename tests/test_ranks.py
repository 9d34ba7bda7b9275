"""A branch's ranks read "rank / ranked" over the same field: the organisation and the
committee (issue 14: a scoped viewer saw "25 / 7")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assess import scoring
from assess.config import load_config
from assess.db import Database
from assess.ranks import BranchRanks, branch_ranks

SCORES = pd.DataFrame({
    "committee": ["甲", "甲", "甲", "乙", "乙", "乙"],
    "branch": ["一", "二", "三", "四", "五", "六"],
    "rank": [1.0, 4.0, np.nan, 2.0, 2.0, 5.0],
    "committee_rank": [1.0, 2.0, np.nan, 1.0, 1.0, 3.0],
})


def test_worked_example():
    assert branch_ranks(SCORES, "乙", "六") == BranchRanks(rank=5, ranked=5, committee_rank=3, committee_ranked=3)
    assert branch_ranks(SCORES, "乙", "六").text == "5 / 5"
    assert branch_ranks(SCORES, "甲", "二").committee_text == "2 / 2"  # 三 has no C: not counted


def test_unranked_and_unknown_branches_say_so():
    pending = branch_ranks(SCORES, "甲", "三")
    assert (pending.text, pending.committee_text) == ("—", "—")
    assert pending.ranked == 5 and pending.committee_ranked == 2
    assert branch_ranks(SCORES, "丙", "一").text == "—"


def test_a_scoped_viewer_sees_the_organisation_count(sample_db):
    """On the sample: the last branch of one committee ranks over every ranked branch of the
    period, and over its committee's ranked branches within it."""
    with Database(sample_db) as db:
        scores = scoring.branch_scores(db, "2025Q4", load_config())
    ranked = scores[scores["rank"].notna()]
    committee = ranked["committee"].value_counts().idxmin()  # a small committee: 25 / 7 would show
    row = ranked[ranked["committee"] == committee].sort_values("rank").iloc[-1]
    ranks = branch_ranks(scores, committee, row["branch"])
    assert ranks.ranked == len(ranked) > ranks.committee_ranked == (ranked["committee"] == committee).sum()
    assert ranks.text == f"{int(row['rank'])} / {len(ranked)}"
    assert ranks.committee_text == f"{int(row['committee_rank'])} / {ranks.committee_ranked}"
