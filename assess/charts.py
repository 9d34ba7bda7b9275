"""Plotly figure builders: a tidy DataFrame in, a figure out. Pure (no Streamlit, no database).

Every figure gets a title that states its period and method (``context``, e.g.
``"2025Q3 · 系数法(得分率)"``), a horizontal legend above the plot so a phone keeps the plot's width,
numbers formatted for people (one decimal, %, ★), and a committee keeps its colour everywhere
through :func:`committee_colors`.

Every text that came from data (names, the context) passes :func:`assess.safe.plot` before it
reaches a figure — plotly renders a subset of HTML in its texts — and axis categories and legend
entries :func:`assess.safe.plot_labels` (cut, unique). ``customdata`` keeps the raw names first
(what a selection hands back) and their escaped forms after them (what hover shows).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from assess import plot_config, safe
from assess.i18n import t
from assess.views.display import branch_labels, heat_grid

PALETTE = ("#C0392B", "#2471A3", "#D68910", "#229954", "#7D3C98", "#17A589", "#CA6F1E",
           "#5D6D7E", "#B7950B", "#A93226", "#1F618D", "#6C3483")
GRADE_COLORS = {"优秀": "#B03A2E", "良好": "#D68910", "合格": "#2E86C1", "不合格": "#7F8C8D"}
QUADRANT_COLORS = {"双强": "#B03A2E", "党建强业务弱": "#D68910", "业务强党建弱": "#2E86C1", "双弱": "#7F8C8D"}
TARGET_COLOR = "#B03A2E"
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
ROW_PX = 26  # height of one row in charts with a row per branch
LEGEND_MAX = len(PALETTE)
"""Beyond this many committees a legend entry (and a plotly trace) per committee says nothing —
colours repeat — and costs about a millisecond each to build: charts draw them as one trace,
the committee named on hover."""
DENSITY_POINTS = 2000
"""Beyond this many branches the P–B scatter shows how many branches fall in each cell of a
:data:`DENSITY_BINS` grid instead of a dot each: 10,000 dots are one blot, and took 3–5 s to draw
in Chromium (WebGL 2–3 s on a machine without a GPU), the grid as much as an empty chart
(BENCHMARKS.md)."""
DENSITY_BINS = 40
BAND_COMMITTEES = 60
"""Beyond this many committees a trend shows the middle 80 % of their values per quarter as a
band instead of a line each (hundreds of lines are a grey smear and took seconds to draw)."""
LABEL_WIDTH = 16
"""Longest branch, committee or indicator name an axis shows, in half-width units (8 Chinese
characters); longer ones end in "…", the full name on hover."""


def committee_colors(committees: Sequence[str]) -> dict[str, str]:
    """One colour per committee, stable: the sorted list of all committees indexes the palette."""
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(sorted(set(committees)))}


def _title(key: str, lang: str, context: str) -> dict:
    return {"text": f"{t(key, lang)}<br><sup>{safe.plot(context)}</sup>", "x": 0, "xanchor": "left",
            "font": {"size": 16}, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 20},
            "automargin": True}  # at the top, and the plot pushed under it: never over tick labels


def _layout(fig: go.Figure, title: dict, height: int = 380, legend: bool = True) -> go.Figure:
    """Common look. The legend sits under the plot, left-aligned and wrapping, so a phone keeps
    the plot's full width and the legend never covers the title."""
    fig.update_layout(
        title=title, height=height + (40 if legend else 0), font={"family": FONT, "size": 12},
        margin={"l": 8, "r": 8, "t": 64, "b": 8},
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "xanchor": "left",
                "x": 0, "title": {"text": ""}, "font": {"size": 11}},
        showlegend=legend, plot_bgcolor="white", hoverlabel={"font_family": FONT},
        uniformtext={"minsize": 9, "mode": "hide"},
    )
    fig.update_xaxes(gridcolor="#EEEEEE", zerolinecolor="#DDDDDD", automargin=True)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor="#DDDDDD", automargin=True)
    return plot_config.prepare(fig)  # a finger scrolls past it, the tool bar off the title


