"""A branch's ranks as a viewer reads them: "25 / 30" — its rank over the number of branches
ranked in the same field (SPEC §3.8: the whole organisation, and its committee).

Issue 14: a viewer limited to one committee saw "排名 25 / 7", the organisation rank over the
committee's count. The counts here come from the whole period's table, whatever the viewer's
scope: pass :func:`assess.scoring.branch_scores` unfiltered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

MISSING = "—"


@dataclass(frozen=True)
class BranchRanks:
    """``rank`` of ``ranked`` branches of the organisation; ``committee_rank`` of
    ``committee_ranked`` of its committee. A rank is None when the branch is unranked (no C)."""

    rank: int | None
    ranked: int
    committee_rank: int | None
    committee_ranked: int

    @property
    def text(self) -> str:
        """The organisation rank, "25 / 30" ("—" when unranked)."""
        return _text(self.rank, self.ranked)

    @property
    def committee_text(self) -> str:
        """The rank within the committee, "3 / 7" ("—" when unranked)."""
        return _text(self.committee_rank, self.committee_ranked)


def branch_ranks(scores: pd.DataFrame, committee: str, branch: str) -> BranchRanks:
    """The ranks of (``committee``, ``branch``) in ``scores``, the whole period's branch table
    (columns committee, branch, rank, committee_rank; every committee, not only those a viewer
    may see). A branch not in the table is unranked."""
    ranked = scores["rank"].notna()
    in_committee = scores["committee"] == committee
    mine = scores[in_committee & (scores["branch"] == branch)]
    rank = committee_rank = None
    if not mine.empty:
        rank = _int(mine["rank"].iloc[0])
        committee_rank = _int(mine["committee_rank"].iloc[0])
    return BranchRanks(rank=rank, ranked=int(ranked.sum()), committee_rank=committee_rank,
                       committee_ranked=int((scores["committee_rank"].notna() & in_committee).sum()))


def _int(value) -> int | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else int(round(value))


def _text(rank: int | None, count: int) -> str:
    return MISSING if rank is None else f"{rank} / {count}"
