"""排名 Ranking: the branch table in the chosen order (exported exactly as shown) and the
rank-shift chart — rank by B alone against rank by C (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assess import scoring
from assess.db import Database
from assess.scoring import model
from assess.views.common import Selection, counted, period_changes, period_scores, shown

RANKING_COLUMNS = ["rank", "branch", "composite", "delta_rank", "stars", "grade", "party_score",
                   "business_score", "coefficient", "committee", "quadrant", "veto_reason"]
"""Most telling first, so a phone shows rank, branch and C before it scrolls."""

SORTS = ("rank", "delta_rank", "party_score", "business_score", "composite", "committee")
SORT_DESCENDING = {"delta_rank", "party_score", "business_score", "composite"}

SHIFT_ROWS = 50
"""The most branches the rank-shift chart draws (a row each): beyond that, the best ranked."""


@dataclass
class Ranking:
    """What the ranking page draws.

    ``table``: :data:`RANKING_COLUMNS` of the branches shown, in ``sort`` order (unrounded; the
    export is this table as displayed); ``shift``: rank by B (rank_left) against rank by C
    (rank_right) of the best ranked branches shown (committee, branch, rank_left, rank_right;
    both ranks over the whole period, whoever looks), ``shift_shown`` of ``shift_total`` drawn;
    ``counted``: which committees the table holds (empty: all); ``caption``: the table's
    caption (period · method, branches shown, ``counted``)."""

    table: pd.DataFrame
    sort: str
    shift: pd.DataFrame
    shift_shown: int
    shift_total: int
    counted: str = ""
    caption: str = ""

    @property
    def limited(self) -> bool:
        """The rank-shift chart leaves branches out."""
        return self.shift_shown < self.shift_total

    def branch_at(self, row: int) -> tuple[str, str]:
        """(committee, branch) of the table's ``row`` (0-based, in the order shown)."""
        return str(self.table["committee"].iloc[row]), str(self.table["branch"].iloc[row])


def build(db: Database, sel: Selection, sort: str = "rank") -> Ranking:
    """The ranking of ``sel.period`` sorted by ``sort`` (one of :data:`SORTS`; rank otherwise)."""
    table = sort_ranking(ranking(shown(sel, period_scores(db, sel)), period_changes(db, sel)), sort)
    # the rank by B is a rank: over every branch of the period, like the rank by C beside it
    everyone = scoring.branch_scores(db, sel.period, sel.config, as_of=sel.as_of)
    shift = best_ranked(shown(sel, rank_shift(everyone)), SHIFT_ROWS)
    return Ranking(table=table, sort=sort if sort in SORTS else "rank", shift=shift,
                   shift_shown=shift.attrs["shown"], shift_total=shift.attrs["branches"], counted=counted(sel),
                   caption=" ".join(filter(None, (sel.tr("ui.ranking.caption", context=sel.context(), n=len(table)),
                                                  counted(sel)))))


def ranking(scores: pd.DataFrame, changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ranking table (unrounded): :data:`RANKING_COLUMNS`, in the order of ``scores``."""
    out = scores.copy()
    if changes is not None and not changes.empty:
        out = out.merge(changes[["committee", "branch", "delta_rank"]], on=["committee", "branch"], how="left")
    else:
        out["delta_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out[RANKING_COLUMNS].reset_index(drop=True)


def sort_ranking(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The ranking table sorted by one column (scores and rank gains descending, rank and
    committee ascending); ties keep rank order; missing values last."""
    if by not in table.columns:
        by = "rank"
    keys = [by] + (["rank"] if by != "rank" else []) + ["committee", "branch"]
    ascending = [by not in SORT_DESCENDING] + [True] * (len(keys) - 1)
    return table.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


def rank_shift(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank by B alone (left) against rank by C (right) over the ranked branches of the period:
    committee, branch, rank_left, rank_right."""
    ranked = scores[scores["rank"].notna()]
    return pd.DataFrame({
        "committee": ranked["committee"].to_numpy(),
        "branch": ranked["branch"].to_numpy(),
        "rank_left": model.competition_rank(ranked["business_score"].to_numpy(dtype=float)),
        "rank_right": ranked["rank"].to_numpy(dtype=float, na_value=np.nan),
    })


def best_ranked(shift: pd.DataFrame, limit: int = SHIFT_ROWS) -> pd.DataFrame:
    """The ``limit`` rows of a rank shift best ranked by C (ties by the left rank), all when
    there are no more; ranks unchanged. ``attrs``: ``branches`` (rows given), ``shown``."""
    out = shift
    if len(shift) > limit:
        out = shift.sort_values(["rank_right", "rank_left"], kind="stable").head(limit).reset_index(drop=True)
    out = out.copy(deep=False)
    out.attrs.update(branches=len(shift), shown=len(out))
    return out
