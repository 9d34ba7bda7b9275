"""党建×业务 Integration: the P–B scatter with the quadrant lines (the whole period's medians) and
the correlation, the 两张皮 list and the per-committee correlation (SPEC §5)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from assess import scoring
from assess.db import Database
from assess.scoring import model
from assess.views.common import Selection, counted, in_committees, period_scores, shown
from assess.views.display import Tile, fmt, number


@dataclass
class Integration:
    """What the integration page draws.

    ``scores``: the branch table of the branches shown (the scatter's dots); ``p_line``,
    ``b_line``: the quadrant thresholds (the whole period's medians; NaN without branches);
    ``correlation``: Pearson r over the branches shown (None when undefined) and ``level`` its word (strong, moderate, weak,
    negative, none); ``two_skins``: the 两张皮 list of the branches shown (:func:`two_skins`),
    ``two_skins_count`` of ``branches`` shown; ``quadrants``: branches shown per quadrant;
    ``by_committee``: per-committee correlation rows of the committees shown (scope,
    committee, branches, correlation); ``tiles``: r, its word, 两张皮 of the branches shown;
    ``lines``: the sentence stating the quadrant lines; ``counted``: which committees the tiles
    count (empty: all)."""

    scores: pd.DataFrame
    p_line: float
    b_line: float
    correlation: float | None
    level: str
    two_skins: pd.DataFrame
    two_skins_count: int
    branches: int
    quadrants: pd.DataFrame
    by_committee: pd.DataFrame
    tiles: list[Tile]
    lines: str
    counted: str = ""


def build(db: Database, sel: Selection) -> Integration:
    scores = period_scores(db, sel)
    rows = shown(sel, scores)
    corr = scoring.correlations(scores, sel.config)
    r = overall_correlation(scoring.correlations(rows, sel.config))  # a tile counts the rows shown
    counts = quadrant_counts(rows)
    p_line = float(scores["quadrant_p_threshold"].iloc[0]) if len(scores) else math.nan
    b_line = float(scores["quadrant_b_threshold"].iloc[0]) if len(scores) else math.nan
    skins = int(counts.loc[counts["quadrant"].isin(model.TWO_SKINS), "count"].sum())
    level = correlation_level(r)
    tiles = [
        Tile("r", sel.tr("ui.integration.r"), fmt(r, "r"), number(r), help=sel.tr("ui.integration.r_help")),
        Tile("level", sel.tr("ui.integration.verdict"), sel.tr(f"ui.integration.level.{level}")),
        Tile("two_skins", sel.tr("ui.integration.two_skins_count"), f"{skins} / {len(rows)}", skins),
    ]
    return Integration(
        scores=rows,
        p_line=p_line, b_line=b_line, correlation=r, level=level,
        two_skins=two_skins(rows), two_skins_count=skins,
        branches=len(rows), quadrants=counts,
        by_committee=in_committees(corr[corr["scope"] == "committee"], sel.committees),
        tiles=tiles, lines=sel.tr("ui.integration.lines", p=fmt(p_line), b=fmt(b_line)), counted=counted(sel),
    )


def two_skins(scores: pd.DataFrame) -> pd.DataFrame:
    """The 两张皮 list: branches in the off-diagonal quadrants, widest P–B gap first.
    Columns: branch, quadrant, party_score, business_score, gap (P − B), committee."""
    rows = scores[scores["quadrant"].isin(model.TWO_SKINS)].copy()
    rows["gap"] = rows["party_score"] - rows["business_score"]
    rows = rows.reindex(rows["gap"].abs().sort_values(ascending=False).index)
    return rows[["branch", "quadrant", "party_score", "business_score", "gap", "committee"]].reset_index(drop=True)


def overall_correlation(correlations: pd.DataFrame) -> float | None:
    row = correlations[correlations["scope"] == "overall"]
    if row.empty or pd.isna(row["correlation"].iloc[0]):
        return None
    return float(row["correlation"].iloc[0])


def correlation_level(r: float | None) -> str:
    """A word for Pearson r: strong (≥ 0.6), moderate (≥ 0.3), weak (≥ 0), negative, or none."""
    if r is None or (isinstance(r, float) and math.isnan(r)):
        return "none"
    if r >= 0.6:
        return "strong"
    if r >= 0.3:
        return "moderate"
    return "weak" if r >= 0 else "negative"


def quadrant_counts(scores: pd.DataFrame) -> pd.DataFrame:
    """Branches per quadrant: quadrant, count."""
    counts = scores["quadrant"].value_counts()
    return pd.DataFrame({"quadrant": model.QUADRANTS, "count": [int(counts.get(q, 0)) for q in model.QUADRANTS]})
