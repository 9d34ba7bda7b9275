"""Waterfall of a change (SPEC §3.13, §5): a frame of
:data:`assess.views.explain.WATERFALL_COLUMNS` in, a plotly figure out. Pure.

The title names what changed and carries ``context`` (period and method, as every chart of
:mod:`assess.charts`); labels (indicator and branch names) arrive as plain text and are drawn as
text, never as markup (:func:`assess.safe.plot_labels`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from assess import safe
from assess.charts import _layout, _title, empty
from assess.i18n import t

UP_COLOR = "#229954"
DOWN_COLOR = "#C0392B"
LEVEL_COLOR = "#5D6D7E"

def y_range(values: list[float], measures: list[str]) -> list[float] | None:
    """A y range that shows the parts: from a little below the lowest running level to a little
    above the highest (never below 0). Parts of a few points on levels near 80 would otherwise be
    slivers at the top of a 0–100 axis; the levels' bars are then cut at the range's foot, as in
    any waterfall of a change. None (plotly's own range) when nothing is drawn."""
    running, levels = 0.0, []
    for v, m in zip(values, measures):
        if m == "absolute":
            running = v
        elif m == "relative":
            running += v
        levels.append(running)
    if not levels:
        return None
    lo, hi = min(levels), max(levels)
    pad = max((hi - lo) * 0.6, 1.0)
    return [max(0.0, lo - pad), hi + pad * 0.6]


TITLES = {"composite": "explain.chart.composite_waterfall", "party": "explain.chart.party_waterfall",
          "business": "explain.chart.business_waterfall"}


def waterfall(frame: pd.DataFrame, measure: str, lang: str, context: str) -> go.Figure:
    """The waterfall of ΔC (``measure='composite'``), ΔP (``'party'``) or ΔB (``'business'``):
    the previous level, one bar per part (green up, red down) and the current level, each bar
    labelled with its signed value. An empty frame gives the "no data" figure."""
    if frame.empty:
        return empty(lang)
    labels = safe.plot_labels(frame["label"])  # as text; cut and unique, so bars do not merge
    values = frame["value"].astype(float).tolist()
    measures = frame["measure"].tolist()
    text = [f"{v:.1f}" if m != "relative" else (f"+{v:.2f}" if v > 0 else f"−{abs(v):.2f}")
            for v, m in zip(values, measures)]
    # the total bar of a plotly waterfall is the running sum; its y is ignored
    y = [0.0 if m == "total" else v for v, m in zip(values, measures)]
    fig = go.Figure(go.Waterfall(
        x=labels, y=y, measure=measures, text=text, textposition="outside",
        increasing={"marker": {"color": UP_COLOR}}, decreasing={"marker": {"color": DOWN_COLOR}},
        totals={"marker": {"color": LEVEL_COLOR}}, connector={"line": {"color": "#BBBBBB"}},
        hovertemplate="%{x}: %{text}<extra></extra>", cliponaxis=False,
    ))
    fig.update_yaxes(title_text=t("explain.chart.points", lang), range=y_range(values, measures))
    fig.update_xaxes(tickangle=-30 if len(labels) > 6 else 0)
    return _layout(fig, _title(TITLES[measure], lang, context), height=360, legend=False)