def empty(lang: str, message_key: str = "ui.chart.no_data") -> go.Figure:
    """A figure that says there is nothing to draw (never a blank canvas)."""
    fig = go.Figure()
    fig.add_annotation(text=t(message_key, lang), showarrow=False, font={"size": 14, "color": "#777"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, {"text": ""}, height=200, legend=False)


def grade_distribution(dist: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """Bars of branches per grade. ``dist``: grade (Chinese or '待补充'), count, share."""
    if dist.empty or dist["count"].sum() == 0:
        return empty(lang)
    labels = [t(f"ui.grade.{g}", lang) for g in dist["grade"]]
    fig = go.Figure(go.Bar(
        x=labels, y=dist["count"], marker_color=[GRADE_COLORS.get(g, "#BBBBBB") for g in dist["grade"]],
        text=[f"{n}（{s:.0%}）" if lang == "zh" else f"{n} ({s:.0%})" for n, s in zip(dist["count"], dist["share"])],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: %{y}<extra></extra>",
    ))
    fig.update_yaxes(title=t("ui.axis.branches", lang), rangemode="tozero")
    return _layout(fig, _title("ui.chart.grades", lang, context), height=340, legend=False)


def star_distribution(dist: pd.DataFrame, lang: str, context: str, solid_stars: int = 4) -> go.Figure:
    """Bars of branches per star count 0–5; solid (过硬) bars highlighted. ``dist``: stars, count."""
    if dist.empty or dist["count"].sum() == 0:
        return empty(lang)
    fig = go.Figure(go.Bar(
        x=[f"{int(s)}★" if s else t("ui.stars.none", lang) for s in dist["stars"]],
        y=dist["count"], text=dist["count"], textposition="outside", cliponaxis=False,
        marker_color=["#B03A2E" if s >= solid_stars else "#E5B7B0" for s in dist["stars"]],
        hovertemplate="%{x}: %{y}<extra></extra>",
    ))
    fig.update_yaxes(title=t("ui.axis.branches", lang), rangemode="tozero")
    fig.update_xaxes(type="category")
    return _layout(fig, _title("ui.chart.stars", lang, context), height=340, legend=False)


def committee_comparison(summary: pd.DataFrame, colors: Mapping[str, str], lang: str, context: str) -> go.Figure:
    """Mean P, B and C per committee, grouped by measure. ``summary``: committee, party_mean,
    business_mean, composite_mean (committee_summary). More than :data:`LEGEND_MAX` committees:
    a box per measure, each committee a dot."""
    if summary.empty:
        return empty(lang)
    measures = [("party_mean", "ui.col.party_score"), ("business_mean", "ui.col.business_score"), ("composite_mean", "ui.col.composite")]
    x = [t(key, lang) for _, key in measures]
    fig = go.Figure()
    if len(summary) > LEGEND_MAX:  # a box per measure: every committee a dot, named on hover
        names = np.array([safe.plot(c) for c in summary["committee"]], dtype=object)
        for (col, _), label in zip(measures, x):
            fig.add_trace(go.Box(
                y=summary[col].to_numpy(dtype=float), name=label, boxpoints="all", jitter=0.6, pointpos=0,
                customdata=names, line={"color": "#777", "width": 1}, fillcolor="rgba(0,0,0,0)",
                marker={"size": 5, "color": "#555", "opacity": 0.6},
                hovertemplate="%{customdata}<br>" + label + ": %{y:.1f}<extra></extra>", showlegend=False,
            ))
        rows = ()
    else:
        rows = summary.itertuples(index=False)
    for row in rows:
        values = [getattr(row, col) for col, _ in measures]
        fig.add_trace(go.Bar(
            name=safe.plot(row.committee, safe.PLOT_LABEL_MAX), x=x, y=values, marker_color=colors.get(row.committee, "#888"),
            text=[f"{v:.1f}" for v in values], textposition="inside", insidetextanchor="end", textangle=-90,
            textfont={"size": 10, "color": "white"},  # upright in the bar: fits however narrow the bars
            hovertemplate=f"{safe.plot(row.committee)}<br>%{{x}}: %{{y:.1f}}<extra></extra>",
        ))
    values = summary[[c for c, _ in measures]].to_numpy(dtype=float)
    low, high = np.nanmin(values), np.nanmax(values)
    if len(summary) <= LEGEND_MAX:  # bars start at 0 (a 1-point gap must not look like 30 %), labelled
        fig.update_yaxes(rangemode="tozero", title=t("ui.axis.score", lang))
        fig.update_layout(bargap=0.12, bargroupgap=0.0)  # wide enough for the values on a phone
    else:  # a box of dots per measure: the spread of the means is what it shows
        fig.update_yaxes(range=[max(0.0, np.floor(low / 10) * 10 - 10), high * 1.06], title=t("ui.axis.score", lang))
    fig.update_layout(barmode="group")
    return _layout(fig, _title("ui.chart.committees", lang, context), height=380)


def rank_shift(df: pd.DataFrame, colors: Mapping[str, str], lang: str, context: str,
               left_key: str = "ui.axis.rank_b", right_key: str = "ui.axis.rank_c",
               title_key: str = "ui.chart.rank_shift") -> go.Figure:
    """Dumbbells: for each branch, rank by one measure (hollow) → rank by another (filled).

    ``df``: committee, branch, rank_left, rank_right; rows are drawn in the order of rank_right.
    """
    df = df.dropna(subset=["rank_left", "rank_right"]).sort_values(["rank_right", "rank_left"])
    if df.empty:
        return empty(lang)
    labels = safe.plot_labels(branch_labels(df["committee"], df["branch"], full=True), limit=2 * safe.PLOT_LABEL_MAX)
    shown = [safe.plot(plot_config.clip(x, LABEL_WIDTH)) for x in branch_labels(df["committee"], df["branch"])]
    fig = go.Figure()
    xs, ys = [], []
    for label, a, b in zip(labels, df["rank_left"], df["rank_right"]):
        xs += [a, b, None]
        ys += [label, label, None]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": "#BBBBBB", "width": 2},
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=df["rank_left"], y=labels, mode="markers", name=t(left_key, lang),
        marker={"symbol": "circle-open", "size": 10, "color": "#555", "line": {"width": 2}},
        hovertemplate="%{y}<br>" + t(left_key, lang) + ": %{x}<extra></extra>",
    ))
    hover = ("%{y}<br>" + t(left_key, lang) + ": %{customdata[0]:.0f} → " + t(right_key, lang)
             + ": %{customdata[1]:.0f}<extra></extra>")
    if df["committee"].nunique() > LEGEND_MAX:  # one trace, each dot in its committee's colour
        codes, scale = _color_codes(df["committee"], colors)
        fig.add_trace(go.Scatter(
            x=df["rank_right"], y=labels, mode="markers", name=t(right_key, lang),
            marker={"size": 11, "color": codes, "colorscale": scale, "cmin": -0.5, "cmax": len(scale) / 2 - 0.5},
            customdata=np.stack([df["rank_left"], df["rank_right"]], axis=-1), hovertemplate=hover,
        ))
        by_committee = ()
    else:
        by_committee = df.assign(label=labels).groupby("committee", sort=True)
    for committee, part in by_committee:
        fig.add_trace(go.Scatter(
            x=part["rank_right"], y=part["label"], mode="markers", name=safe.plot(committee, safe.PLOT_LABEL_MAX),
            marker={"size": 11, "color": colors.get(committee, "#888")},
            customdata=np.stack([part["rank_left"], part["rank_right"]], axis=-1), hovertemplate=hover,
        ))
    n = int(max(df["rank_left"].max(), df["rank_right"].max()))
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels, title="",
                     tickfont={"size": 11}, tickvals=labels, ticktext=shown)  # full name on hover
    ticks = [1] + list(range(5, n + 1, 5)) if n > 12 else list(range(1, n + 1))
    fig.update_xaxes(title="", range=[0.3, n + 0.7], tickvals=ticks if n <= 60 else None, side="top",
                     showline=False)
    return _layout(fig, _title(title_key, lang, context), height=140 + ROW_PX * len(df))


