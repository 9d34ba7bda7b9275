"""支部画像 Branch profile: radar of the dimension rates against the committee and overall means,
the history of scores, ranks, stars and vetoes, and the indicator details (SPEC §5). The branch is
in the URL (``branch=committee/branch``). Data: :mod:`assess.views.profile`."""

import streamlit as st

from assess import charts, safe
from assess.views import profile
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "profile")
    if _ui.empty_state(v):
        return
    key = st.selectbox(v.tr("ui.profile.branch"), list(v.branch_keys), key="branch", bind="query-params",
                       help=v.tr("ui.profile.branch_help"))
    if not key:
        return
    data = profile.build(_ui.database(), v, key)
    st.subheader(f"{safe.markdown(data.branch)} · {safe.markdown(data.committee)}")
    if not data.in_period:
        st.info(v.tr("ui.profile.not_in_period", period=v.period))
    else:
        _ui.tiles(data.tiles)
        st.markdown(data.badge)
        if data.veto_reason is not None:
            st.error(v.tr("ui.profile.veto", reason=safe.markdown(data.veto_reason)))

    left, right = st.columns(2)
    with left:
        _ui.chart(charts.radar(data.radar, v.lang, v.context()), key="radar")
    with right:
        _ui.chart(charts.history(data.history, v.lang, data.history_context), key="history")
    st.markdown(f"**{v.tr('ui.profile.history')}**")
    _ui.table(data.history, key="history_table")

    st.markdown(f"**{data.indicators_title}**")
    _ui.table(data.indicators, key="indicator_table", progress=("rate",))


render(_ui.ensure_app())
