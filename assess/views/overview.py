"""总览 Overview: KPI tiles against the previous period, the 过硬率 target and 优秀 quota verdicts,
grade and star distributions, the committee comparison and the alerts (SPEC §5).

Everything counted — tiles, distributions, the quota — counts the branches shown (the chosen
committees the user may see); ranks and each branch's verdicts are the whole period's (SPEC §3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

import pandas as pd

from assess import scoring
from assess.db import Database
from assess.periods import previous_period
from assess.views import explain
from assess.views.common import Selection, counted, in_committees, period_changes, period_scores, shown
from assess.views.display import GRADES, PENDING, Tile, fmt, number, signed

KPI_KEYS = ("branches", "party_mean", "business_mean", "composite_mean", "solid_rate", "vetoes")
TILE_STYLE = {  # key → (kind of number, delta colour)
    "branches": ("count", "off"),
    "party_mean": ("score", "normal"),
    "business_mean": ("score", "normal"),
    "composite_mean": ("score", "normal"),
    "solid_rate": ("pct", "normal"),
    "vetoes": ("count", "inverse"),
}
COMMITTEE_COLUMNS = ["committee", "branches", "party_mean", "business_mean", "composite_mean", "solid_rate",
                     "vetoes", "correlation"]
DROPS = 5
ATTENTION_LIMIT = 10
"""The most rows the 需关注 list shows (the rest are counted in ``attention_more``)."""
ATTENTION_COLUMNS = ["branch", "committee", "reasons", "delta_composite"]
"""What the page shows of :data:`assess.views.explain.ATTENTION_COLUMNS`, branch first (a drop's
driver is in its reason; the driver of a change that is no drop would be noise here)."""
EPS = 1e-9
"""A change of C within this of zero is none (SPEC §3: values within 1e-9 tie)."""


@dataclass(frozen=True)
class Verdict:
    """A rate against its bound: ``met`` (target reached / quota kept), the rate and the bound
    (0…1), and the sentence saying so (in the viewer's language)."""

    met: bool
    rate: float
    bound: float
    message: str


@dataclass
class Overview:
    """What the overview draws.

    ``tiles``: one :class:`Tile` per :data:`KPI_KEYS`; ``previous_period``: the period compared
    against (None when it has no data); ``target``: 过硬率 against its target (None when no branch
    shown has a P); ``quota``: the 优秀 share of the ranked branches shown against the quota
    (``met`` False = warn); ``grades`` (grade, count, share), ``stars`` (stars, count):
    distributions of the branches shown; ``committees``: :data:`COMMITTEE_COLUMNS`, one row per
    committee shown; ``vetoes`` (committee, branch, veto_reason), ``drops`` (:func:`largest_drops`)."""

    tiles: list[Tile]
    previous_period: str | None
    target: Verdict | None
    quota: Verdict
    grades: pd.DataFrame
    stars: pd.DataFrame
    committees: pd.DataFrame
    vetoes: pd.DataFrame
    drops: pd.DataFrame
    counted: str = ""
    solid_stars: int = 4
    attention: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ATTENTION_COLUMNS))
    attention_more: str = ""
    attention_total: int = 0


def build(db: Database, sel: Selection) -> Overview:
    """The overview of ``sel.period`` (requires data: ``not sel.empty``)."""
    scores = period_scores(db, sel)
    rows = shown(sel, scores)
    before_period = previous_period(sel.period)
    before = None
    if before_period in sel.period_options:
        before = scoring.kpis(shown(sel, period_scores(db, sel, before_period)), sel.config)
    now = scoring.kpis(rows, sel.config)
    counts = counted(sel)
    target = None
    if not math.isnan(now["solid_rate"]):
        key = "ui.overview.target_met" if now["solid_target_met"] else "ui.overview.target_missed"
        target = Verdict(now["solid_target_met"], now["solid_rate"], now["solid_target"],
                         _with(sel.tr(key, rate=fmt(now["solid_rate"], "pct"), target=f"{now['solid_target']:.0%}"),
                               counts))
    q = now["quota"]
    quota = Verdict(not q["exceeded"], q["share"], q["quota"],
                    _with(sel.tr("ui.overview.quota", share=fmt(q["share"], "pct"), quota=fmt(q["quota"], "pct")),
                          counts))
    summary = in_committees(scoring.committee_summary(scores, sel.config), sel.committees)
    need = attention(db, sel)
    return Overview(
        tiles=kpi_tiles(sel, now, before),
        previous_period=before_period if before else None,
        target=target, quota=quota,
        grades=grade_distribution(rows), stars=star_distribution(rows),
        committees=summary[COMMITTEE_COLUMNS].reset_index(drop=True),
        vetoes=vetoes(rows), drops=largest_drops(shown(sel, period_changes(db, sel))), counted=counts,
        solid_stars=sel.config.scoring.solid_stars,
        attention=need.rows[ATTENTION_COLUMNS].reset_index(drop=True),
        attention_more=sel.tr("explain.attention.more", n=need.total - len(need.rows))
        if need.total > len(need.rows) else "",
        attention_total=need.total,
    )


