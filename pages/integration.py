"""党建×业务 Integration: the P–B scatter with the quadrant lines and the correlation, the 两张皮
list and the per-committee correlation (SPEC §5). A click on a dot opens the branch's profile.
Data: :mod:`assess.views.integration`."""

import streamlit as st

from assess import charts
from assess.views import integration
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "integration")
    if _ui.empty_state(v):
        return
    data = integration.build(_ui.database(), v)
    _ui.tiles(data.tiles)
    if data.counted:
        st.caption(data.counted)

    event = _ui.chart(charts.pb_scatter(data.scores, data.p_line, data.b_line, v.colors, v.lang, v.context(),
                                        data.correlation),
                      key="scatter", on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", []) if event is not None else []
    if points and points[0].get("customdata"):
        committee, branch = points[0]["customdata"][:2]
        _ui.open_profile(v, committee, branch)
    st.caption(data.lines)

    st.subheader(v.tr("ui.integration.two_skins"))
    if data.two_skins.empty:
        st.caption(v.tr("ui.integration.no_two_skins"))
    else:
        _ui.table(data.two_skins, key="two_skins", pinned=("branch",))

    st.subheader(v.tr("ui.integration.by_committee"))
    _ui.chart(charts.correlation_bars(data.by_committee, v.colors, v.lang, v.context()), key="correlations")


render(_ui.ensure_app())
