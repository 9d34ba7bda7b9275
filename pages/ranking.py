"""排名 Ranking: the branch table (P, B, K, C, rank, Δrank, stars, grade, main driver, quadrant),
sorted as the link says and exported exactly as shown; the rank-shift chart (rank by B alone →
rank by C); a click on a row opens the branch's profile (SPEC §5). Data: :mod:`assess.views.ranking`.

The sort is part of the link (SPEC §6, issue 13): the address bar is its one source. The link's
``sort`` / ``order`` (``links.ViewChoices``) choose the order; the two pickers show it and, when
changed, write it back to ``st.query_params`` (``links.ViewChoices.query``: codes, defaults left
out). They are not ``bind="query-params"`` widgets: a bound selectbox writes its label
(``sort=党建得分``), not the link's code, and a bound key cannot be rewritten by the dashboard.
The table's own header sorting is off (column selection on); a click on a header sorts through
the link instead, so the Excel / CSV export — the same table — always has the order on screen.
"""

import streamlit as st

from assess import charts, links
from assess.views import ranking
from pages import _ui

SORT_KEY, ORDER_KEY = "sort", "order"
TABLE_KEY = "ranking_table"
_CLICKS = "_ranking_header_clicks"  # bumps the table's key, so a header click leaves no column selected


def link_choices(v: _ui.SidebarState) -> links.ViewChoices:
    """The link's sort and order: the sidebar state's ``choices`` once the dashboard reads them,
    else straight from the address bar (the same contract: ``links.clean_view``)."""
    choices = getattr(v, "choices", None)
    if choices is not None:
        return choices
    return links.clean_view({k: st.query_params.get_all(k) for k in (SORT_KEY, ORDER_KEY)})[0]


def write_link(choices: links.ViewChoices) -> None:
    """Put ``choices``' sort and order in the address bar (defaults left out, as in a copied link)."""
    for key, value in ranking.link_params(choices).items():
        if value is not None:
            if st.query_params.get(key) != value:
                st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def _sort_picked() -> None:
    """A new sort column: its natural direction (scores highest first)."""
    write_link(links.ViewChoices(sort=st.session_state[SORT_KEY]))


def _order_picked() -> None:
    write_link(links.ViewChoices(sort=st.session_state[SORT_KEY], order=st.session_state[ORDER_KEY]))


def sort_pickers(v: _ui.SidebarState, choices: links.ViewChoices) -> links.ViewChoices:
    """The sort column and direction, showing the link's; a change goes to the link."""
    choices = links.ViewChoices(sort=choices.sort if choices.sort in ranking.SORTS else links.DEFAULT_SORT,
                                order=choices.order)
    st.session_state[SORT_KEY] = choices.sort  # the link decides what the pickers show
    st.session_state[ORDER_KEY] = "desc" if choices.descending else "asc"
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    left.selectbox(v.tr("ui.ranking.sort"), ranking.SORTS, format_func=lambda c: v.tr(f"ui.col.{c}"),
                   key=SORT_KEY, on_change=_sort_picked, help=v.tr("ranking.sort_help"))
    right.segmented_control(v.tr("ranking.order"), links.ORDERS, format_func=lambda o: v.tr(f"ranking.order.{o}"),
                            key=ORDER_KEY, required=True, on_change=_order_picked)
    return choices


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "ranking")
    if _ui.empty_state(v):
        return
    choices = sort_pickers(v, link_choices(v))
    data = ranking.build(_ui.database(), v, choices)
    st.caption(data.caption)
    clicks = st.session_state.get(_CLICKS, 0)
    event = _ui.table(data.table, key=f"{TABLE_KEY}_{clicks}" if clicks else TABLE_KEY, on_select="rerun",
                      selection_mode=("single-row", "single-column"), fit=640, pinned=("rank", "branch"))
    selection = event.selection if event is not None else None
    if selection is not None and selection.columns:
        st.session_state[_CLICKS] = clicks + 1  # a new table: the header click leaves nothing selected
        asked = data.choices_after_click(selection.columns[0])
        if asked is not None:
            write_link(asked)
        st.rerun()
    if selection is not None and selection.rows:
        _ui.open_profile(v, *data.branch_at(selection.rows[0]))
    _ui.downloads(data.table, f"ranking_{v.period}_{v.method.name}", v.tr("ui.page.ranking"), lazy=True,
                  layout=TABLE_KEY)

    st.subheader(v.tr("ui.ranking.shift"))
    st.caption(v.tr("ui.ranking.shift_help"))
    if data.limited:
        st.caption(v.tr("ui.ranking.shift_limited", shown=data.shift_shown, total=data.shift_total))
    _ui.chart(charts.rank_shift(data.shift, v.colors, v.lang, v.context()), key="rank_shift")


render(_ui.ensure_app())
