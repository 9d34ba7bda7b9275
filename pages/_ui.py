"""Shared plumbing of the pages: the database, the sidebar's state, and the few ways a page draws
(tiles, tables, charts, downloads). UI only: every number and text comes from the page's view
module (:mod:`assess.views`), every figure from :mod:`assess.charts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from assess import charts, links, plot_config, rules, table_layout
from assess.config import Config, ROOT, db_path
from assess.db import Database, shared
from assess.views import common, display

STATE_KEY = "_sidebar"
RUNNING_KEY = "_in_dashboard"  # True while dashboard.py runs the current page
SEEN_KEY = "_seen_version"  # (version shown, latest version) of the session's last run
WRITTEN_KEY = "_written_version"  # set by after_write: the session's own commit or rollback
VERSION_PICKERS = ("files_version", "rollback_target", "rollback_sure")  # start over after a write
CHOICES_OF_PAGE = {"indicators": ("category",), "ranking": ("sort", "order")}
"""Which view choices (assess.links.ViewChoices) each page shows and writes into the link."""


def database() -> Database:
    """The process's one Database for the file (the one the warm-up filled, see
    assess.warmup); every query runs on its own cursor."""
    return shared(db_path())


@dataclass(frozen=True)
class SidebarState(common.Selection):
    """What the shared sidebar decided (a :class:`assess.views.common.Selection`, which every
    view function takes) and the page it runs; every page reads it."""

    page: str = ""

    @property
    def colors(self) -> dict[str, str]:
        """Committee → colour, stable across filters."""
        return charts.committee_colors(self.all_committees)


def ensure_app() -> SidebarState:
    """The view state the dashboard put in the session for this run.

    When a fresh server is first opened on a page URL, Streamlit runs the page file alone (its
    old ``pages/`` directory mode, until ``st.navigation`` has run once). Then we switch that
    mode off and rerun, so the dashboard runs, draws the sidebar and routes here. AppTest (no
    browser, so no ``st.context.url``) runs pages that way on every run; a rerun would lose a
    button click there, so the dashboard runs inline instead and the outer run stops.
    """
    if not st.session_state.get(RUNNING_KEY):
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        if st.context.url:
            st.rerun()
        import runpy

        runpy.run_path(str(ROOT / "dashboard.py"), run_name="__dashboard__")
        st.stop()
    return st.session_state[STATE_KEY]


# ---------------------------------------------------------------- the sidebar's options
# Results are kept by the scoring engine per data version (assess.scoring.cache): what a version
# shows never changes, every session shares them, and a hit costs a shallow copy.


def period_options(as_of: int) -> list[str]:
    """Periods with data as of a version, the default (latest quarter) first."""
    return common.stored_periods(database(), as_of)


def branch_catalog(as_of: int) -> pd.DataFrame:
    """Every branch with data as of a version (any period): committee, branch, branch_id,
    first_quarter, last_quarter — the options of the pickers and of the URL check."""
    return common.stored_branches(database(), as_of)


def official_config(base: Config, period: str | None) -> Config:
    """``base`` with the official method and scoring of ``period``'s year and no what-if: what
    a view compares a what-if with."""
    if not period:
        return rules.without_what_if(base)
    official = rules.official(base, period)
    return Config(method=official.method, scoring=official.scoring, limits=base.limits)


def after_write(version: int) -> None:
    """After the session's own commit or rollback (creating ``version``): on the next run the
    session shows the latest version, unpinned (no ``version`` in the link), and the data page's
    version pickers start over. Call before ``st.rerun()``."""
    st.session_state[WRITTEN_KEY] = int(version)


def set_choice(name: str, value: str | None) -> None:
    """Write one view choice (``category``, ``sort`` or ``order`` of :class:`assess.links.ViewChoices`)
    into the address bar, where the copy-link reads it too. Call after the page's widget with its
    value as a code (None: the default); a default (``party``, ``rank``, an order equal to the
    column's natural one) takes the parameter out, and nothing is written when the address bar
    already means the same (a link's spelling is kept)."""
    names = ("category",) if name == "category" else ("sort", "order")
    raw = {k: st.query_params.get_all(k) for k in names}
    raw[name] = [value] if value else []
    wanted = dict(links.address_query(links.LinkState(), None, links.clean_view(raw)[0]))  # the choices' pairs
    for key in names:
        have, want = st.query_params.get_all(key), wanted.get(key)
        if want is None:
            if have:
                del st.query_params[key]
        elif not (len(have) == 1 and _PARSE[key](have[0]) == _PARSE[key](want)):
            st.query_params[key] = want


_PARSE = {"category": links.parse_category, "sort": links.parse_sort, "order": links.parse_order}


def page_choices(page: str) -> links.ViewChoices:
    """The view choices of ``page`` as the address bar has them now (defaults for the others)."""
    names = CHOICES_OF_PAGE.get(page, ())
    choices, _ = links.clean_view({k: st.query_params.get_all(k) for k in names})
    return choices


def invalidate() -> None:
    """After a write. Results are keyed by data version, so nothing shown can be stale; this
    empties the other Streamlit caches (e.g. the users file's)."""
    st.cache_data.clear()


# ---------------------------------------------------------------- rendering helpers


def header(v: SidebarState, page_key: str) -> None:
    """Page title, its one-line introduction and the rules its numbers use (SPEC §3.16: the
    period's official rules, or a what-if said to be one); the charts' CSS."""
    st.html(plot_config.CSS)  # the charts' touch and tool-bar rules, once a page (style only: no space)
    st.title(v.tr(f"ui.page.{page_key}"))
    st.caption(v.tr(f"ui.intro.{page_key}"))
    if v.period:
        st.caption(v.tr("uidata.rules_used", label=rules.rules_used(v.config, v.period).label(v.lang)))


def empty_state(v: SidebarState) -> bool:
    """When there is nothing to show: say where the data comes from; True if shown."""
    if not v.empty:
        return False
    st.info(v.tr("ui.empty.message"))
    st.code("python -m assess sample data/sample && python -m assess ingest data/sample/*.xlsx", language="bash")
    st.page_link("pages/data.py", label=v.tr("ui.empty.to_data"), icon=":material/upload_file:")
    return True


def tiles(items: Sequence[display.Tile]) -> None:
    """Metric tiles in a row that wraps on a phone."""
    box = st.container(horizontal=True, wrap=True, gap="small")
    for tile in items:
        box.metric(tile.label, tile.text, delta=tile.delta_text, delta_color=tile.delta_color, help=tile.help,
                   border=True, width="stretch")


def chart(fig, key: str | None = None, **kwargs):
    """A responsive plotly chart (a figure of :mod:`assess.charts`, already made for a finger to
    scroll past: :func:`assess.plot_config.prepare`); on a touch client a selectable chart is
    drawn without its selection (then None comes back)."""
    if kwargs.get("on_select") and plot_config.touch_client(st.context.headers):
        st.plotly_chart(fig, width="stretch", key=key, config=plot_config.CONFIG)
        return None
    return st.plotly_chart(fig, width="stretch", key=key, config=plot_config.CONFIG, **kwargs)


def table(df: pd.DataFrame, key: str | None = None, height: int | str = "auto", lang: str | None = None,
          pinned: Sequence[str] = (), progress: Sequence[str] = (), fit: int | None = None, **kwargs):
    """A view's frame as a scrollable table (full width, no index), formatted for people by
    :func:`assess.views.display.display_table`; ``pinned`` columns stay visible while a phone
    scrolls sideways, ``progress`` columns (rates 0…1) show as bars; with ``fit``, as tall as
    its rows up to ``fit`` pixels. A table :mod:`assess.table_layout` knows (by its key) leads
    with the branch and its key figures and pins them, so a phone shows them first."""
    lang = lang or st.session_state[STATE_KEY].lang
    layout = layout_of(key)
    shown = display.display_table(table_layout.arrange(df, layout) if layout in table_layout.ORDERS else df, lang)
    pinned = {display.title(c, lang) for c in (tuple(pinned) or table_layout.PINNED.get(layout, ()))}
    bars = {display.title(c, lang) for c in progress}
    formats = display.column_formats(lang)
    config = {}
    for col in shown.columns:
        if col in bars:
            config[col] = st.column_config.ProgressColumn(col, min_value=0.0, max_value=1.0, format="percent")
        elif col in formats:
            config[col] = st.column_config.NumberColumn(col, format=formats[col], pinned=col in pinned or None)
        elif col in pinned:
            config[col] = st.column_config.Column(col, pinned=True)
    if fit is not None:
        height = min(38 + 35 * len(shown), fit)
    return st.dataframe(shown, width="stretch", hide_index=True, key=key, height=height, column_config=config, **kwargs)


def heat_table(grid: pd.DataFrame, key: str) -> None:
    """The heat map as a table (a row per branch, a column per indicator), coloured like the map."""
    if not grid.empty:
        st.dataframe(charts.heat_styler(grid), width="stretch", key=key)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def layout_of(key: str | None) -> str | None:
    """The :mod:`assess.table_layout` name of a table's widget key (``ranking_table_3``, a key
    renewed after a header click, is ``ranking_table``)."""
    if key is None or key in table_layout.ORDERS:
        return key
    stem = key.rsplit("_", 1)[0]
    return stem if stem in table_layout.ORDERS else key


def downloads(df: pd.DataFrame, name: str, sheet: str, key: str | None = None, lazy: bool = False,
              lang: str | None = None, layout: str | None = None) -> list:
    """Excel and CSV buttons for a view's frame exactly as :func:`table` shows it (``layout``:
    the table's key, for its column order); the two columns beside them are returned for more
    buttons. ``lazy``: built on click, not on every run (a 10,000-row workbook costs seconds)."""
    lang = lang or st.session_state[STATE_KEY].lang
    if layout_of(layout) in table_layout.ORDERS:
        df = table_layout.arrange(df, layout_of(layout))
    tr = st.session_state[STATE_KEY].tr
    left, right, *rest = st.columns([1, 1, 2])

    def xlsx() -> bytes:
        return display.to_xlsx(display.display_table(df, lang), sheet)

    def csv() -> bytes:
        return display.to_csv(display.display_table(df, lang))

    left.download_button(tr("ui.download.xlsx"), data=xlsx if lazy else xlsx(), file_name=f"{name}.xlsx", mime=XLSX,
                         key=f"{key}_xlsx" if key else None, icon=":material/download:")
    right.download_button(tr("ui.download.csv"), data=csv if lazy else csv(), file_name=f"{name}.csv",
                          mime="text/csv", key=f"{key}_csv" if key else None, icon=":material/download:")
    return rest


def open_profile(v: SidebarState, committee: str, branch: str) -> None:
    """Drill down: open the branch's profile, keeping the shared state (bound widgets carry
    themselves; the branch goes in the URL when its widget is not bound yet)."""
    from assess.links import branch_key

    key = branch_key(committee, branch)
    st.session_state["branch"] = key
    try:
        st.switch_page("pages/profile.py", query_params={"branch": key})
    except StreamlitAPIException:  # 'branch' already bound to the profile's picker
        st.switch_page("pages/profile.py", query_params={})
