"""排名 Ranking: the branch table (P, B, K, C, rank, Δrank, stars, grade, quadrant), sortable and
exportable exactly as shown; the rank-shift chart (rank by B alone → rank by C); a click on a
row opens the branch's profile (SPEC §5). Data: :mod:`assess.views.ranking`."""

import streamlit as st

from assess import charts
from assess.views import ranking
from pages import _ui


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "ranking")
    if _ui.empty_state(v):
        return
    sort = st.selectbox(v.tr("ui.ranking.sort"), ranking.SORTS, format_func=lambda c: v.tr(f"ui.col.{c}"), key="sort")
    data = ranking.build(_ui.database(), v, sort)
    st.caption(data.caption)
    event = _ui.table(data.table, key="ranking_table", on_select="rerun", selection_mode="single-row", fit=640,
                      pinned=("rank", "branch"))
    rows = event.selection.rows if event is not None else []
    if rows:
        _ui.open_profile(v, *data.branch_at(rows[0]))
    _ui.downloads(data.table, f"ranking_{v.period}_{v.method.name}", v.tr("ui.page.ranking"), lazy=True)

    st.subheader(v.tr("ui.ranking.shift"))
    st.caption(v.tr("ui.ranking.shift_help"))
    if data.limited:
        st.caption(v.tr("ui.ranking.shift_limited", shown=data.shift_shown, total=data.shift_total))
    _ui.chart(charts.rank_shift(data.shift, v.colors, v.lang, v.context()), key="rank_shift")


render(_ui.ensure_app())