def pb_scatter(df: pd.DataFrame, p_line: float, b_line: float, colors: Mapping[str, str],
               lang: str, context: str, correlation: float | None = None) -> go.Figure:
    """P against B, one dot per branch coloured by committee, quadrant lines at the thresholds.

    ``df``: committee, branch, party_score, business_score (rows without both are skipped).
    ``customdata`` carries (committee, branch) so a selection names the branch.
    """
    df = df.dropna(subset=["party_score", "business_score"])
    if df.empty:
        return empty(lang)
    fig = go.Figure()
    hover = "%{customdata[3]}<br>%{customdata[2]}<br>P %{x:.1f} · B %{y:.1f}<extra></extra>"
    dense = len(df) > DENSITY_POINTS
    if dense:  # branches per cell of a grid, not a blot of dots
        fig.add_trace(_density(df["party_score"], df["business_score"], lang))
        by_committee = ()
    elif df["committee"].nunique() > LEGEND_MAX:  # one trace, each dot in its committee's colour
        codes, scale = _color_codes(df["committee"], colors)
        fig.add_trace(go.Scatter(
            x=df["party_score"].to_numpy(dtype=float), y=df["business_score"].to_numpy(dtype=float),
            mode="markers", showlegend=False,
            marker={"size": 8, "color": codes, "colorscale": scale, "cmin": -0.5, "cmax": len(scale) / 2 - 0.5,
                    "line": {"width": 0.5, "color": "white"}},
            customdata=_names_data(df),
            hovertemplate=hover,
        ))
        by_committee = ()
    else:
        by_committee = df.groupby("committee", sort=True)
    for committee, part in by_committee:
        fig.add_trace(go.Scatter(
            x=part["party_score"], y=part["business_score"], mode="markers",
            name=safe.plot(committee, safe.PLOT_LABEL_MAX),
            marker={"size": 11, "color": colors.get(committee, "#888"), "line": {"width": 1, "color": "white"}},
            customdata=_names_data(part), hovertemplate=hover,
        ))
    if np.isfinite(p_line):
        fig.add_vline(x=p_line, line={"dash": "dash", "color": "#999", "width": 1})
    if np.isfinite(b_line):
        fig.add_hline(y=b_line, line={"dash": "dash", "color": "#999", "width": 1})
    for quadrant, xa, ya in (("双强", 1, 1), ("党建强业务弱", 1, 0), ("业务强党建弱", 0, 1), ("双弱", 0, 0)):
        fig.add_annotation(
            text=t(f"ui.quadrant.{quadrant}", lang), xref="x domain", yref="y domain", x=xa, y=ya,
            xanchor="right" if xa else "left", yanchor="top" if ya else "bottom", showarrow=False,
            font={"size": 11, "color": QUADRANT_COLORS[quadrant]}, opacity=0.8,
        )
    corr = "" if correlation is None else f" · r = {correlation:.2f}"
    title = _title("ui.chart.scatter", lang, context + corr)
    fig.update_xaxes(title=t("ui.col.party_score", lang))
    fig.update_yaxes(title=t("ui.col.business_score", lang))
    fig = _layout(fig, title, height=480)
    if dense:
        fig.update_layout(margin={"b": 56})  # room for the colour bar under the plot
    return fig


