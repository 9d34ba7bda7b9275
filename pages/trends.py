"""趋势 Trends: P, B, C and 过硬率 over quarters for the committees or chosen branches, with the
80 % target line (SPEC §5). The chosen branches are in the URL (``branches``).
Data: :mod:`assess.views.trends`."""

import streamlit as st

from assess import charts, links
from assess.views import trends
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "trends")
    if _ui.empty_state(v):
        return
    branches = st.multiselect(v.tr("ui.trends.branches"), v.branch_options, key="branches", bind="query-params",
                              placeholder=v.tr("ui.trends.branches_placeholder"), max_selections=links.MAX_BRANCHES)
    data = trends.build(_ui.database(), v, branches)
    for row in range(2):
        cols = st.columns(2)
        for col, panel in zip(cols, data.panels[row * 2:row * 2 + 2]):
            with col:
                fig = charts.trend(panel.frame, panel.measure, data.colors, v.lang, data.context, target=panel.target)
                _ui.chart(fig, key=f"trend_{panel.measure}")
    if data.branches:
        st.caption(v.tr("ui.trends.solid_note"))


render(_ui.ensure_app())
