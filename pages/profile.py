"""支部画像 Branch profile: the tiles with their change against the previous period, why the
numbers changed (waterfalls of ΔC and ΔP, the thresholds crossed), what the next step takes, the
star quota, the year's evaluation and 两张皮 persistence; the radar of the dimension rates against
the committee and overall means, the history of scores, ranks, stars and vetoes, and the
indicators with their actual scores (SPEC §5, §3.13–3.16). The branch is in the URL
(``branch=committee/branch``). Data: :mod:`assess.views.profile`."""

import streamlit as st

from assess import charts, charts_explain, safe
from assess.views import profile
from pages import _ui


def bullets(texts) -> None:
    """Sentences as a Markdown list, each shown literally (names come from the workbooks)."""
    if texts:
        st.markdown("\n".join(f"- {safe.markdown(text)}" for text in texts))


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "profile")
    if _ui.empty_state(v):
        return
    key = st.selectbox(v.tr("ui.profile.branch"), list(v.branch_keys), key="branch", bind="query-params",
                       help=v.tr("ui.profile.branch_help"))
    if not key:
        return
    data = profile.build(_ui.database(), v, key)
    st.subheader(safe.markdown(f"{data.branch} · {data.committee}"))
    why = data.explanation
    if not data.in_period:
        st.info(v.tr("ui.profile.not_in_period", period=v.period))
    else:
        st.caption(data.against)
        _ui.tiles(data.tiles)
        st.markdown(data.badge)
        if data.veto_reason is not None:
            st.error(safe.markdown(v.tr("ui.profile.veto", reason=data.veto_reason)))
        if why.quota_text:
            st.info(safe.markdown(why.quota_text))
        if why.year_text:
            st.caption(safe.markdown(why.year_text))
        if data.two_skins:
            (st.warning if why.two_skins_quarters >= 2 else st.caption)(safe.markdown(data.two_skins))

        st.markdown(f"#### {v.tr('explain.profile.why')}")
        if why.comparable:
            st.markdown(safe.markdown(why.driver_text))
        elif why.no_change_text:
            st.caption(why.no_change_text)
        bullets(why.crossing_texts)
        if why.comparable or not why.party_waterfall.empty:
            left, right = st.columns(2)
            with left:
                _ui.chart(charts_explain.waterfall(why.composite_waterfall, "composite", v.lang,
                                                   data.waterfall_context), key="waterfall_c")
            with right:
                _ui.chart(charts_explain.waterfall(why.party_waterfall, "party", v.lang,
                                                   data.waterfall_context), key="waterfall_p")
            if not why.business_waterfall.empty:
                with st.expander(v.tr("explain.chart.business_waterfall"), expanded=data.business_driven):
                    _ui.chart(charts_explain.waterfall(why.business_waterfall, "business", v.lang,
                                                       data.waterfall_context), key="waterfall_b")

        st.markdown(f"#### {v.tr('explain.profile.next')}")
        bullets(data.steps)

        with st.expander(v.tr("explain.profile.adjustments"), expanded=bool(why.notes)):
            _ui.table(why.adjustments, key="adjustments")
            if why.notes:
                st.markdown(f"**{v.tr('explain.profile.notes')}**")
                bullets(why.notes)

    left, right = st.columns(2)
    with left:
        _ui.chart(charts.radar(data.radar, v.lang, v.context()), key="radar")
    with right:
        _ui.chart(charts.history(data.history, v.lang, data.history_context), key="history")
    st.markdown(f"**{v.tr('ui.profile.history')}**")
    _ui.table(data.history, key="history_table")

    st.markdown(f"**{data.indicators_title}**")
    if data.in_period:
        _ui.table(data.scores, key="indicator_table", progress=("rate",), pinned=("indicator",), fit=1200)
    else:
        _ui.table(data.indicators, key="indicator_table", progress=("rate",))


render(_ui.ensure_app())