def attention(db: Database, sel: Selection) -> explain.Attention:
    """The 需关注 list of the rows shown: the chosen committees within the user's scope (the
    numbers, ranks and verdicts stay the whole period's)."""
    chosen = list(sel.committees) or None
    if sel.scope is not None:
        chosen = [c for c in (chosen if chosen is not None else sel.scope) if c in sel.scope]
    return explain.attention(db, sel.period, sel.config, sel.lang, sel.as_of, committees=chosen,
                             limit=ATTENTION_LIMIT, drops=DROPS)


def _with(message: str, counts: str) -> str:
    return f"{message}{'' if not counts else ' ' + counts}"


def kpi_tiles(sel: Selection, now: Mapping, before: Mapping | None) -> list[Tile]:
    """One tile per :data:`KPI_KEYS`: the value, and its change when the previous period has
    branches (a rate's change in percentage points)."""
    target = f"{sel.config.scoring.solid_target:.0%}"
    tiles = []
    for key in KPI_KEYS:
        kind, color = TILE_STYLE[key]
        value = number(now.get(key))
        prev = number(before.get(key)) if before and before.get("branches") else math.nan
        delta = value - prev
        delta_text = None
        if not math.isnan(delta):
            if kind == "pct":  # a change of a rate is in percentage points
                delta_text = sel.tr("ui.kpi.points", value=signed(delta * 100))
                unchanged = fmt(abs(delta) * 100) == "0.0"
            else:
                delta_text = signed(delta, kind)
                unchanged = fmt(abs(delta), kind) in ("0", "0.0")
            if unchanged:
                color = "off"  # no change: no red or green arrow
        tiles.append(Tile(key=key, label=sel.tr(f"ui.kpi.{key}"), text=fmt(value, kind), value=value,
                          delta=delta, delta_text=delta_text, delta_color=color,
                          help=sel.tr(f"ui.kpi.{key}_help", target=target)))
    return tiles


def grade_distribution(scores: pd.DataFrame) -> pd.DataFrame:
    """Branches per grade (优秀…不合格, then 待补充 for those without C): grade, count, share."""
    grades = scores["grade"].astype(object).where(scores["grade"].notna(), PENDING)
    counts = grades.value_counts()
    order = list(GRADES) + ([PENDING] if counts.get(PENDING, 0) else [])
    out = pd.DataFrame({"grade": order, "count": [int(counts.get(g, 0)) for g in order]})
    total = out["count"].sum()
    out["share"] = out["count"] / total if total else 0.0
    return out


def star_distribution(scores: pd.DataFrame) -> pd.DataFrame:
    """Branches with a P per star count 0–5: stars, count."""
    stars = scores["stars"].dropna().astype(int)
    return pd.DataFrame({"stars": range(6), "count": [int((stars == s).sum()) for s in range(6)]})


def vetoes(scores: pd.DataFrame) -> pd.DataFrame:
    """Vetoed branches: committee, branch, veto_reason."""
    return scores.loc[scores["veto"].astype(bool), ["committee", "branch", "veto_reason"]].reset_index(drop=True)


def largest_drops(changes: pd.DataFrame, n: int = DROPS) -> pd.DataFrame:
    """The ``n`` largest falls of C against the previous period: committee, branch, composite,
    previous_composite, delta_composite, delta_rank (only falls: more than :data:`EPS`)."""
    cols = ["committee", "branch", "composite", "previous_composite", "delta_composite", "delta_rank"]
    if changes.empty:
        return pd.DataFrame(columns=cols)
    falls = changes[changes["delta_composite"] < -EPS].sort_values("delta_composite")
    return falls[cols].head(n).reset_index(drop=True)