def _density(x, y, lang: str, bins: int = DENSITY_BINS) -> go.Heatmap:
    """Branches per cell of a ``bins`` × ``bins`` grid over P (x) and B (y); empty cells blank;
    the hover gives the cell's ranges and count. No ``customdata``: a click on a cell names no
    branch (the page opens a profile only for a point that carries one)."""
    counts, xe, ye = np.histogram2d(np.asarray(x, dtype=float), np.asarray(y, dtype=float), bins=bins)
    z = counts.T  # rows: B, columns: P
    xr = [f"{a:.1f}–{b:.1f}" for a, b in zip(xe[:-1], xe[1:])]
    yr = [f"{a:.1f}–{b:.1f}" for a, b in zip(ye[:-1], ye[1:])]
    ranges = [[f"P {px} · B {by}" for px in xr] for by in yr]
    branches = t("ui.axis.branches", lang)
    return go.Heatmap(
        z=np.where(z > 0, z, np.nan), x=(xe[:-1] + xe[1:]) / 2, y=(ye[:-1] + ye[1:]) / 2, text=ranges,
        colorscale=[[0, "#F5D5D0"], [0.5, "#D05A4A"], [1, "#78281F"]], hoverongaps=False, showscale=True,
        colorbar={"title": {"text": branches, "side": "top"}, "thickness": 10, "len": 0.5, "orientation": "h",
                  "x": 0, "xanchor": "left", "yref": "container", "y": 0, "yanchor": "bottom", "tickangle": 0},
        hovertemplate="%{text}<br>" + branches + ": %{z}<extra></extra>",
    )


