"""趋势 Trends: P, B, C and 过硬率 over quarters for the chosen committees (and the overall line)
or for chosen branches, with the 过硬率 target (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from assess.charts import committee_colors
from assess.db import Database
from assess.links import branch_key
from assess.views.common import Selection, in_committees, quarter_scores, quarter_summary, span, trend_quarters

TREND_MEASURES = ("party_score", "business_score", "composite", "solid_rate")
OVERALL_COLOR = "#333333"


@dataclass
class TrendPanel:
    """One chart: ``measure``, its rows (period, series, measure, value), the target line
    (过硬率 only, else None)."""

    measure: str
    frame: pd.DataFrame
    target: float | None


@dataclass
class Trends:
    """What the trends page draws: ``panels`` (one per :data:`TREND_MEASURES`), ``quarters``
    drawn (oldest first), ``context`` (the span · method subtitle), ``colors`` (series →
    colour, the overall line included), ``branches``: the branch keys drawn (empty: committees)."""

    panels: list[TrendPanel]
    quarters: list[str]
    context: str
    colors: dict[str, str]
    branches: tuple[str, ...]


def build(db: Database, sel: Selection, branches: Sequence[str] = ()) -> Trends:
    """The trends up to ``sel.period``; with ``branches`` (keys ``committee/branch``), of those."""
    quarters = trend_quarters(sel)
    overall = sel.tr("ui.trends.overall")
    rows = quarter_scores(db, sel, branches) if branches else None
    frame = trend_frame(quarter_summary(db, sel), rows, sel.committees, branches, overall)
    target = sel.config.scoring.solid_target
    panels = [TrendPanel(m, frame[frame["measure"] == m].reset_index(drop=True),
                         target if m == "solid_rate" else None) for m in TREND_MEASURES]
    colors = {**committee_colors(sel.all_committees), overall: OVERALL_COLOR}
    return Trends(panels=panels, quarters=quarters, context=sel.context(span(quarters, sel.period)),
                  colors=colors, branches=tuple(branches))


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
    chosen = in_committees(summary, committees)
    means = {"party_score": ("party_sum", "party_count"), "business_score": ("business_sum", "business_count"),
             "composite": ("composite_sum", "composite_count"), "solid_rate": ("solid", "solid_base")}
    frames = []
    for part, measures in ((chosen, TREND_MEASURES), (overall, TREND_MEASURES)):
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
