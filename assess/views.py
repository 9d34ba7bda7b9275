"""View data: tidy DataFrames the pages show, built from the scoring engine's outputs.

Pure (no Streamlit): branch tables, rates and summaries in, DataFrames out. Numbers stay
unrounded here; :func:`display_table` formats for people. Filters (committees) only choose rows:
every number comes from the whole period's table (SPEC §3).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from assess.charts import short_name
from assess.config import Config, Method
from assess.export import to_csv_bytes, to_xlsx_bytes
from assess.i18n import t
from assess.links import BRANCH_SEP, branch_key
from assess.periods import is_quarter, is_year
from assess.scoring import model

GRADES = ("优秀", "良好", "合格", "不合格")
PENDING = "待补充"  # no composite yet (SPEC §3.5)


# ---------------------------------------------------------------- periods, branches, filters

def period_options(periods: pd.DataFrame) -> list[str]:
    """Quarters newest first, then years newest first; the first is the default period."""
    if periods is None or periods.empty:
        return []
    quarters = sorted(periods.loc[periods["kind"] == "quarter", "period"].astype(str), reverse=True)
    years = sorted(periods.loc[periods["kind"] == "year", "period"].astype(str), reverse=True)
    return quarters + years


def quarters_up_to(options: Sequence[str], period: str, limit: int = 12) -> list[str]:
    """The quarters with data up to ``period`` (the quarters of a year, up to its last), oldest first."""
    end = period if is_quarter(period) else f"{period}Q4"
    quarters = sorted(p for p in options if is_quarter(p) and p <= end)
    return quarters[-limit:]


def branch_keys(branches: pd.DataFrame) -> list[str]:
    """``committee/branch`` keys of a frame with committee and branch columns."""
    return [branch_key(c, b) for c, b in zip(branches["committee"], branches["branch"])]


def only(df: pd.DataFrame, committees: Iterable[str]) -> pd.DataFrame:
    """The rows of the chosen committees (all rows when none is chosen)."""
    chosen = list(committees)
    if not chosen or df.empty:
        return df
    return df[df["committee"].isin(chosen)].reset_index(drop=True)


def method_label(method: Method, lang: str) -> str:
    return t(f"ui.method.{method.name}", lang)


def context(period: str, method: Method, lang: str) -> str:
    """The subtitle every chart carries: ``2025Q3 · 系数法(得分率)``."""
    return f"{period_label(period, lang)} · {method_label(method, lang)}"


def period_label(period: str, lang: str) -> str:
    """``2025Q3`` as is; a year as ``2025年度`` / ``year 2025``; anything else (a range) as is."""
    return t("ui.period.year", lang, year=period) if is_year(period) else period


# ---------------------------------------------------------------- overview

KPI_KEYS = ("branches", "party_mean", "business_mean", "composite_mean", "solid_rate", "vetoes")


def kpi_tiles(now: Mapping, before: Mapping | None) -> pd.DataFrame:
    """One row per overview tile: key, value, previous, delta (NaN when there is no previous)."""
    rows = []
    for key in KPI_KEYS:
        value = _f(now.get(key))
        prev = _f(before.get(key)) if before and before.get("branches") else math.nan
        rows.append({"key": key, "value": value, "previous": prev, "delta": value - prev})
    return pd.DataFrame(rows)


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


def largest_drops(changes: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` largest falls of C against the previous period: committee, branch, composite,
    previous_composite, delta_composite, delta_rank (only falls)."""
    cols = ["committee", "branch", "composite", "previous_composite", "delta_composite", "delta_rank"]
    if changes.empty:
        return pd.DataFrame(columns=cols)
    falls = changes[changes["delta_composite"] < 0].sort_values("delta_composite")
    return falls[cols].head(n).reset_index(drop=True)


# ---------------------------------------------------------------- ranking

RANKING_COLUMNS = ["rank", "branch", "composite", "delta_rank", "stars", "grade", "party_score",
                   "business_score", "coefficient", "committee", "quadrant", "veto_reason"]
"""Most telling first, so a phone shows rank, branch and C before it scrolls."""