def correlation_bars(df: pd.DataFrame, colors: Mapping[str, str], lang: str, context: str) -> go.Figure:
    """Pearson r of P and B per committee. ``df``: committee, correlation (NaN: too few), branches."""
    df = df.dropna(subset=["correlation"])
    if df.empty:
        return empty(lang, "ui.chart.too_few")
    title = _title("ui.chart.correlations", lang, context)
    if len(df) > LEGEND_MAX:  # a bar each would be metres long: one dot per committee, named on hover
        fig = go.Figure(go.Box(
            x=df["correlation"].to_numpy(dtype=float), name="", orientation="h", boxpoints="all", jitter=0.6,
            pointpos=0, customdata=np.array([safe.plot(c) for c in df["committee"]], dtype=object), line={"color": "#777", "width": 1},
            fillcolor="rgba(0,0,0,0)", marker={"size": 5, "color": "#555", "opacity": 0.6},
            hovertemplate="%{customdata}: r = %{x:.2f}<extra></extra>", showlegend=False,
        ))
        fig.update_xaxes(range=[-1.05, 1.05], title="r", zeroline=True, zerolinecolor="#888")
        fig.update_yaxes(showticklabels=False)
        return _layout(fig, title, height=240, legend=False)
    names = safe.plot_labels(df["committee"])
    fig = go.Figure(go.Bar(
        y=names, x=df["correlation"], orientation="h",
        marker_color=[colors.get(c, "#888") for c in df["committee"]],
        text=[f"{r:.2f}" for r in df["correlation"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: r = %{x:.2f}<extra></extra>",
    ))
    fig.update_xaxes(range=[-1.05, 1.05], title="r", zeroline=True, zerolinecolor="#888")
    fig.update_yaxes(autorange="reversed", title="", tickvals=names,  # full name on hover
                     ticktext=[safe.plot(plot_config.clip(c, LABEL_WIDTH)) for c in df["committee"]])
    return _layout(fig, title, height=140 + 40 * len(df), legend=False)


def trend(df: pd.DataFrame, measure: str, colors: Mapping[str, str], lang: str, context: str,
          target: float | None = None) -> go.Figure:
    """One measure over quarters, a line per series.

    ``df``: period, series, value (one measure). A series named after a committee keeps the
    committee's colour; other series (branches) take distinct colours. ``measure`` names the
    ``ui.col.*`` label; ``solid_rate`` is drawn in % with the ``target`` line. More than
    :data:`LEGEND_MAX` committees are drawn as thin grey lines in one trace (each named on hover),
    the other series over them.
    """
    df = df.dropna(subset=["value"])
    if df.empty:
        return empty(lang)
    percent = measure == "solid_rate"
    periods = sorted({str(p) for p in df["period"]})
    palette = iter(PALETTE[::-1])
    fig = go.Figure()
    committees = [c for c in df["series"].unique() if c in colors and colors[c] in PALETTE]
    scale = 100 if percent else 1
    if len(committees) > BAND_COMMITTEES:  # their middle 80 % per quarter, the other series over it
        spread = df[df["series"].isin(committees)].groupby("period")["value"].quantile([0.1, 0.9]).unstack() * scale
        spread = spread.reindex(sorted(spread.index))
        df = df[~df["series"].isin(committees)]
        label = t("ui.chart.committee_band", lang, n=len(committees))
        fig.add_trace(go.Scatter(x=list(spread.index), y=spread[0.1], mode="lines", line={"width": 0},
                                 showlegend=False, hoverinfo="skip", legendgroup="band"))
        fig.add_trace(go.Scatter(
            x=list(spread.index), y=spread[0.9], mode="lines", line={"width": 0}, fill="tonexty",
            fillcolor="rgba(120,120,120,0.22)", name=label, legendgroup="band",
            customdata=np.stack([spread[0.1], spread[0.9]], axis=-1),
            hovertemplate=f"{label}<br>%{{x}}: %{{customdata[0]:.1f}}–%{{customdata[1]:.1f}}{'%' if percent else ''}"
                          "<extra></extra>",
        ))
    elif len(committees) > LEGEND_MAX:
        bundle = df[df["series"].isin(committees)].sort_values(["series", "period"], kind="stable")
        df = df[~df["series"].isin(committees)]
        names = bundle["series"].to_numpy(dtype=object)
        shown = np.array([safe.plot(n) for n in names], dtype=object)
        gaps = np.flatnonzero(names[1:] != names[:-1]) + 1  # a gap between two committees' lines
        xs = np.insert(bundle["period"].to_numpy(dtype=object), gaps, None)
        ys = np.insert(bundle["value"].to_numpy(dtype=float) * (100 if percent else 1), gaps, np.nan)
        names = np.insert(shown, gaps, None)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", name=t("ui.chart.each_committee", lang, n=len(committees)),
            line={"color": "rgba(120,120,120,0.25)", "width": 1}, customdata=names, connectgaps=False,
            hovertemplate=f"%{{customdata}}<br>%{{x}}: %{{y:.1f}}{'%' if percent else ''}<extra></extra>",
        ))
    for series, part in df.groupby("series", sort=False):
        part = part.sort_values("period")
        color = colors.get(series) or next(palette, "#888")
        values = part["value"] * (100 if percent else 1)
        fig.add_trace(go.Scatter(
            x=part["period"], y=values, mode="lines+markers", name=safe.plot(series, safe.PLOT_LABEL_MAX),
            line={"color": color, "width": 2}, marker={"size": 7},
            hovertemplate=f"{safe.plot(series)}<br>%{{x}}: %{{y:.1f}}{'%' if percent else ''}<extra></extra>",
        ))
    if percent and target is not None:  # named in the legend: a label on the line would sit on the lines
        style = {"dash": "dash", "color": TARGET_COLOR, "width": 1.5}
        fig.add_hline(y=target * 100, line=style)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=style, hoverinfo="skip",
                                 name=t("ui.chart.target", lang, value=f"{target:.0%}")))
        fig.update_yaxes(ticksuffix="%", range=[0, 105])
    fig.update_xaxes(type="category", title="", categoryorder="array", categoryarray=periods,
                     tickvals=periods, ticktext=plot_config.period_ticks(periods))
    fig.update_yaxes(title="")  # the title names the measure; the width goes to the lines
    return _layout(fig, _title(f"ui.col.{measure}", lang, context), height=360)


