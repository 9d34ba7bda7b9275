"""What the views show of §3.13–3.15 (SPEC §5 "Across the views"): the overview's 需关注 list,
the profile's changes, waterfalls and next steps, the ranking's main drivers. No Streamlit: each
function returns a small dataclass or DataFrame whose texts are already in ``lang``.

Numbers are computed over the whole period (:mod:`assess.scoring.explain`); ``committees``
only chooses which branches are listed (SPEC §3: a filter never changes a number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from assess.config import EPS, Config
from assess.db import Database
from assess.i18n import t
from assess.periods import is_year, previous_period
from assess.scoring import explain
from assess.rules import rules_for
from assess.scoring.distance import Crossing, Step, as_flag, as_number, crossings, next_steps, quota_levels
from assess.scoring.engine import branch_scores
from assess.scoring.model import TWO_SKINS, reaches

ATTENTION_COLUMNS = ["committee", "branch", "severity", "reasons", "driver", "delta_composite",
                     "two_skins_quarters"]
"""severity: 1 veto, 2 不合格, 3 not 达标, 4 两张皮 ≥ 2 quarters, 5 a largest drop (the most
severe reason of the branch); reasons: every reason, joined; driver: the main driver of ΔC in
words (empty when C cannot be compared)."""

SEVERITY = {"veto": 1, "fail": 2, "not_standard": 3, "two_skins": 4, "drop": 5}

TILE_MEASURES = ("party_score", "business_score", "coefficient", "composite", "rank", "stars")
TILE_COLUMNS = ["measure", "label", "value", "previous", "delta", "value_text", "delta_text"]
"""One tile per measure: label (translated), value and previous (floats, NaN when missing),
delta (value − previous; for rank previous − value, so positive means up), texts for display."""

WATERFALL_COLUMNS = ["label", "value", "measure", "kind"]
"""A waterfall: the previous level (measure 'absolute'), one 'relative' bar per part (non-zero
parts only) and the current level ('total'). kind: 'level' | 'indicator' | 'bonus' |
'deduction' | 'floor' | 'business' | 'party'."""

SCORE_COLUMNS = ["category", "dimension", "indicator", "score", "full_mark", "rate", "part"]
DIMENSION_COLUMNS = ["dimension", "score", "full_mark", "rate", "lacking"]
ADJUSTMENT_COLUMNS = ["category", "bonus_raw", "bonus", "deduction", "floor"]
DRIVER_COLUMNS = ["committee", "branch", "main_driver", "driver", "delta_composite"]


@dataclass(frozen=True)
class Attention:
    """The 需关注 list: the first ``limit`` rows (:data:`ATTENTION_COLUMNS`) and how many
    branches need attention in all (``total``), so a page can say "and N more"."""

    rows: pd.DataFrame
    total: int


@dataclass(frozen=True)
class ProfileExplanation:
    """Everything the profile shows of why and what next, for one branch and period.

    ``found``: the branch has a P or a B in the period (else the frames are empty).
    ``comparable``: C exists in both periods (else the ΔC waterfall is empty and
    ``no_change_text`` says why). Frames: ``tiles`` (:data:`TILE_COLUMNS`), ``adjustments``
    (:data:`ADJUSTMENT_COLUMNS`, per category, points), ``scores`` (:data:`SCORE_COLUMNS`, the
    actual scores beside the rates, ``part`` the indicator's part of ΔP/ΔB), ``dimensions``
    (:data:`DIMENSION_COLUMNS`), ``composite_waterfall`` / ``party_waterfall`` /
    ``business_waterfall`` (:data:`WATERFALL_COLUMNS`). Texts in the chosen language.
    """

    period: str
    previous_period: str
    found: bool
    comparable: bool
    new_branch: bool
    tiles: pd.DataFrame
    adjustments: pd.DataFrame
    notes: tuple[str, ...]
    scores: pd.DataFrame
    dimensions: pd.DataFrame
    composite_waterfall: pd.DataFrame
    party_waterfall: pd.DataFrame
    business_waterfall: pd.DataFrame
    steps: tuple[Step, ...] = ()
    step_texts: tuple[str, ...] = ()
    crossings: tuple[Crossing, ...] = ()
    crossing_texts: tuple[str, ...] = ()
    driver_text: str = ""
    no_change_text: str = ""
    two_skins_quarters: int = 0
    row: Mapping[str, Any] = field(default_factory=dict)
    quota_text: str = ""
    """Where the star quota moved the branch this period: "因星级名额由 4 星降为 3 星"."""
    year_text: str = ""
    """For a year: how its P is made (quarterly mean, evaluation E and weight, or 待测评)."""


# ---------------------------------------------------------------- numbers in words

def points(value: float) -> str:
    """Points for a sentence, one decimal."""
    return f"{value:.1f}"


def needed(value: float) -> str:
    """Points still needed, rounded *up* to one decimal (0.04 short is 0.1, never 0.0)."""
    return f"{math.ceil(value * 10 - 1e-6) / 10:.1f}"


def signed(value: float, digits: int = 1) -> str:
    """+2.5 / −1.0 (a real minus sign)."""
    text = f"{abs(value):.{digits}f}"
    if round(abs(value), digits) == 0:
        return text
    return ("+" if value > 0 else "−") + text


def pct(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def part_name(kind: str, name: str, lang: str) -> str:
    """An indicator's name as is; the bonus, deduction, floor and evaluation parts translated."""
    return name if kind == "indicator" else t(f"explain.part.{kind}", lang)


def driver_text(row: Mapping[str, Any], lang: str) -> str:
    """The main driver of ΔC in words: ``党建(K)：三会一课 −3.2`` (the largest part of ΔP behind
    K) or ``业务(B)：利润完成 −5.0``; empty when C is not comparable."""
    main = row.get("main_driver")
    if main is None or main is pd.NA or (isinstance(main, float) and math.isnan(main)):
        return t("explain.driver.none", lang) if not math.isnan(as_number(row.get("delta_composite"))) else ""
    category = "party" if main == "K" else "business"
    name, value = row.get(f"{category}_driver"), as_number(row.get(f"{category}_driver_part"))
    details = []
    if main == "K" and as_flag(row.get("veto")) != as_flag(row.get("previous_veto")):
        details.append(t("explain.part.veto", lang))  # the veto's cap on K came or went
    if isinstance(name, str) and not math.isnan(value):
        kind = name if name in ("bonus", "deduction", "floor", "evaluation") else "indicator"
        details.append(f"{part_name(kind, name, lang)} {signed(value)}")
    if not details:
        return t(f"explain.driver.{main}_plain", lang)
    return t(f"explain.driver.{main}", lang, detail=t("explain.sep.and", lang).join(details))


# ---------------------------------------------------------------- overview: 需关注

def attention(db: Database, period: str, config: Config, lang: str, as_of: int | None = None,
              committees: Iterable[str] | None = None, limit: int = 10,
              drops: int = 5) -> Attention:
    """The overview's 需关注 list (SPEC §5): vetoed, 不合格, not 达标, 两张皮 for two quarters
    or more, and the ``drops`` largest falls of C among the listed branches (with their driver);
    one row per branch, the most severe first, then the longest 两张皮, then the largest fall
    of C."""
    frame = explain.changes(db, period, config, as_of)
    streaks = explain.two_skins_streaks(db, period, config, as_of)[["branch_id", "streak", "quadrant"]]
    frame = frame.merge(streaks.rename(columns={"quadrant": "_last_quadrant"}), on="branch_id",
                        how="left")
    if committees is not None:
        frame = frame[frame["committee"].isin(list(committees))]
    low = _low_dimensions(explain.dimension_points(db, period, as_of), config)
    fallen = frame[frame["delta_composite"] < -EPS].nsmallest(drops, "delta_composite")
    drop_ids = set(fallen["branch_id"])
    vetoed = frame["veto"].map(as_flag).astype(bool)
    # each reason once, for every branch: the loop below reads these flags, and only for the
    # branches with one (at 10,000 branches the records of the whole frame cost more than
    # everything else here), and only the columns it uses
    frame = frame.assign(
        _vetoed=vetoed, _failed=(frame["grade"] == config.scoring.grade_floor).fillna(False).astype(bool),
        _not_standard=frame["standard_met"].map(_is_false).astype(bool) & ~vetoed,
        _dropped=frame["branch_id"].isin(drop_ids),
        streak=pd.to_numeric(frame["streak"], errors="coerce").fillna(0).astype(int))
    listed = frame[REASON_FLAGS].any(axis=1) | (frame["streak"] >= 2)
    rows = []
    for r in frame.loc[listed.to_numpy(dtype=bool), ATTENTION_INPUTS].to_dict("records"):
        reasons: list[tuple[int, str]] = []
        if r["_vetoed"]:
            reasons.append((SEVERITY["veto"], t("explain.attention.veto", lang, reason=r["veto_reason"] or "")))
        if r["_failed"]:
            reasons.append((SEVERITY["fail"], t("explain.attention.fail", lang, c=points(as_number(r["composite"])))))
        if r["_not_standard"]:
            reasons.append((SEVERITY["not_standard"], t("explain.attention.not_standard", lang,
                                                         why=_why_not_standard(r, low, config, lang))))
        streak = r["streak"]
        if streak >= 2:
            reasons.append((SEVERITY["two_skins"], t("explain.attention.two_skins", lang, n=streak,
                                                     quadrant=t(f"ui.quadrant.{r['_last_quadrant']}", lang))))
        if r["_dropped"]:
            reasons.append((SEVERITY["drop"], t("explain.attention.drop", lang,
                                                delta=points(-as_number(r["delta_composite"])),
                                                driver=driver_text(r, lang))))
        rows.append({  # every row listed has a reason
            "committee": r["committee"], "branch": r["branch"],
            "severity": min(s for s, _ in reasons),
            "reasons": t("explain.sep.list", lang).join(text for _, text in sorted(reasons, key=lambda x: x[0])),
            "driver": driver_text(r, lang), "delta_composite": as_number(r["delta_composite"]),
            "two_skins_quarters": streak,
        })
    out = pd.DataFrame(rows, columns=ATTENTION_COLUMNS)
    if not out.empty:
        out["_longer"] = -out["two_skins_quarters"]
        out = out.sort_values(["severity", "_longer", "delta_composite", "committee", "branch"],
                              na_position="last", kind="stable").drop(columns="_longer")
    out["severity"] = out["severity"].astype(int)
    out["two_skins_quarters"] = out["two_skins_quarters"].astype(int)
    return Attention(out.head(limit).reset_index(drop=True), len(out))


DRIVER_INPUTS = ["main_driver", "party_driver", "party_driver_part", "business_driver", "business_driver_part",
                 "veto", "previous_veto", "delta_composite"]
"""What :func:`driver_text` reads of a row of :func:`assess.scoring.explain.changes`."""
REASON_FLAGS = ["_vetoed", "_failed", "_not_standard", "_dropped"]
"""The reasons of :func:`attention` that are a flag (the fifth, 两张皮, is a streak of 2 or more)."""
ATTENTION_INPUTS = ["committee", "branch", "branch_id", "veto_reason", "composite", "party_score", "streak",
                    "_last_quadrant", *REASON_FLAGS, *DRIVER_INPUTS]
"""What :func:`attention` reads of a branch's row (its reasons, :func:`driver_text`,
:func:`_why_not_standard`)."""


def _is_false(met: Any) -> bool:
    """A 达标 verdict that is known and not met (None / <NA>: not known)."""
    return met is not None and met is not pd.NA and not bool(met)


def _low_dimensions(dims: pd.DataFrame, config: Config) -> dict[Any, list[str]]:
    """branch_id → its dimensions below the 达标 rate, in column order (one pass for all)."""
    need = config.scoring.standard_dimension_rate
    low = dims[~reaches(dims["rate"].to_numpy(dtype=float), need)].sort_values(
        ["branch_id", "position", "dimension"], kind="stable")
    return low.groupby("branch_id", sort=False)["dimension"].agg(lambda x: [str(v) for v in x]).to_dict()


def _why_not_standard(row: Mapping[str, Any], low: Mapping[Any, list[str]], config: Config,
                      lang: str) -> str:
    s = config.scoring
    why = []
    p = as_number(row["party_score"])
    if p < s.standard_p - EPS:
        why.append(t("explain.attention.low_p", lang, p=points(p), need=points(s.standard_p)))
    names = low.get(row["branch_id"], [])
    if names:
        why.append(t("explain.attention.low_dims", lang, dimensions="、".join(names),
                     need=pct(s.standard_dimension_rate)))
    return t("explain.sep.list", lang).join(why)


# ---------------------------------------------------------------- ranking: main drivers

def ranking_drivers(db: Database, period: str, config: Config, lang: str,
                    as_of: int | None = None) -> pd.DataFrame:
    """Each branch's main driver of ΔC (:data:`DRIVER_COLUMNS`): main_driver 'K' / 'B' / None,
    driver in words (:func:`driver_text`), delta_composite. Join it to the ranking table on
    committee and branch."""
    frame = explain.changes(db, period, config, as_of)
    return pd.DataFrame({
        "committee": frame["committee"].astype(str), "branch": frame["branch"].astype(str),
        "main_driver": frame["main_driver"].to_numpy(dtype=object),
        "driver": [driver_text(r, lang) for r in frame[DRIVER_INPUTS].to_dict("records")],
        "delta_composite": frame["delta_composite"].astype(float),
    }, columns=DRIVER_COLUMNS)


# ---------------------------------------------------------------- profile

def profile(db: Database, period: str, committee: str, branch: str, config: Config, lang: str,
            as_of: int | None = None) -> ProfileExplanation:
    """The profile's explanation of one branch in ``period`` (:class:`ProfileExplanation`)."""
    frame = explain.changes(db, period, config, as_of)
    hit = frame[(frame["committee"].astype(str) == committee) & (frame["branch"].astype(str) == branch)]
    before = previous_period(period)
    if hit.empty:
        empty = pd.DataFrame
        return ProfileExplanation(period, before, False, False, False, empty(columns=TILE_COLUMNS),
                                  empty(columns=ADJUSTMENT_COLUMNS), (), empty(columns=SCORE_COLUMNS),
                                  empty(columns=DIMENSION_COLUMNS), empty(columns=WATERFALL_COLUMNS),
                                  empty(columns=WATERFALL_COLUMNS), empty(columns=WATERFALL_COLUMNS))
    row = hit.iloc[0].to_dict()
    bid = row["branch_id"]
    dims_all = explain.dimension_points(db, period, as_of)
    dims = dims_all[dims_all["branch_id"] == bid]
    dims_prev_all = explain.dimension_points(db, before, as_of)
    dims_prev = dims_prev_all[dims_prev_all["branch_id"] == bid]
    term = explain.terms(db, period, config, as_of)
    term = term[term["branch_id"] == bid].sort_values("category", ascending=False)  # party first
    splits = {c: explain.parts(db, period, c, config, as_of) for c in ("party", "business")}
    splits = {c: s[s["branch_id"] == bid] for c, s in splits.items()}
    rules = rules_for(config, period)
    table = branch_scores(db, period, config, as_of)
    steps = next_steps(row, dims, rules, quota_levels(table))
    cross = crossings(row, dims, dims_prev, rules)
    comparable = not (math.isnan(as_number(row["composite"])) or math.isnan(as_number(row["previous_composite"])))
    streaks = explain.two_skins_streaks(db, period, config, as_of)
    streak = streaks.loc[streaks["branch_id"] == bid, "streak"]
    notes = tuple(n for n in term["notes"].dropna().astype(str))
    return ProfileExplanation(
        period=period, previous_period=before, found=True, comparable=comparable,
        new_branch=bool(row["new_branch"]),
        tiles=tiles(row, lang), adjustments=_adjustments(term), notes=notes,
        scores=_scores(db, period, bid, splits, as_of), dimensions=_dimensions(dims, config),
        composite_waterfall=composite_waterfall(row, lang),
        party_waterfall=part_waterfall(splits["party"], row, "party", lang),
        business_waterfall=part_waterfall(splits["business"], row, "business", lang),
        steps=steps, step_texts=tuple(step_text(s, rules, lang, row) for s in steps),
        crossings=cross, crossing_texts=tuple(crossing_text(c, rules, lang) for c in cross),
        driver_text=t("explain.profile.driver", lang, driver=driver_text(row, lang)) if comparable else "",
        no_change_text="" if comparable else t("explain.profile.no_change", lang, period=period),
        two_skins_quarters=int(streak.iloc[0]) if len(streak) else 0,
        row=row, quota_text=quota_text(row, lang),
        year_text=year_text(row, rules.scoring.evaluation_weight, lang) if is_year(period) else "",
    )


def quota_text(row: Mapping[str, Any], lang: str) -> str:
    """"因星级名额由 4 星降为 3 星" where the star quota moved the branch (SPEC §3.16), else ""."""
    before, after = as_number(row.get("stars_before_quota")), as_number(row.get("stars"))
    if math.isnan(before) or math.isnan(after) or int(before) == int(after):
        return ""
    return t("rules.quota_moved", lang, before=int(before), after=int(after))


def year_text(row: Mapping[str, Any], weight: float, lang: str) -> str:
    """How a year's P is made (SPEC §3.16): the combination with the evaluation E, 待测评, or
    the quarterly mean alone; "" without a P."""
    mean, e, p = as_number(row.get("party_quarter_mean")), as_number(row.get("evaluation")), as_number(row.get("party_score"))
    if math.isnan(mean):
        return ""
    if not math.isnan(e) and weight > 0:
        return t("explain.year.combined", lang, w=f"{weight:g}", mean=f"{mean:.2f}", e=f"{e:.2f}",
                 p=f"{p:.2f}")
    if as_flag(row.get("evaluation_pending")):
        return t("explain.year.pending", lang, mean=f"{mean:.2f}")
    return t("explain.year.mean", lang, mean=f"{mean:.2f}")


def tiles(row: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """:data:`TILE_COLUMNS` for P, B, K, C, rank and stars of a changes row."""
    out = []
    for measure in TILE_MEASURES:
        value, previous = as_number(row.get(measure)), as_number(row.get(f"previous_{measure}"))
        delta = previous - value if measure == "rank" else value - previous
        if measure == "coefficient":
            text, dtext = _opt(value, lambda v: f"{v:.3f}"), _opt(delta, lambda v: signed(v, 3))
        elif measure == "rank":
            text, dtext = _opt(value, lambda v: f"{v:.0f}"), _opt(delta, lambda v: signed(v, 0))
        elif measure == "stars":
            text, dtext = _opt(value, lambda v: f"{v:.0f}★"), _opt(delta, lambda v: signed(v, 0))
        else:
            text, dtext = _opt(value, points), _opt(delta, signed)
        out.append({"measure": measure, "label": t(f"ui.col.{measure}", lang), "value": value,
                    "previous": previous, "delta": delta, "value_text": text, "delta_text": dtext})
    return pd.DataFrame(out, columns=TILE_COLUMNS)


def _opt(value: float, fmt) -> str:
    return "" if math.isnan(value) else fmt(value)


def _adjustments(term: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: term[c].to_numpy() for c in ADJUSTMENT_COLUMNS},
                        columns=ADJUSTMENT_COLUMNS).sort_values("category", ascending=False,
                                                                 kind="stable").reset_index(drop=True)


def _scores(db: Database, period: str, bid: Any, splits: Mapping[str, pd.DataFrame],
            as_of: int | None) -> pd.DataFrame:
    levels = explain.indicator_levels(db, period, as_of)
    mine = levels[levels["branch_id"] == bid]
    part = pd.concat([s[s["kind"] == "indicator"][["category", "name", "part"]] for s in splits.values()],
                     ignore_index=True).rename(columns={"name": "indicator"})
    out = pd.DataFrame({
        "category": mine["category"].astype(str), "dimension": mine["dimension"].astype(str),
        "indicator": mine["indicator"].astype(str), "score": mine["score"].astype(float),
        "full_mark": mine["full_mark"].astype(float), "position": mine["position"].astype(float)})
    out["rate"] = out["score"] / out["full_mark"]
    out = out.merge(part, on=["category", "indicator"], how="left")
    out = out.sort_values(["category", "position", "indicator"], ascending=[False, True, True], kind="stable")
    return out[SCORE_COLUMNS].reset_index(drop=True)


def _dimensions(dims: pd.DataFrame, config: Config) -> pd.DataFrame:
    need = config.scoring.standard_dimension_rate
    d = dims.sort_values(["position", "dimension"], kind="stable")
    rate = d["rate"].astype(float)
    lacking = ((need - rate) * d["full_mark"].astype(float)).clip(lower=0.0)
    return pd.DataFrame({"dimension": d["dimension"].astype(str).to_numpy(),
                         "score": d["score"].astype(float).to_numpy(),
                         "full_mark": d["full_mark"].astype(float).to_numpy(),
                         "rate": rate.to_numpy(), "lacking": lacking.to_numpy()},
                        columns=DIMENSION_COLUMNS)


def composite_waterfall(row: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """C₀ → business part → party part → C₁ (:data:`WATERFALL_COLUMNS`); empty when C is
    missing in either period."""
    c0, c1 = as_number(row.get("previous_composite")), as_number(row.get("composite"))
    if math.isnan(c0) or math.isnan(c1):
        return pd.DataFrame(columns=WATERFALL_COLUMNS)
    rows = [(t("explain.chart.level", lang, period=row["previous_period"], measure="C"), c0, "absolute", "level"),
            (t("explain.part.business", lang), as_number(row["business_part"]), "relative", "business"),
            (t("explain.part.party", lang), as_number(row["party_part"]), "relative", "party"),
            (t("explain.chart.level", lang, period=row["period"], measure="C"), c1, "total", "level")]
    return pd.DataFrame(rows, columns=WATERFALL_COLUMNS)


def part_waterfall(split: pd.DataFrame, row: Mapping[str, Any], category: str, lang: str) -> pd.DataFrame:
    """P₀ (or B₀) → each non-zero part → P₁ (:data:`WATERFALL_COLUMNS`); empty when the score is
    missing in either period."""
    measure = "P" if category == "party" else "B"
    column = "party_score" if category == "party" else "business_score"
    s0, s1 = as_number(row.get(f"previous_{column}")), as_number(row.get(column))
    if math.isnan(s0) or math.isnan(s1) or split.empty:
        return pd.DataFrame(columns=WATERFALL_COLUMNS)
    rows = [(t("explain.chart.level", lang, period=row["previous_period"], measure=measure), s0, "absolute", "level")]
    for r in split.itertuples(index=False):
        if abs(r.part) > EPS:
            rows.append((part_name(r.kind, r.name, lang), float(r.part), "relative", r.kind))
    rows.append((t("explain.chart.level", lang, period=row["period"], measure=measure), s1, "total", "level"))
    return pd.DataFrame(rows, columns=WATERFALL_COLUMNS)


# ---------------------------------------------------------------- sentences

def _target(step: Step, lang: str) -> str:
    if step.step == "next_star":
        return t("explain.target.stars", lang, n=step.target)
    if step.step == "solid":
        return t("explain.target.solid", lang, n=step.target)
    if step.step == "standard":
        return t("explain.target.standard", lang)
    if step.step == "next_band":
        return t("explain.target.band", lang, k=f"{step.target:g}")
    return t(f"ui.grade.{step.target}", lang)


def step_text(step: Step, config: Config, lang: str, row: Mapping[str, Any] | None = None) -> str:
    """One §3.14 step in plain words, e.g. ``要达到4★需再提高P 2.5分：基本组织得分率56%，距60%差0.6分``.
    Where the star quota stands in the way (:attr:`Step.quota`) the sentence says so instead
    of a number that would be wrong: ``row`` (the branch's changes row) names the level the
    quota moved it from."""
    if step.quota == "moved":
        return t("explain.step.quota_moved", lang, target=_target(step, lang),
                 moved=quota_text(row or {}, lang))
    text = _step_text(step, config, lang)
    if step.quota == "full":
        text += t("explain.step.quota_full", lang, target=_target(step, lang))
    return text


def _step_text(step: Step, config: Config, lang: str) -> str:
    if step.reached:
        if step.step == "next_star":
            return t("explain.step.top_star", lang, target=t("explain.target.stars", lang, n=step.target))
        if step.step == "next_grade":
            return t("explain.step.top_grade", lang, target=t(f"ui.grade.{step.target}", lang))
        if step.step == "next_band":
            return t("explain.step.top_band", lang)
        if step.step == "standard":
            return t("explain.step.standard_reached", lang)
        return t("explain.step.reached", lang, target=_target(step, lang))
    target = _target(step, lang)
    if step.blocked:
        return t("explain.step.blocked", lang, target=target)
    need = pct(config.scoring.standard_dimension_rate)
    dims = [t("explain.step.dimension", lang, dimension=d.dimension, rate=pct(d.rate), need=need,
              lacking=needed(d.lacking)) for d in step.dimensions]
    if step.step == "next_grade":
        text = t("explain.step.need_c", lang, target=target, gap=needed(step.gap))
        if step.p_needed is None:
            return text + t("explain.step.p_cannot", lang)
        return text + t("explain.step.p_needed", lang, p=needed(step.p_needed))
    if step.step == "next_band":
        return t("explain.step.need_band", lang, target=target, threshold=points(step.threshold),
                 gap=needed(step.gap))
    standard = step.step == "standard"
    if step.gap > EPS:
        head = t("explain.step.standard_p" if standard else "explain.step.need_p", lang,
                 target=target, gap=needed(step.gap))
    else:
        head = t("explain.step.standard_dims" if standard else "explain.step.need_dims", lang,
                 target=target)
    if not dims:
        return head
    return head + t("explain.sep.colon", lang) + t("explain.sep.list", lang).join(dims)


def _value(what: str, value: Any, lang: str) -> str:
    if what == "stars":
        return t("explain.target.stars", lang, n=value)
    if what == "grade":
        return t(f"ui.grade.{value}", lang)
    return t(f"explain.standard.{'true' if value else 'false'}", lang)


def crossing_text(crossing: Crossing, config: Config, lang: str) -> str:
    """A star, grade or 达标 change and what it crossed, in words."""
    params = {"what": t(f"explain.what.{crossing.what}", lang),
              "before": _value(crossing.what, crossing.before, lang),
              "after": _value(crossing.what, crossing.after, lang)}
    up = crossing.direction == "up"
    if crossing.cause == "quota":
        if crossing.before_quota is not None and crossing.before_quota != crossing.after:
            return t("explain.cross.quota_now", lang, natural=crossing.before_quota, **params)
        return t("explain.cross.quota_before", lang, natural=crossing.previous_before_quota, **params)
    if crossing.cause in ("threshold", "party"):
        measure = "C" if crossing.what == "grade" else "P"
        return t(f"explain.cross.threshold_{'up' if up else 'down'}", lang, measure=measure,
                 threshold=points(crossing.threshold), **params)
    if crossing.cause == "dimension":
        return t(f"explain.cross.dimension_{'up' if up else 'down'}", lang,
                 dimensions="、".join(crossing.dimensions),
                 need=pct(config.scoring.standard_dimension_rate), **params)
    if crossing.cause == "veto":
        return t(f"explain.cross.veto_{'up' if up else 'down'}", lang, **params)
    return t("explain.cross.standard", lang, **params)


def two_skins_warnings(db: Database, period: str, config: Config, as_of: int | None = None,
                       committees: Sequence[str] | None = None, minimum: int = 2) -> pd.DataFrame:
    """Branches 两张皮 for ``minimum`` quarters in a row or more (SPEC §3.15), longest first:
    committee, branch, quadrant, streak."""
    streaks = explain.two_skins_streaks(db, period, config, as_of)
    names = branch_scores(db, period, config, as_of)[["branch_id", "committee", "branch"]]
    out = streaks[streaks["streak"] >= minimum].merge(names, on="branch_id")
    if committees is not None:
        out = out[out["committee"].isin(list(committees))]
    out = out[out["quadrant"].isin(TWO_SKINS)]
    return out.sort_values(["streak", "committee", "branch"], ascending=[False, True, True],
                           kind="stable")[["committee", "branch", "quadrant", "streak"]].reset_index(drop=True)
