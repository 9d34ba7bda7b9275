"""Summaries of a branch table (the output of :func:`assess.scoring.branch_scores`).

Pure: a branch table in, a DataFrame or dict out. Always pass the whole period's table, not a
filtered one, so that a number never changes because a filter changed (SPEC §3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assess.config import Config
from assess.scoring import model
from assess.scoring.table import quota_warning


def correlations(scores: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Pearson correlation of P and B (SPEC §3.10): the overall row first, then per committee.

    Columns: scope ('overall' | 'committee'), committee (None for overall), branches (with both P
    and B), correlation (NaN when fewer than ``min_correlation_branches`` or undefined).
    """
    n_min = config.scoring.min_correlation_branches
    p = scores["party_score"].to_numpy(dtype=float, na_value=np.nan)
    b = scores["business_score"].to_numpy(dtype=float, na_value=np.nan)
    r = model.pearson(p, b, n_min)
    overall = {"scope": "overall", "committee": None,
               "branches": int((~(np.isnan(p) | np.isnan(b))).sum()),
               "correlation": np.nan if r is None else r}
    per = _committee_correlations(scores, n_min)
    out = pd.DataFrame(
        [overall] + [{"scope": "committee", "committee": c, "branches": int(n), "correlation": r}
                     for c, n, r in zip(per.index, per["branches"], per["correlation"])],
        columns=["scope", "committee", "branches", "correlation"])
    out["correlation"] = out["correlation"].astype(float)
    return out


def _committee_correlations(scores: pd.DataFrame, n_min: int) -> pd.DataFrame:
    """Per committee (sorted): branches with both P and B, and their Pearson r — the rule of
    :func:`model.pearson` (None → NaN below ``n_min`` pairs or when a side is constant), grouped
    in one pass instead of a Python loop over committees."""
    p = scores["party_score"].to_numpy(dtype=float, na_value=np.nan)
    b = scores["business_score"].to_numpy(dtype=float, na_value=np.nan)
    both = ~(np.isnan(p) | np.isnan(b))
    frame = pd.DataFrame({"committee": scores["committee"].array, "x": np.where(both, p, np.nan),
                          "y": np.where(both, b, np.nan), "n": both.astype(int)})
    grouped = frame.groupby("committee", sort=True)
    n = grouped["n"].sum()
    mean = grouped[["x", "y"]].transform("mean")
    frame["dx"] = frame["x"] - mean["x"]
    frame["dy"] = frame["y"] - mean["y"]
    frame["dxx"], frame["dyy"], frame["dxy"] = frame["dx"] ** 2, frame["dy"] ** 2, frame["dx"] * frame["dy"]
    sums = frame.groupby("committee", sort=True)[["dxx", "dyy", "dxy"]].sum()
    spread = grouped[["x", "y"]].agg(["min", "max"])
    constant = ((spread[("x", "min")] == spread[("x", "max")])
                | (spread[("y", "min")] == spread[("y", "max")])).to_numpy()
    denom = np.sqrt(sums["dxx"].to_numpy() * sums["dyy"].to_numpy())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = sums["dxy"].to_numpy() / denom
    undefined = (n.to_numpy() < max(n_min, 2)) | constant | (denom == 0)
    return pd.DataFrame({"branches": n.to_numpy(), "correlation": np.where(undefined, np.nan, r)},
                        index=n.index)


def committee_summary(scores: pd.DataFrame, config: Config) -> pd.DataFrame:
    """One row per committee of the branch table.

    Columns: committee, branches (rows), party_mean, business_mean, composite_mean (means over the
    branches having the score, points), solid (count of 过硬), solid_rate (solid ÷ branches with a
    P, 0…1; NaN when none), solid_target (0…1), solid_target_met (bool), vetoes (count),
    correlation (Pearson P–B, NaN when fewer than ``min_correlation_branches``).
    """
    s = config.scoring
    columns = ["committee", "branches", "party_mean", "business_mean", "composite_mean", "solid",
               "solid_rate", "solid_target", "solid_target_met", "vetoes", "correlation"]
    if scores.empty:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({
        "committee": scores["committee"].array,
        "party": scores["party_score"].to_numpy(dtype=float, na_value=np.nan),
        "business": scores["business_score"].to_numpy(dtype=float, na_value=np.nan),
        "composite": scores["composite"].to_numpy(dtype=float, na_value=np.nan),
        "solid": scores["solid"].fillna(False).astype(bool).to_numpy(),
        "veto": scores["veto"].astype(bool).to_numpy(),
    })
    frame["with_p"] = ~np.isnan(frame["party"].to_numpy())
    g = frame.groupby("committee", sort=True).agg(
        branches=("party", "size"), party_mean=("party", "mean"), business_mean=("business", "mean"),
        composite_mean=("composite", "mean"), solid=("solid", "sum"), with_p=("with_p", "sum"),
        vetoes=("veto", "sum"))
    with_p = g["with_p"].to_numpy()
    solid = g["solid"].to_numpy().astype(int)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(with_p > 0, solid / np.maximum(with_p, 1), np.nan)
    corr = _committee_correlations(scores, s.min_correlation_branches)["correlation"]
    out = pd.DataFrame({
        "committee": g.index.to_numpy(dtype=object),
        "branches": g["branches"].to_numpy().astype(int),
        "party_mean": g["party_mean"].to_numpy(dtype=float),
        "business_mean": g["business_mean"].to_numpy(dtype=float),
        "composite_mean": g["composite_mean"].to_numpy(dtype=float),
        "solid": solid,
        "solid_rate": rate,
        "solid_target": float(s.solid_target),
        "solid_target_met": (with_p > 0) & model.reaches(rate, s.solid_target),
        "vetoes": g["vetoes"].to_numpy().astype(int),
        "correlation": corr.reindex(g.index).to_numpy(dtype=float),
    }, columns=columns)
    return out


def kpis(scores: pd.DataFrame, config: Config) -> dict:
    """The overview tiles of a period (SPEC §5): branches, party_mean, business_mean,
    composite_mean, solid, solid_rate, solid_target, solid_target_met, vetoes, plus the 优秀
    quota check under ``quota`` (see :func:`assess.scoring.table.quota_warning`)."""
    return {"branches": len(scores), **_means(scores, config.scoring.solid_target),
            "quota": quota_warning(scores, config)}


def _means(g: pd.DataFrame, target: float) -> dict:
    with_p = int(g["party_score"].notna().sum())
    solid = int(g["solid"].fillna(False).astype(bool).sum())
    rate = solid / with_p if with_p else float("nan")
    return {
        "party_mean": float(g["party_score"].mean()),
        "business_mean": float(g["business_score"].mean()),
        "composite_mean": float(g["composite"].mean()),
        "solid": solid,
        "solid_rate": rate,
        "solid_target": target,
        "solid_target_met": bool(with_p and model.reaches(rate, target)),
        "vetoes": int(g["veto"].sum()),
    }
