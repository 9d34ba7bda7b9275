"""方法 Method: the chosen method and its parameters (sidebar, in the URL), the K curve against
the default method, how the ranking moves against the default, and the formulas in words.
Data: :mod:`assess.views.method`."""

import streamlit as st

from assess import charts
from assess.views import method
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "method")
    data = method.build(_ui.database(), v)
    st.info(v.tr("ui.method.where"), icon=":material/tune:")
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{data.chosen_title}**")
        st.markdown(data.formula)
        st.markdown(data.veto)
        _ui.table(data.parameters, key="method_params")
    with cols[1]:
        _ui.chart(charts.k_curve(data.k_curve, v.lang, data.k_context), key="k_curve")

    st.subheader(v.tr("ui.method.shift"))
    if data.shift_note is not None:
        st.caption(data.shift_note)
    else:
        st.caption(data.moved_text)
        if data.limited:
            st.caption(v.tr("ui.ranking.shift_limited", shown=data.shift_shown, total=data.shift_total))
        _ui.chart(charts.rank_shift(data.shift, v.colors, v.lang, v.context(),
                                    left_key="ui.axis.rank_default", right_key="ui.axis.rank_chosen",
                                    title_key="ui.chart.method_shift"), key="method_shift")

    st.subheader(v.tr("ui.method.words"))
    for line in data.words:
        st.markdown(f"- {line}")


render(_ui.ensure_app())