def radar(df: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """Dimension rates (0…1) of a branch against means. ``df``: dimension, series, rate; series
    in drawing order (the branch first)."""
    df = df.dropna(subset=["rate"])
    if df.empty:
        return empty(lang)
    styles = [("#B03A2E", "toself", 3), ("#2471A3", "none", 2), ("#7F8C8D", "none", 2)]
    fig = go.Figure()
    unique = list(dict.fromkeys(df["dimension"]))
    dimensions = dict(zip(unique, (_wrapped(d, 6) for d in unique)))
    for i, (series, part) in enumerate(df.groupby("series", sort=False)):
        color, fill, width = styles[min(i, len(styles) - 1)]
        r = list(part["rate"] * 100)
        theta = [dimensions[d] for d in part["dimension"]]  # short lines stay inside the figure
        fig.add_trace(go.Scatterpolar(
            r=r + r[:1], theta=theta + theta[:1], name=safe.plot(series, safe.PLOT_LABEL_MAX), fill=fill, opacity=0.85,
            line={"color": color, "width": width, "dash": "solid" if i == 0 else "dot"},
            # the branch's own values written at its points: a phone has no hover on a radar
            mode="lines+markers+text" if i == 0 else "lines+markers",
            text=[f"{v:.0f}" for v in r] + [""] if i == 0 else None, textposition="middle right",
            textfont={"size": 10, "color": color},
            customdata=[safe.plot(d) for d in part["dimension"]] + [safe.plot(d) for d in part["dimension"]][:1],
            hovertemplate="%{customdata}: %{r:.1f}%<extra>" + safe.plot(series, safe.PLOT_LABEL_MAX) + "</extra>",
        ))
    low = float(df["rate"].min()) * 100
    floor = max(0.0, min(60.0, np.floor((low - 5) / 10) * 10))  # zoom in: rates are often all high
    fig.update_layout(polar={"radialaxis": {"range": [floor, 100], "ticksuffix": "%", "angle": 90,
                                             "tickfont": {"size": 9}},
                             "angularaxis": {"tickfont": {"size": 11}},
                             "domain": {"x": [0.14, 0.86], "y": [0.04, 0.96]}})
    return _layout(fig, _title("ui.chart.radar", lang, context), height=440)


def history(df: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """P, B and C of one branch over quarters. ``df``: period, party_score, business_score, composite."""
    if df.empty:
        return empty(lang)
    fig = go.Figure()
    for col, color in (("party_score", "#B03A2E"), ("business_score", "#2471A3"), ("composite", "#229954")):
        fig.add_trace(go.Scatter(
            x=df["period"], y=df[col], mode="lines+markers", name=t(f"ui.col.{col}", lang),
            line={"color": color, "width": 2}, hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        ))
    periods = [str(p) for p in df["period"]]
    fig.update_xaxes(type="category", tickvals=periods, ticktext=plot_config.period_ticks(periods))
    fig.update_yaxes(title=t("ui.axis.score", lang))
    return _layout(fig, _title("ui.chart.history", lang, context), height=360)


def heatmap(df: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """Score rates, branches × indicators. ``df``: branch label, indicator, rate (0…1, NaN = 不适用);
    indicator column order as given."""
    if df.empty:
        return empty(lang)
    grid = heat_grid(df)
    z = grid.to_numpy(dtype=float) * 100
    text = [["–" if np.isnan(v) else f"{v:.0f}" for v in row] for row in z]
    # colour the spread actually present (rates cluster high), never less than 60–100
    zmin = min(60.0, np.floor(np.nanpercentile(z, 2) / 10) * 10) if np.isfinite(z).any() else 60.0
    fig = go.Figure(go.Heatmap(
        z=z, x=safe.plot_labels(grid.columns), y=safe.plot_labels(grid.index), text=text, texttemplate="%{text}",
        textfont={"size": 9}, colorscale="RdYlGn", zmin=zmin, zmax=100, xgap=1, ygap=1,
        colorbar={"ticksuffix": "%", "thickness": 10, "len": 0.8, "orientation": "h", "x": 0, "xanchor": "left",
                  "tickangle": 0, "nticks": 5,
                  "yref": "container", "y": 0, "yanchor": "bottom"},
        hovertemplate="%{y}<br>%{x}: %{z:.1f}%<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10}, title="",  # the full name on hover
                     tickvals=safe.plot_labels(grid.index),
                     ticktext=[safe.plot(plot_config.clip(x, LABEL_WIDTH)) for x in grid.index])
    # indicator names upright, a character a line: narrow columns keep the page's one text direction
    fig.update_xaxes(side="top", tickangle=0, tickfont={"size": 10}, title="",
                     tickvals=safe.plot_labels(grid.columns),
                     ticktext=["<br>".join(safe.plot(ch) for ch in plot_config.stack(str(x)).split("<br>"))
                               for x in grid.columns])
    fig = _layout(fig, _title("ui.chart.heatmap", lang, context), height=240 + 20 * len(grid), legend=False)
    fig.update_layout(margin={"b": 56})  # room for the colour bar under the map
    return fig


def heat_css(rate: float, low: float = 0.6) -> str:
    """CSS for one heat-table cell (rate 0…1): the heat map's red→yellow→green, empty for N/A."""
    if rate is None or not np.isfinite(rate):
        return "color: #999"
    x = min(max((rate - low) / (1 - low), 0.0), 1.0)
    stops = ((0.0, (215, 48, 39)), (0.5, (254, 224, 139)), (1.0, (26, 152, 80)))
    for (x0, c0), (x1, c1) in zip(stops, stops[1:]):
        if x <= x1:
            f = (x - x0) / (x1 - x0)
            r, g, b = (round(a + (b_ - a) * f) for a, b_ in zip(c0, c1))
            break
    text = "white" if x < 0.15 or x > 0.85 else "black"
    return f"background-color: rgb({r},{g},{b}); color: {text}"


def heat_styler(grid: pd.DataFrame):
    """The heat map's grid (:func:`assess.views.display.heat_grid`) as a styled table: each cell
    coloured by :func:`heat_css`, shown as a whole percentage, ``–`` where not applicable."""
    return grid.style.map(heat_css).format(lambda x: "–" if x != x else f"{x:.0%}")


def weakest(df: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """Mean score rate of the weakest indicators. ``df``: indicator, category, rate (0…1)."""
    if df.empty:
        return empty(lang)
    colors = ["#B03A2E" if c == "party" else "#2471A3" for c in df["category"]]
    fig = go.Figure(go.Bar(
        y=safe.plot_labels(df["indicator"]), x=df["rate"] * 100, orientation="h", marker_color=colors,
        text=[f"{r:.1%}" for r in df["rate"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.1f}%<extra></extra>",
    ))
    start = max(0.0, np.floor(df["rate"].min() * 10) * 10 - 10)  # the bars differ by a few points
    fig.update_xaxes(range=[start, 102], ticksuffix="%", title=t("ui.col.rate", lang))
    fig.update_yaxes(autorange="reversed", title="", tickvals=safe.plot_labels(df["indicator"]),
                     ticktext=[safe.plot(plot_config.clip(x, LABEL_WIDTH)) for x in df["indicator"]])
    return _layout(fig, _title("ui.chart.weakest", lang, context), height=140 + 30 * len(df), legend=False)


def k_curve(df: pd.DataFrame, lang: str, context: str) -> go.Figure:
    """K against P for the chosen method and the default. ``df``: party_score, coefficient, series."""
    fig = go.Figure()
    for (series, part), (color, dash) in zip(df.groupby("series", sort=False), (("#B03A2E", "solid"), ("#7F8C8D", "dot"))):
        fig.add_trace(go.Scatter(
            x=part["party_score"], y=part["coefficient"], mode="lines", name=safe.plot(series, safe.PLOT_LABEL_MAX),
            line={"color": color, "width": 3 if dash == "solid" else 2, "dash": dash, "shape": "hv" if part["step"].iloc[0] else "linear"},
            hovertemplate="P %{x:.1f} → K %{y:.3f}<extra></extra>",
        ))
    fig.update_xaxes(title=t("ui.col.party_score", lang))
    fig.update_yaxes(title=t("ui.col.coefficient", lang))
    return _layout(fig, _title("ui.chart.k_curve", lang, context), height=380)


def _color_codes(committees: pd.Series, colors: Mapping[str, str]) -> tuple[np.ndarray, list]:
    """Each row's committee colour as a number and a stepped colour scale that maps it back:
    plotly checks a list of colour strings one by one, numbers at once."""
    palette = list(dict.fromkeys(list(colors.values()) + ["#888"]))
    index = {c: palette.index(colors.get(c, "#888")) for c in pd.unique(committees)}
    codes = committees.map(index).to_numpy(dtype=float)
    n = len(palette)
    scale = [step for i, color in enumerate(palette) for step in ([i / n, color], [(i + 1) / n, color])]
    return codes, scale


def _names_data(df: pd.DataFrame) -> np.ndarray:
    """``customdata`` naming each row's branch: raw committee, raw branch (a selection hands
    them back), then both escaped for hover (``customdata[2]``, ``customdata[3]``)."""
    committees = df["committee"].to_numpy(dtype=object)
    branches = df["branch"].to_numpy(dtype=object)
    return np.stack([committees, branches, np.array([safe.plot(c) for c in committees], dtype=object),
                     np.array([safe.plot(b) for b in branches], dtype=object)], axis=-1)


def _wrapped(text: str, limit: int) -> str:
    """``text`` on short lines (:func:`assess.plot_config.wrap`), each line escaped for plotly."""
    return "<br>".join(safe.plot(line) for line in plot_config.wrap(str(text), limit).split("<br>"))
