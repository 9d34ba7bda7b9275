"""总览 Overview: KPI tiles against the previous period, grade and star distributions, the
committee comparison and the 需关注 list: vetoes, 不合格, not 达标, lasting 两张皮 and the
largest drops with their driver (SPEC §5). Data: :mod:`assess.views.overview`."""

import streamlit as st

from assess import charts
from assess.views import overview
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "overview")
    if _ui.empty_state(v):
        return
    data = overview.build(_ui.database(), v)
    st.caption(v.tr("ui.overview.compared", period=v.context(), previous=data.previous_period or "—"))
    _ui.tiles(data.tiles)
    if data.counted:
        st.caption(data.counted)
    if data.target is not None:
        (st.success if data.target.met else st.warning)(data.target.message)
    if not data.quota.met:
        st.warning(data.quota.message)

    st.subheader(v.tr("explain.attention.title"), help=v.tr("explain.overview.attention_help"))
    if data.attention.empty:
        st.caption(v.tr("explain.attention.none"))
    else:
        _ui.table(data.attention, key="attention", pinned=("branch",))
        if data.attention_more:
            st.caption(data.attention_more)

    left, right = st.columns(2)
    with left:
        _ui.chart(charts.grade_distribution(data.grades, v.lang, v.context()), key="grades")
    with right:
        _ui.chart(charts.star_distribution(data.stars, v.lang, v.context(), data.solid_stars), key="stars")

    _ui.chart(charts.committee_comparison(data.committees, v.colors, v.lang, v.context()), key="committees")
    with st.expander(v.tr("ui.overview.committee_table"), expanded=False):
        _ui.table(data.committees, key="committee_table")


render(_ui.ensure_app())
