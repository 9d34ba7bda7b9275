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
    rows = [_correlation_row("overall", None, scores, n_min)]
    for committee, group in scores.groupby("committee", sort=True):
        rows.append(_correlation_row("committee", committee, group, n_min))
    out = pd.DataFrame(rows, columns=["scope", "committee", "branches", "correlation"])
    out["correlation"] = out["correlation"].astype(float)
    return out


def _correlation_row(scope: str, committee, frame: pd.DataFrame, n_min: int) -> dict:
    p = frame["party_score"].to_numpy(dtype=float, na_value=np.nan)
    b = frame["business_score"].to_numpy(dtype=float, na_value=np.nan)
    r = model.pearson(p, b, n_min)
    return {
        "scope": scope,
        "committee": committee,
        "branches": int((~(np.isnan(p) | np.isnan(b))).sum()),
        "correlation": np.nan if r is None else r,
    }


def committee_summary(scores: pd.DataFrame, config: Config) -> pd.DataFrame:
    """One row per committee of the branch table.

    Columns: committee, branches (rows), party_mean, business_mean, composite_mean (means over the
    branches having the score, points), solid (count of 过硬), solid_rate (solid ÷ branches with a
    P, 0…1; NaN when none), solid_target (0…1), solid_target_met (bool), vetoes (count),
    correlation (Pearson P–B, NaN when fewer than ``min_correlation_branches``).
    """
    s = config.scoring
    corr = correlations(scores, config)
    corr = corr[corr["scope"] == "committee"].set_index("committee")["correlation"]
    rows = []
    for committee, g in scores.groupby("committee", sort=True):
        rows.append({"committee": committee, "branches": len(g), **_means(g, s.solid_target),
                     "correlation": corr.get(committee, np.nan)})
    columns = ["committee", "branches", "party_mean", "business_mean", "composite_mean", "solid",
               "solid_rate", "solid_target", "solid_target_met", "vetoes", "correlation"]
    return pd.DataFrame(rows, columns=columns)


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
