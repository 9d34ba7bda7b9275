"""指标 Indicators: heat map of indicator score rates (branches × indicators) and the weakest
indicators (SPEC §5). Data: :mod:`assess.views.indicators`."""

import streamlit as st

from assess import charts
from assess.views import indicators
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "indicators")
    if _ui.empty_state(v):
        return
    # the 党建/业务 switch starts from the link (category=business) and writes itself back into it
    category = st.segmented_control(v.tr("ui.indicators.category"), indicators.CATEGORIES, default=v.choices.category,
                                    format_func=lambda c: v.tr(f"ui.category.{c}"), key="category")
    _ui.set_choice("category", category)
    data = indicators.build(_ui.database(), v, category)
    if data.limited:
        st.caption(v.tr("ui.indicators.limited", shown=data.heat_shown, total=data.heat_total))
    as_chart, as_table = st.tabs([v.tr("ui.indicators.as_chart"), v.tr("ui.indicators.as_table")])
    with as_chart:
        _ui.chart(charts.heatmap(data.heat, v.lang, v.context()), key="heatmap")
    with as_table:  # reads better on a phone: scrolls sideways with the branch pinned
        _ui.heat_table(data.grid, key="heat_table")
    st.caption(v.tr("ui.indicators.na"))
    if data.counted:
        st.caption(data.counted)

    st.subheader(v.tr("ui.indicators.weakest"))
    _ui.chart(charts.weakest(data.weakest, v.lang, v.context()), key="weakest")
    _ui.table(data.weakest, key="weakest_table")


render(_ui.ensure_app())
