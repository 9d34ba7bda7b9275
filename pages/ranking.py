"""排名 Ranking: the branch table (P, B, K, C, rank, Δrank, stars, grade, quadrant), sortable and
exportable exactly as shown; the rank-shift chart (rank by B alone → rank by C); a click on a
row opens the branch's profile (SPEC §5)."""

import streamlit as st

from assess import charts, views
from pages import _ui

SORTS = ("rank", "delta_rank", "party_score", "business_score", "composite", "committee")


def render(v: _ui.View) -> None:
    _ui.header(v, "ranking")
    if _ui.empty_state(v):
        return
    scores = _ui.branch_scores(v)
    shown = views.only(scores, v.committees)
    table = views.ranking(shown, _ui.changes(v))

    sort = st.selectbox(v.tr("ui.ranking.sort"), SORTS, format_func=lambda c: v.tr(f"ui.col.{c}"), key="sort")
    table = views.sort_ranking(table, sort)
    display = views.display_table(table, v.lang)
    st.caption(v.tr("ui.ranking.caption", context=v.context(), n=len(display)))
    event = _ui.table(display, key="ranking_table", on_select="rerun", selection_mode="single-row",
                      height=min(38 + 35 * len(display), 640),
                      pinned=(v.tr("ui.col.rank"), v.tr("ui.col.branch")))
    rows = event.selection.rows if event is not None else []
    if rows:
        row = table.iloc[rows[0]]
        _ui.open_profile(v, row["committee"], row["branch"])

    name = f"ranking_{v.period}_{v.method.name}"
    left, right, _ = st.columns([1, 1, 2])
    # built on click, not on every run: a 10,000-row workbook costs seconds
    left.download_button(v.tr("ui.download.xlsx"), data=lambda: views.to_xlsx(display, v.tr("ui.page.ranking")),
                         file_name=f"{name}.xlsx", icon=":material/download:",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    right.download_button(v.tr("ui.download.csv"), data=lambda: views.to_csv(display), file_name=f"{name}.csv",
                          mime="text/csv", icon=":material/download:")

    st.subheader(v.tr("ui.ranking.shift"))
    st.caption(v.tr("ui.ranking.shift_help"))
    shift = views.best_ranked(views.only(views.rank_shift(scores), v.committees), views.SHIFT_ROWS)
    if shift.attrs["shown"] < shift.attrs["branches"]:
        st.caption(v.tr("ui.ranking.shift_limited", shown=shift.attrs["shown"], total=shift.attrs["branches"]))
    _ui.chart(charts.rank_shift(shift, v.colors, v.lang, v.context()), key="rank_shift")


render(_ui.ensure_app())
