"""趋势 Trends: P, B, C and 过硬率 over quarters for the committees or chosen branches, with the
80 % target line (SPEC §5). The chosen branches are in the URL (``branches``)."""

import streamlit as st

from assess import charts, links, views
from pages import _ui


def render(v: _ui.View) -> None:
    _ui.header(v, "trends")
    if _ui.empty_state(v):
        return
    options = [k for k in v.branch_keys if not v.committees or k.split("/", 1)[0] in v.committees]
    branches = st.multiselect(v.tr("ui.trends.branches"), options, key="branches", bind="query-params",
                              placeholder=v.tr("ui.trends.branches_placeholder"), max_selections=links.MAX_BRANCHES)
    quarters = _ui.trend_quarters(v)
    frame = views.trend_frame(_ui.quarter_summary(v), _ui.quarter_scores(v, branches) if branches else None,
                              v.committees, branches, v.tr("ui.trends.overall"))
    context = v.context(f"{quarters[0]}–{quarters[-1]}" if quarters else v.period)
    target = v.config.scoring.solid_target
    measures = views.TREND_MEASURES
    for row in range(2):
        cols = st.columns(2)
        for col, measure in zip(cols, measures[row * 2:row * 2 + 2]):
            with col:
                part = frame[frame["measure"] == measure]
                colors = dict(v.colors)
                colors[v.tr("ui.trends.overall")] = "#333333"
                fig = charts.trend(part, measure, colors, v.lang, context,
                                   target=target if measure == "solid_rate" else None)
                _ui.chart(fig, key=f"trend_{measure}")
    if branches:
        st.caption(v.tr("ui.trends.solid_note"))


render(_ui.ensure_app())
