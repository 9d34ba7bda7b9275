"""总览 Overview: KPI tiles against the previous period, grade and star distributions, the
committee comparison and a short list of alerts (SPEC §5). Data: :mod:`assess.views.overview`."""

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

    left, right = st.columns(2)
    with left:
        _ui.chart(charts.grade_distribution(data.grades, v.lang, v.context()), key="grades")
    with right:
        _ui.chart(charts.star_distribution(data.stars, v.lang, v.context(), data.solid_stars), key="stars")

    _ui.chart(charts.committee_comparison(data.committees, v.colors, v.lang, v.context()), key="committees")
    with st.expander(v.tr("ui.overview.committee_table"), expanded=False):
        _ui.table(data.committees, key="committee_table")

    st.subheader(v.tr("ui.overview.alerts"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{v.tr('ui.overview.vetoes')}**")
        if data.vetoes.empty:
            st.caption(v.tr("ui.overview.no_vetoes"))
        else:
            _ui.table(data.vetoes, key="vetoes")
    with right:
        st.markdown(f"**{v.tr('ui.overview.drops')}**")
        if data.drops.empty:
            st.caption(v.tr("ui.overview.no_drops"))
        else:
            _ui.table(data.drops, key="drops")


render(_ui.ensure_app())
