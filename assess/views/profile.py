"""支部画像 Branch profile: one branch's tiles with their change against the previous period,
why it changed (the split of ΔC and ΔP, SPEC §3.13), what the next step takes (§3.14), its
两张皮 persistence (§3.15), the star quota and the year's evaluation (§3.16), the radar of its
dimension rates against its committee's and the overall means, its history and its indicators
with the actual scores beside the rates (SPEC §5)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

import pandas as pd

from assess import scoring
from assess.config import Config
from assess.db import Database
from assess.links import split_branch_key
from assess.periods import previous_period
from assess.ranks import branch_ranks
from assess.views import explain
from assess.views.common import (Selection, dimension_rates, indicator_rates, period_label, period_scores,
                                 quarter_scores, span, trend_quarters)
from assess.views.display import Tile, fmt, grade_text, number, quadrant_text, signed, stars_text

HISTORY_COLUMNS = ["period", "party_score", "business_score", "coefficient", "composite", "rank",
                   "committee_rank", "stars", "grade", "veto_reason"]
INDICATOR_COLUMNS = ["category", "dimension", "indicator", "full_mark", "rate"]
SCORE_COLUMNS = ["category", "dimension", "indicator", "score", "full_mark", "rate", "part"]
"""The indicator table the page shows: the actual score (points; a year: the mean per quarter
where it applied) beside the full mark and the rate, and ``part``, the indicator's part of the
change of P or B against the previous period (empty when not comparable)."""
TILE_KEYS = ("party_score", "business_score", "coefficient", "composite", "rank", "committee_rank",
             "stars")


@dataclass
class Profile:
    """What the profile page draws for one branch.

    ``in_period``: the branch has a P or a B in the period (else no tiles); ``tiles``
    (:data:`TILE_KEYS`): P, B, K, C, the rank out of the period's ranked branches (all
    committees, whoever looks: "25 / 30"), the rank in its committee ("3 / 7") and the stars,
    each with its change against the previous period; ``badge``: ``★★★★☆ · 良好 · 双强``;
    ``veto_reason`` (None when not vetoed); ``radar`` (dimension, series, rate); ``history``
    (:data:`HISTORY_COLUMNS`, oldest first) over ``quarters``; ``indicators``
    (:data:`INDICATOR_COLUMNS`); ``history_context``, ``indicators_title``.

    The explanations (None / empty when the branch has no data in the period): ``explanation``
    (:class:`assess.views.explain.ProfileExplanation`: waterfalls, steps, crossings, notes,
    adjustments), ``scores`` (:data:`SCORE_COLUMNS`), ``against`` ("变化量与 2025Q1 相比"),
    ``two_skins`` (the 两张皮 persistence in words, "" when not in such a quadrant),
    ``waterfall_context`` (the charts' subtitle), ``steps``: the next steps in words — one
    sentence when a veto blocks every step not yet reached."""

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
    explanation: explain.ProfileExplanation | None = None
    scores: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SCORE_COLUMNS))
    against: str = ""
    two_skins: str = ""
    waterfall_context: str = ""
    steps: tuple[str, ...] = ()
    business_driven: bool = False
    """B is the main driver of ΔC: the page opens the waterfall of ΔB too."""


def build(db: Database, sel: Selection, key: str) -> Profile:
    """The profile of the branch ``key`` (``committee/branch``) in ``sel.period``."""
    committee, branch = split_branch_key(key)
    scores = period_scores(db, sel)
    mine = scores[(scores["committee"] == committee) & (scores["branch"] == branch)]
    tiles, badge, veto, why = [], "", None, None
    if not mine.empty:
        row = mine.iloc[0]
        why = explain.profile(db, sel.period, committee, branch, sel.config, sel.lang, sel.as_of)
        # the ranks are over the whole period, whoever looks: so are the numbers they are out of
        ranks = branch_ranks(scoring.branch_scores(db, sel.period, sel.config, as_of=sel.as_of),
                             committee, branch)
        tiles = profile_tiles(sel, why.row, ranks.text, ranks.committee_text)
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
        explanation=why,
        scores=why.scores[SCORE_COLUMNS] if why is not None else pd.DataFrame(columns=SCORE_COLUMNS),
        against=sel.tr("explain.profile.against", previous=previous_period(sel.period)),
        two_skins=two_skins_text(why, sel.lang) if why is not None else "",
        waterfall_context=sel.context(f"{previous_period(sel.period)} → {sel.period}"),
        steps=step_sentences(why, sel.lang) if why is not None else (),
        business_driven=why is not None and why.row.get("main_driver") == "B",
    )


def step_sentences(why: explain.ProfileExplanation, lang: str) -> tuple[str, ...]:
    """The next steps in words: the 过硬 step only when it is not the next star already; where a
    veto blocks every step not reached, one sentence naming them all
    ("有否决事项：本期1★、过硬（4★）、达标、良好均无法达到")."""
    from assess.i18n import t

    texts = why.step_texts
    star = next((s for s in why.steps if s.step == "next_star"), None)
    if star is not None and not star.reached:  # the next star is 过硬: say it once
        keep = [not (s.step == "solid" and s.target == star.target) for s in why.steps]
        why = replace(why, steps=tuple(s for s, k in zip(why.steps, keep) if k),
                      step_texts=tuple(x for x, k in zip(texts, keep) if k))
    open_steps = [s for s in why.steps if not s.reached]
    if len(open_steps) > 1 and all(s.blocked == "veto" for s in open_steps):
        sep = "、" if lang == "zh" else ", "
        names = sep.join(explain._target(s, lang) for s in open_steps)
        reached = tuple(text for s, text in zip(why.steps, why.step_texts) if s.reached)
        return (t("explain.profile.all_blocked", lang, targets=names),) + reached
    return why.step_texts


def profile_tiles(sel: Selection, row: Mapping[str, Any], rank: str, committee_rank: str) -> list[Tile]:
    """One tile per :data:`TILE_KEYS` of a changes row, each with its change against the
    previous period (none where either is missing). A rank's change is the places moved up."""
    out = []
    for key in TILE_KEYS:
        value = number(row.get(key))
        previous = number(row.get(f"previous_{key}"))
        kind = {"coefficient": "r3", "rank": "count", "committee_rank": "count", "stars": "count"}.get(key, "score")
        if key == "committee_rank":
            text, delta = committee_rank, math.nan  # the committee's count may change: no delta
        elif key == "rank":
            text, delta = rank, previous - value
        else:
            delta = value - previous
            if math.isnan(value) or kind not in ("r3",) and key != "stars":
                text = fmt(value, "score" if kind == "r3" else kind)
            else:
                text = f"{value:.3f}" if kind == "r3" else f"{value:.0f}★"
        delta_text = None
        if not math.isnan(delta):
            delta_text = f"{delta:+.3f}" if kind == "r3" else signed(delta, "count" if kind == "count" else "score")
            if delta_text in ("+0.000", "-0.000", "0", "0.0"):
                delta_text = "0"
        label = sel.tr("explain.profile.rank_org") if key == "rank" else (
            sel.tr("explain.profile.rank_committee") if key == "committee_rank" else sel.tr(f"ui.col.{key}"))
        help_text = sel.tr("ui.profile.k", k=fmt(row.get("coefficient"), "r")) if key == "composite" else None
        color = "off" if delta_text == "0" else "normal"
        out.append(Tile(key, label, text, value, delta, delta_text, color, help_text))
    return out


def two_skins_text(why: explain.ProfileExplanation, lang: str) -> str:
    """两张皮 persistence in words (SPEC §3.15): two quarters or more are a warning."""
    from assess.i18n import t

    n = why.two_skins_quarters
    if n <= 0:
        return ""
    quadrant = t(f"ui.quadrant.{why.row.get('quadrant')}", lang) if isinstance(why.row.get("quadrant"), str) else ""
    return t("explain.profile.two_skins" if n >= 2 else "explain.profile.two_skins_one", lang,
             n=n, quadrant=quadrant)


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