def ranking(scores: pd.DataFrame, changes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ranking table (unrounded): :data:`RANKING_COLUMNS`, in rank order."""
    out = scores.copy()
    if changes is not None and not changes.empty:
        out = out.merge(changes[["committee", "branch", "delta_rank"]], on=["committee", "branch"], how="left")
    else:
        out["delta_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    return out[RANKING_COLUMNS].reset_index(drop=True)


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


SHIFT_ROWS = 50
"""The most branches the rank-shift chart draws (a row each): beyond that, the best ranked."""


def best_ranked(shift: pd.DataFrame, limit: int = SHIFT_ROWS) -> pd.DataFrame:
    """The ``limit`` rows of :func:`rank_shift` best ranked by C (ties by the rank by B), all
    when there are no more; ranks unchanged. ``attrs``: ``branches`` (rows given), ``shown``."""
    out = shift
    if len(shift) > limit:
        out = shift.sort_values(["rank_right", "rank_left"], kind="stable").head(limit).reset_index(drop=True)
    out = out.copy(deep=False)
    out.attrs.update(branches=len(shift), shown=len(out))
    return out


def method_shift(default_scores: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Rank under the default method (left) against the chosen method (right):
    committee, branch, rank_left, rank_right, delta (left − right: positive = moved up)."""
    left = default_scores[["committee", "branch", "rank"]].rename(columns={"rank": "rank_left"})
    right = scores[["committee", "branch", "rank"]].rename(columns={"rank": "rank_right"})
    out = left.merge(right, on=["committee", "branch"], how="inner")
    out["rank_left"] = out["rank_left"].astype("Float64").astype(float)
    out["rank_right"] = out["rank_right"].astype("Float64").astype(float)
    out["delta"] = out["rank_left"] - out["rank_right"]
    return out


SORT_DESCENDING = {"delta_rank", "party_score", "business_score", "composite"}


def sort_ranking(table: pd.DataFrame, by: str) -> pd.DataFrame:
    """The ranking table sorted by one column (scores and rank gains descending, rank and
    committee ascending); ties keep rank order; missing values last."""
    if by not in table.columns:
        by = "rank"
    keys = [by] + (["rank"] if by != "rank" else []) + ["committee", "branch"]
    ascending = [by not in SORT_DESCENDING] + [True] * (len(keys) - 1)
    return table.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- integration

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


# ---------------------------------------------------------------- trends

TREND_MEASURES = ("party_score", "business_score", "composite", "solid_rate")


def of_branches(rows: pd.DataFrame, keys: Iterable[str]) -> pd.DataFrame:
    """The rows of the branches ``keys`` (``committee/branch``) of a frame with committee and
    branch columns (none when ``keys`` is empty)."""
    wanted = set(keys)
    # every name a key can end with (a committee may hold the separator too): few rows pass
    names = {k[i + 1:] for k in wanted for i, ch in enumerate(k) if ch == BRANCH_SEP}
    part = rows[rows["branch"].isin(names)] if names else rows.iloc[0:0]
    mine = [branch_key(c, b) in wanted for c, b in zip(part["committee"], part["branch"])]
    return part[mine].reset_index(drop=True)


def trend_frame(summary: pd.DataFrame, branch_rows: pd.DataFrame | None, committees: Sequence[str],
                branches: Sequence[str], overall_label: str) -> pd.DataFrame:
    """Measures over quarters, long: period, series, measure, value.

    ``summary``: per quarter × committee counts and sums (:func:`assess.scoring.quarter_summary`)
    of every committee the viewer may see; the overall series adds them all up. With
    ``branches`` (keys ``committee/branch``; ``branch_rows`` their per quarter scores) the series
    are those branches (P, B, C) and 过硬率 stays per committee; otherwise one series per chosen
    committee (all when none) plus the overall one.
    """
    if summary.empty:
        return pd.DataFrame(columns=["period", "series", "measure", "value"])
    sums = ["party_sum", "party_count", "business_sum", "business_count", "composite_sum",
            "composite_count", "solid", "solid_base"]
    overall = summary.groupby("quarter", sort=True)[sums].sum().assign(committee=overall_label).reset_index()
    shown = only(summary, committees)
    means = {"party_score": ("party_sum", "party_count"), "business_score": ("business_sum", "business_count"),
             "composite": ("composite_sum", "composite_count"), "solid_rate": ("solid", "solid_base")}
    frames = []
    for part, measures in ((shown, TREND_MEASURES), (overall, TREND_MEASURES)):
        if branches:
            measures = ("solid_rate",)
        for measure in measures:
            total, count = means[measure]
            with np.errstate(invalid="ignore", divide="ignore"):
                value = np.where(part[count].to_numpy() > 0,
                                 part[total].to_numpy(dtype=float) / np.maximum(part[count].to_numpy(), 1), np.nan)
            frames.append(pd.DataFrame({"period": part["quarter"].astype(str).to_numpy(),
                                        "series": part["committee"].astype(str).to_numpy(),
                                        "measure": measure, "value": value}))
    if branches and branch_rows is not None and not branch_rows.empty:
        order = {key: i for i, key in enumerate(branches)}
        rows = branch_rows.assign(order=[order.get(branch_key(c, b), len(order)) for c, b in
                                         zip(branch_rows["committee"], branch_rows["branch"])])
        rows = rows.sort_values(["order", "quarter"], kind="stable")
        for measure in TREND_MEASURES[:3]:
            frames.insert(0, pd.DataFrame({"period": rows["quarter"].astype(str).to_numpy(),
                                           "series": rows["branch"].astype(str).to_numpy(),
                                           "measure": measure,
                                           "value": rows[measure].to_numpy(dtype=float, na_value=np.nan)}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values("period", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- branch profile

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
        rows += [(d, label, _f(series.get(d))) for d in order]
    return pd.DataFrame(rows, columns=["dimension", "series", "rate"])


HISTORY_COLUMNS = ["period", "party_score", "business_score", "coefficient", "composite", "rank",
                   "committee_rank", "stars", "grade", "veto_reason"]


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
    """The indicators of one branch: category, dimension, indicator, full_mark, rate."""
    mine = rates[(rates["committee"] == committee) & (rates["branch"] == branch)]
    cols = ["category", "dimension", "indicator", "full_mark", "rate"]
    return mine[cols].reset_index(drop=True)


# ---------------------------------------------------------------- indicators

HEAT_ROWS = 50
"""The most branches the heat map and its table draw: beyond that, the weakest ones (a map of
10,000 rows says nothing and takes minutes to draw)."""


def heat_frame(rates: pd.DataFrame, category: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """Heat map cells: label (branch, with committee where names repeat), indicator, rate.

    With ``limit``, only the ``limit`` branches with the lowest mean rate over the category's
    applicable indicators (ties in the order of ``rates``, committee and branch as the query
    gives them; branches without any rate last).
    ``attrs``: ``branches`` (all branches of the category), ``shown`` (branches drawn)."""
    df = rates if category is None else rates[rates["category"] == category]
    if df.empty:
        out = pd.DataFrame(columns=["label", "indicator", "rate"])
        out.attrs.update(branches=0, shown=0)
        return out
    ids = df["branch_id"] if "branch_id" in df.columns else pd.Series(
        [branch_key(c, b) for c, b in zip(df["committee"], df["branch"])], index=df.index)
    total = int(ids.nunique())
    if limit is not None and total > limit:
        means = df["rate"].astype(float).groupby(ids.to_numpy(), sort=False).mean()
        weakest = means.sort_values(kind="stable", na_position="last").index[:limit]
        df = df[ids.isin(weakest).to_numpy()]
    df = df.sort_values(["committee", "branch", "category", "position"], ascending=[True, True, False, True])
    committee = df["committee"].astype(object).to_numpy()
    branch = df["branch"].astype(object).to_numpy()
    names = pd.DataFrame({"committee": committee, "branch": branch}).drop_duplicates()
    dup = set(names.loc[names["branch"].duplicated(keep=False), "branch"])
    label = [f"{short_name(b)}（{c}）" if b in dup else short_name(b) for c, b in zip(committee, branch)]
    out = pd.DataFrame({"label": label, "indicator": df["indicator"].astype(object).to_numpy(),
                        "rate": df["rate"].to_numpy(dtype=float, na_value=np.nan)})
    out.attrs.update(branches=total, shown=len(names))
    return out


def heat_table(heat: pd.DataFrame) -> pd.DataFrame:
    """The heat map as a table: one row per branch label, one column per indicator (rates 0…1)."""
    if heat.empty:
        return pd.DataFrame()
    grid = heat.pivot_table(index="label", columns="indicator", values="rate", aggfunc="mean", sort=False, dropna=False)
    grid = grid.reindex(columns=list(dict.fromkeys(heat["indicator"])), index=list(dict.fromkeys(heat["label"])))
    return grid.rename_axis(index=None, columns=None)


def weakest_indicators(rates: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` indicators with the lowest mean score rate over the branches where they apply:
    indicator, category, dimension, rate, branches."""
    if rates.empty:
        return pd.DataFrame(columns=["indicator", "category", "dimension", "rate", "branches"])
    g = rates.dropna(subset=["rate"]).groupby(["category", "indicator"], as_index=False, observed=True).agg(
        dimension=("dimension", "first"), rate=("rate", "mean"), branches=("rate", "size"))
    return g.sort_values("rate").head(n)[["indicator", "category", "dimension", "rate", "branches"]].reset_index(drop=True)


# ---------------------------------------------------------------- method

def k_curve(method: Method, default: Method, labels: Sequence[str]) -> pd.DataFrame:
    """K against P from 40 to 105 for ``method`` and ``default`` (labels in that order):
    party_score, coefficient, series, step (True for the tiered staircase)."""
    p = np.round(np.arange(40, 105.01, 0.25), 2)
    frames = []
    for m, label in zip((method, default), labels):
        k = model.coefficient(p, np.zeros(p.shape, dtype=bool), m)
        frames.append(pd.DataFrame({"party_score": p, "coefficient": k, "series": label, "step": m.name == "tiered"}))
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------- data page

PROBLEM_COLUMNS = ["file", "sheet", "cell", "severity", "message"]


def problems_table(problems: Sequence, lang: str) -> pd.DataFrame:
    """Located problems as rows: file, sheet, cell, severity, message (in ``lang``)."""
    return pd.DataFrame([p.as_row(lang) for p in problems], columns=PROBLEM_COLUMNS)


def status_counts(preview: pd.DataFrame) -> pd.DataFrame:
    """Rows of an upload preview per status: status, count (every status, in a fixed order)."""
    statuses = ("new_branch", "new", "changed", "unchanged")
    counts = preview["status"].value_counts() if not preview.empty else {}
    return pd.DataFrame({"status": statuses, "count": [int(counts.get(s, 0)) for s in statuses]})


def as_list(value) -> list:
    """A list cell from DuckDB (list, array) as a list; missing (None, NA, NaN) as []."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return list(value)
    return []


VERSION_COLUMNS = ["version", "created_at", "user_name", "action", "quarters", "file_names",
                   "entries_written", "entries_unchanged", "entries_closed"]


def version_table(history: pd.DataFrame) -> pd.DataFrame:
    """The version history for people: lists joined, the action with its restored version."""
    out = history.copy()
    out["quarters"] = out["quarters"].map(lambda v: "、".join(map(str, as_list(v))))
    out["file_names"] = out["file_names"].map(lambda v: "、".join(map(str, as_list(v))))
    out["action"] = [f"{a} → v{int(r)}" if a == "rollback" and pd.notna(r) else a
                     for a, r in zip(out["action"], out["restored_version"])]
    return out[VERSION_COLUMNS]


def method_parameters(method: Method, default: Method) -> pd.DataFrame:
    """The numbers of a method against the default: parameter (URL name), value, default, changed.
    Only the parameters the method uses, plus the veto cap."""
    from assess.links import NUMBERS, format_number, format_tiers

    used = {"ratio": ("vetok",), "tiered": ("tiers", "floor", "vetok"),
            "linear": ("slope", "pivot", "kmin", "kmax", "vetok")}[method.name]
    rows = []
    for name in used:
        if name == "tiers":
            value, base = format_tiers(method.tiers), format_tiers(default.tiers)
        else:
            attr = NUMBERS[name][0]
            value, base = format_number(getattr(method, attr)), format_number(getattr(default, attr))
        rows.append({"parameter": name, "value": value, "default": base, "changed": value != base})
    return pd.DataFrame(rows, columns=["parameter", "value", "default", "changed"])


def rule_params(config: Config, lang: str) -> dict[str, str]:
    """The numbers the rules in words quote, from the configuration (so the words never drift
    from the scoring): bonus_cap, standard_p, dimension_rate, stars, solid_stars, target, grades,
    grade_floor, veto_grade, quota."""
    s = config.scoring
    pct = lambda x: f"{x:.0%}"  # noqa: E731
    return {
        "bonus_cap": f"{s.bonus_cap:g}",
        "standard_p": f"{s.standard_p:g}",
        "dimension_rate": pct(s.standard_dimension_rate),
        "stars": ", ".join(f"≥ {p:g} → {n}★" for p, n in s.star_bands),
        "solid_stars": str(s.solid_stars),
        "target": pct(s.solid_target),
        "grades": ", ".join(f"{t(f'ui.grade.{g}', lang)} ≥ {c:g}" for c, g in s.grade_bands),
        "grade_floor": t(f"ui.grade.{s.grade_floor}", lang),
        "veto_grade": t(f"ui.grade.{s.veto_grade_cap}", lang),
        "quota": pct(s.excellent_quota),
    }


# ---------------------------------------------------------------- display and export

def display_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as people read it: one decimal, K to three, ★ stars, grades and quadrants in
    ``lang``, column names translated (``ui.col.*``)."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col in ("party_score", "business_score", "composite", "gap", "previous_composite",
                   "delta_composite", "party_mean", "business_mean", "composite_mean", "full_mark"):
            out[col] = s.astype("Float64").round(1)
        elif col == "coefficient":
            out[col] = s.astype("Float64").round(3)
        elif col == "correlation":
            out[col] = s.astype("Float64").round(2)
        elif col == "rate":
            out[col] = s.astype("Float64").round(3)
        elif col == "solid_rate":
            out[col] = [fmt(x, "pct") for x in s]
        elif col in ("quarters", "file_names") and s.map(lambda x: isinstance(x, (list, tuple, np.ndarray))).any():
            out[col] = s.map(lambda x: "、".join(map(str, x)))
        elif col == "stars":
            out[col] = [stars_text(v) for v in s]
        elif col == "grade":
            out[col] = [t(f"ui.grade.{g}", lang) if isinstance(g, str) else t(f"ui.grade.{PENDING}", lang) for g in s]
        elif col == "quadrant":
            out[col] = [t(f"ui.quadrant.{q}", lang) if isinstance(q, str) else "" for q in s]
        elif col == "category":
            out[col] = [t(f"ui.category.{c}", lang) if isinstance(c, str) else "" for c in s]
        elif col in ("delta_rank", "delta"):
            out[col] = [rank_change(x) for x in s]
        elif col == "status":
            out[col] = [t(f"ui.status.{x}", lang) for x in s]
        elif col == "severity":
            out[col] = [t(f"ui.severity.{x}", lang) for x in s]
        elif col == "action":
            out[col] = [t("ui.action.rollback", lang) + x[len("rollback"):] if str(x).startswith("rollback")
                        else t("ui.action.upload", lang) for x in s]
        elif col in ("veto", "standard_met", "solid"):
            out[col] = [t("ui.yes", lang) if v is True or v == 1 else "" for v in s.astype(object)]
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = s
        else:  # text: missing is empty, not "None"
            out[col] = s.astype(object).where(s.notna(), "")
    out.columns = [t(f"ui.col.{c}", lang) for c in df.columns]
    return out.reset_index(drop=True)


def rank_change(x) -> str:
    """``↑3`` (moved up), ``↓2``, ``–`` (same), empty when unknown."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = int(x)
    return f"↑{x}" if x > 0 else (f"↓{-x}" if x < 0 else "–")


NUMBER_FORMATS = {
    **dict.fromkeys(("party_score", "business_score", "composite", "gap", "previous_composite",
                     "delta_composite", "party_mean", "business_mean", "composite_mean", "full_mark"), "%.1f"),
    "coefficient": "%.3f", "correlation": "%.2f", "rank": "%d", "committee_rank": "%d", "rate": "percent",
}


def column_formats(lang: str) -> dict[str, str]:
    """Translated column name → printf format, for the table widget (values stay numbers, so
    sorting by a column still sorts numerically)."""
    return {t(f"ui.col.{col}", lang): f for col, f in NUMBER_FORMATS.items()}


def stars_text(n, total: int = 5) -> str:
    """``★★★★☆`` for 4; empty when unknown."""
    if n is None or n is pd.NA or (isinstance(n, float) and math.isnan(n)):
        return ""
    n = max(0, min(int(n), total))
    return "★" * n + "☆" * (total - n)


def to_xlsx(df: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """``df`` as an .xlsx workbook: text escaped against formula injection (:mod:`assess.export`)."""
    return to_xlsx_bytes(df, sheet_name=sheet)


def to_csv(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV with a BOM (so Excel reads the Chinese), text escaped."""
    return to_csv_bytes(df)


def fmt(value, kind: str = "score") -> str:
    """A number for people: score one decimal, pct as 83.3 %, count as an integer; '—' if missing."""
    v = _f(value)
    if math.isnan(v):
        return "—"
    if kind == "pct":
        return f"{v * 100:.1f}%"
    if kind == "count":
        return f"{int(round(v))}"
    if kind == "r":
        return f"{v:.2f}"
    return f"{v:.1f}"


def _f(value) -> float:
    try:
        if value is None or value is pd.NA:
            return math.nan
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def safe_file_name(name: str) -> str:
    """A stored upload's name fit to serve as a download: the base name only, without control or
    bidi characters (a name like ``x\u202egpj.xlsx`` must not disguise its type)."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable() and unicodedata.category(ch) != "Cf")
    return clean.strip(". ") or "upload.xlsx"
