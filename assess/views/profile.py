"""支部画像 Branch profile: one branch's tiles, the radar of its dimension rates against its
committee's and the overall means, its history and its indicators (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from assess import scoring
from assess.config import Config
from assess.db import Database
from assess.links import split_branch_key
from assess.views.common import (Selection, dimension_rates, indicator_rates, period_label, period_scores,
                                 quarter_scores, span, trend_quarters)
from assess.views.display import Tile, fmt, grade_text, number, quadrant_text, stars_text

HISTORY_COLUMNS = ["period", "party_score", "business_score", "coefficient", "composite", "rank",
                   "committee_rank", "stars", "grade", "veto_reason"]
INDICATOR_COLUMNS = ["category", "dimension", "indicator", "full_mark", "rate"]


@dataclass
class Profile:
    """What the profile page draws for one branch.

    ``in_period``: the branch has a P or a B in the period (else no tiles); ``tiles``: P, B, C
    (help: K) and the rank out of the period's ranked branches (all committees); ``badge``: ``★★★★☆ · 良好 · 双强``; ``veto_reason``
    (None when not vetoed); ``radar`` (dimension, series, rate); ``history``
    (:data:`HISTORY_COLUMNS`, oldest first) over ``quarters``; ``indicators``
    (:data:`INDICATOR_COLUMNS`); ``history_context``, ``indicators_title``."""

    committee: str
    branch: str
    in_period: bool
    tiles: list[Tile]
    badge: str
    veto_reason: str | None
    radar: pd.DataFrame
    history: pd.DataFrame
    quarters: list[str]
    history_context: str
    indicators: pd.DataFrame
    indicators_title: str


def build(db: Database, sel: Selection, key: str) -> Profile:
    """The profile of the branch ``key`` (``committee/branch``) in ``sel.period``."""
    committee, branch = split_branch_key(key)
    scores = period_scores(db, sel)
    mine = scores[(scores["committee"] == committee) & (scores["branch"] == branch)]
    tiles, badge, veto = [], "", None
    if not mine.empty:
        row = mine.iloc[0]
        # the rank is over the whole period, whoever looks: so is the number it is out of
        everyone = scoring.branch_scores(db, sel.period, sel.config, as_of=sel.as_of)
        ranked = int(everyone["rank"].notna().sum())
        tiles = [
            Tile("party_score", sel.tr("ui.col.party_score"), fmt(row["party_score"]), number(row["party_score"])),
            Tile("business_score", sel.tr("ui.col.business_score"), fmt(row["business_score"]),
                 number(row["business_score"])),
            Tile("composite", sel.tr("ui.col.composite"), fmt(row["composite"]), number(row["composite"]),
                 help=sel.tr("ui.profile.k", k=fmt(row["coefficient"], "r"))),
            Tile("rank", sel.tr("ui.col.rank"), f"{fmt(row['rank'], 'count')} / {ranked}", number(row["rank"])),
        ]
        badge = (f"{stars_text(row['stars'])} · {grade_text(row['grade'], sel.lang)} · "
                 f"{quadrant_text(row['quadrant'], sel.lang, '—')}")
        if bool(row["veto"]):
            veto = row["veto_reason"] or ""
    labels = (branch, sel.tr("ui.profile.committee_mean"), sel.tr("ui.profile.overall_mean"))
    quarters = trend_quarters(sel)
    return Profile(
        committee=committee, branch=branch, in_period=not mine.empty, tiles=tiles, badge=badge, veto_reason=veto,
        radar=radar_frame(dimension_rates(db, sel), committee, branch, labels),
        history=branch_history(quarter_scores(db, sel), committee, branch, sel.config),
        quarters=quarters, history_context=sel.context(span(quarters, sel.period)),
        indicators=branch_indicators(indicator_rates(db, sel), committee, branch),
        indicators_title=sel.tr("ui.profile.indicators", period=period_label(sel.period, sel.lang)),
    )


def radar_frame(rates: pd.DataFrame, committee: str, branch: str, labels: Sequence[str]) -> pd.DataFrame:
    """Dimension rates of a branch, its committee's mean and the overall mean: dimension, series,
    rate. ``labels``: the three series names in that order."""
    if rates.empty:
        return pd.DataFrame(columns=["dimension", "series", "rate"])
    order = rates.groupby("dimension")["position"].min().sort_values().index.tolist()
    mine = rates[(rates["committee"] == committee) & (rates["branch"] == branch)].set_index("dimension")["rate"]
    theirs = rates[rates["committee"] == committee].groupby("dimension")["rate"].mean()
    everyone = rates.groupby("dimension")["rate"].mean()
    rows = []
    for label, series in zip(labels, (mine, theirs, everyone)):
        rows += [(d, label, number(series.get(d))) for d in order]
    return pd.DataFrame(rows, columns=["dimension", "series", "rate"])


def branch_history(rows: pd.DataFrame, committee: str, branch: str, config: Config) -> pd.DataFrame:
    """One row per quarter in which the branch has a P or a B, oldest first: :data:`HISTORY_COLUMNS`.

    ``rows``: per branch × quarter scores (:func:`assess.scoring.quarter_scores`) of at least
    every branch of the committee; K, the grade and the rank within the committee follow from
    them by the rules of the branch table."""
    from assess.scoring.quarterly import with_history_columns

    theirs = rows[rows["committee"] == committee]
    if not (theirs["branch"] == branch).any():
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    out = with_history_columns(theirs, config)
    out = out[out["branch"] == branch].rename(columns={"quarter": "period"})
    out["period"] = out["period"].astype(str)
    out["veto_reason"] = out["veto_reason"].astype(object).where(out["veto_reason"].notna(), None)
    return out[HISTORY_COLUMNS].sort_values("period").reset_index(drop=True)


def branch_indicators(rates: pd.DataFrame, committee: str, branch: str) -> pd.DataFrame:
    """The indicators of one branch: :data:`INDICATOR_COLUMNS`."""
    mine = rates[(rates["committee"] == committee) & (rates["branch"] == branch)]
    return mine[INDICATOR_COLUMNS].reset_index(drop=True)
