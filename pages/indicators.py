"""指标 Indicators: heat map of indicator score rates (branches × indicators) and the weakest
indicators (SPEC §5)."""

import streamlit as st

from assess import charts, views
from pages import _ui

CATEGORIES = ("party", "business")


def render(v: _ui.View) -> None:
    _ui.header(v, "indicators")
    if _ui.empty_state(v):
        return
    rates = views.only(_ui.indicator_rates(v), v.committees)
    category = st.segmented_control(v.tr("ui.indicators.category"), CATEGORIES, default="party",
                                    format_func=lambda c: v.tr(f"ui.category.{c}"), key="category")
    heat = views.heat_frame(rates, category, limit=views.HEAT_ROWS)
    if heat.attrs["shown"] < heat.attrs["branches"]:
        st.caption(v.tr("ui.indicators.limited", shown=heat.attrs["shown"], total=heat.attrs["branches"]))
    as_chart, as_table = st.tabs([v.tr("ui.indicators.as_chart"), v.tr("ui.indicators.as_table")])
    with as_chart:
        _ui.chart(charts.heatmap(heat, v.lang, v.context()), key="heatmap")
    with as_table:  # reads better on a phone: scrolls sideways with the branch pinned
        grid = views.heat_table(heat)
        if not grid.empty:
            styled = grid.style.map(charts.heat_css).format(lambda x: "–" if x != x else f"{x:.0%}")
            st.dataframe(styled, width="stretch", key="heat_table")
    st.caption(v.tr("ui.indicators.na"))

    st.subheader(v.tr("ui.indicators.weakest"))
    weakest = views.weakest_indicators(rates)
    _ui.chart(charts.weakest(weakest, v.lang, v.context()), key="weakest")
    _ui.table(views.display_table(weakest, v.lang), key="weakest_table")


render(_ui.ensure_app())
