"""指标 Indicators: the heat map of indicator score rates (branches × indicators) of one category
and the weakest indicators (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assess.db import Database
from assess.links import branch_key
from assess.views.common import Selection, counted, indicator_rates, shown
from assess.views.display import branch_labels, heat_grid

CATEGORIES = ("party", "business")

HEAT_ROWS = 50
"""The most branches the heat map and its table draw: beyond that, the weakest ones (a map of
10,000 rows says nothing and takes minutes to draw)."""

WEAKEST = 8


@dataclass
class Indicators:
    """What the indicators page draws for one ``category``.

    ``heat``: the heat map's cells (label, indicator, rate 0…1, NaN = not applicable) of the
    weakest :data:`HEAT_ROWS` branches shown, ``grid`` the same as a table (a row per branch
    label, a column per indicator), ``heat_shown`` of ``heat_total`` branches drawn;
    ``weakest``: the indicators with the lowest mean rate over the branches shown (indicator,
    category, dimension, rate, branches); ``counted``: which committees both count (empty: all)."""

    category: str
    heat: pd.DataFrame
    grid: pd.DataFrame
    heat_shown: int
    heat_total: int
    weakest: pd.DataFrame
    counted: str = ""

    @property
    def limited(self) -> bool:
        return self.heat_shown < self.heat_total


def build(db: Database, sel: Selection, category: str = "party") -> Indicators:
    """The indicators of ``sel.period`` in ``category`` (party or business)."""
    category = category if category in CATEGORIES else "party"
    rates = shown(sel, indicator_rates(db, sel))
    heat = heat_frame(rates, category, limit=HEAT_ROWS)
    return Indicators(category=category, heat=heat, grid=heat_grid(heat), heat_shown=heat.attrs["shown"],
                      heat_total=heat.attrs["branches"], weakest=weakest_indicators(rates),
                       counted=counted(sel))


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
    out = pd.DataFrame({"label": branch_labels(committee, branch), "indicator": df["indicator"].astype(object).to_numpy(),
                        "rate": df["rate"].to_numpy(dtype=float, na_value=np.nan)})
    out.attrs.update(branches=total, shown=len(set(zip(committee, branch))))
    return out


def weakest_indicators(rates: pd.DataFrame, n: int = WEAKEST) -> pd.DataFrame:
    """The ``n`` indicators with the lowest mean score rate over the branches where they apply:
    indicator, category, dimension, rate, branches."""
    if rates.empty:
        return pd.DataFrame(columns=["indicator", "category", "dimension", "rate", "branches"])
    g = rates.dropna(subset=["rate"]).groupby(["category", "indicator"], as_index=False, observed=True).agg(
        dimension=("dimension", "first"), rate=("rate", "mean"), branches=("rate", "size"))
    return g.sort_values("rate").head(n)[["indicator", "category", "dimension", "rate", "branches"]].reset_index(drop=True)
