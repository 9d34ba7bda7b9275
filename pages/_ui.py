"""Shared plumbing of the pages: the database, cached scoring calls, the view state, small
rendering helpers. UI only: every number comes from :mod:`assess.scoring` / :mod:`assess.views`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from assess import charts, plot_config, scoring, views
from assess.config import ROOT, Config, Method, db_path
from assess.db import Database, shared
from assess.i18n import t

STATE_KEY = "_view"
RUNNING_KEY = "_in_dashboard"  # True while dashboard.py runs the current page


def database() -> Database:
    """The process's one Database for the file (the one the warm-up filled, see
    assess.warmup); every query runs on its own cursor."""
    return shared(db_path())


@dataclass(frozen=True)
class View:
    """What the shared sidebar decided; every page reads it."""

    lang: str = "zh"
    period: str | None = None
    committees: tuple[str, ...] = ()
    config: Config = field(default_factory=Config)
    default_config: Config = field(default_factory=Config)
    as_of: int = 0
    latest: int = 0
    period_options: tuple[str, ...] = ()
    all_committees: tuple[str, ...] = ()
    branch_keys: tuple[str, ...] = ()
    page: str = ""
    user: Any = None  # assess.auth.User this session acts as
    scope: tuple[str, ...] | None = None  # the only committees this user may see; None: all

    @property
    def empty(self) -> bool:
        return self.latest == 0 or not self.period

    @property
    def method(self) -> Method:
        return self.config.method

    @property
    def colors(self) -> dict[str, str]:
        return charts.committee_colors(self.all_committees)

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def context(self, period: str | None = None, method: Method | None = None) -> str:
        return views.context(period or self.period or "", method or self.method, self.lang)


def ensure_app() -> View:
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


# ---------------------------------------------------------------- cached data
# Results are kept by the scoring engine per data version (assess.scoring.cache): what a version
# shows never changes, every session shares them, and a hit costs a shallow copy — not a second
# pickled copy per function (st.cache_data) to unpickle on every run.


def period_options(as_of: int) -> list[str]:
    """Periods with data as of a version, the default (latest quarter) first."""
    return views.period_options(scoring.periods(database(), as_of=as_of)) if as_of else []


def branch_catalog(as_of: int) -> pd.DataFrame:
    """Every branch with data as of a version (any period): committee, branch, branch_id,
    first_quarter, last_quarter — the options of the pickers and of the URL check."""
    return scoring.branches(database(), as_of=as_of)


def scoped(v: View, df: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of the committees the user may see (SPEC §8). Every branch-level frame a page
    gets passes here, so no view, chart, export or link can show another committee's branches.
    Ranks, medians and 过硬率 stay those of the whole period: they are computed before."""
    if v.scope is None or "committee" not in df.columns:
        return df
    return df[df["committee"].isin(v.scope)].reset_index(drop=True)


def branch_scores(v: View, period: str | None = None, config: Config | None = None) -> pd.DataFrame:
    """The whole period's branch table (every committee the user may see) — filter rows further
    with :func:`views.only`."""
    return scoped(v, scoring.branch_scores(database(), period or v.period, config or v.config, as_of=v.as_of))


def changes(v: View, period: str | None = None) -> pd.DataFrame:
    return scoped(v, scoring.changes(database(), period or v.period, v.config, as_of=v.as_of))


def dimension_rates(v: View, period: str | None = None) -> pd.DataFrame:
    return scoped(v, scoring.dimension_rates(database(), period or v.period, as_of=v.as_of))


def indicator_rates(v: View, period: str | None = None) -> pd.DataFrame:
    return scoped(v, scoring.indicator_rates(database(), period or v.period, as_of=v.as_of))


def trend_quarters(v: View, limit: int = 12) -> list[str]:
    """The quarters the trends and the history show: up to the chosen period, oldest first."""
    return views.quarters_up_to(v.period_options, v.period, limit)


def quarter_summary(v: View) -> pd.DataFrame:
    """Per quarter × committee counts and sums of P, B, C and 过硬 over :func:`trend_quarters`
    (the committees the user may see)."""
    return scoped(v, scoring.quarter_summary(database(), trend_quarters(v), v.config, as_of=v.as_of))


def quarter_scores(v: View, keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Per branch × quarter scores over :func:`trend_quarters` (ranks over the whole quarter),
    only of the branches ``keys`` (``committee/branch``) when given."""
    rows = scoring.quarter_scores(database(), trend_quarters(v), v.config, as_of=v.as_of)
    if keys is not None:
        rows = views.of_branches(rows, keys)
    return scoped(v, rows)


def invalidate() -> None:
    """After a write. Results are keyed by data version, so nothing shown can be stale; this
    empties the other Streamlit caches (e.g. the users file's)."""
    st.cache_data.clear()


# ---------------------------------------------------------------- rendering helpers


def header(v: View, page_key: str) -> None:
    """Page title and, when there is data, the period · method line."""
    st.title(v.tr(f"ui.page.{page_key}"))
    st.caption(v.tr(f"ui.intro.{page_key}"))


def empty_state(v: View) -> bool:
    """When there is nothing to show: say where the data comes from; True if shown."""
    if not v.empty:
        return False
    st.info(v.tr("ui.empty.message"))
    st.code("python -m assess sample data/sample && python -m assess ingest data/sample/*.xlsx", language="bash")
    st.page_link("pages/data.py", label=v.tr("ui.empty.to_data"), icon=":material/upload_file:")
    return True


def chart(fig, key: str | None = None, **kwargs):
    """A responsive plotly chart that a finger scrolls past (:mod:`assess.plot_config`); on a
    touch client a selectable chart is drawn without its selection (then None comes back)."""
    st.html(plot_config.CSS)
    if kwargs.get("on_select") and plot_config.touch_client(st.context.headers):
        st.plotly_chart(plot_config.apply(fig), width="stretch", key=key, config=plot_config.CONFIG)
        return None
    return st.plotly_chart(plot_config.apply(fig), width="stretch", key=key, config=plot_config.CONFIG, **kwargs)


def table(df: pd.DataFrame, key: str | None = None, height: int | str = "auto", lang: str | None = None,
          pinned: tuple[str, ...] = (), **kwargs):
    """A scrollable table (full width, no index); numbers formatted for people, ``pinned`` columns
    (translated names) stay visible while a phone scrolls sideways."""
    config = {}
    formats = views.column_formats(lang or st.session_state[STATE_KEY].lang)
    for col in df.columns:
        if col in formats:
            config[col] = st.column_config.NumberColumn(col, format=formats[col], pinned=col in pinned or None)
        elif col in pinned:
            config[col] = st.column_config.Column(col, pinned=True)
    config.update(kwargs.pop("column_config", {}) or {})
    return st.dataframe(df, width="stretch", hide_index=True, key=key, height=height, column_config=config, **kwargs)


def open_profile(v: View, committee: str, branch: str) -> None:
    """Drill down: open the branch's profile, keeping the shared state (bound widgets carry
    themselves; the branch goes in the URL when its widget is not bound yet)."""
    from assess.links import branch_key

    key = branch_key(committee, branch)
    st.session_state["branch"] = key
    try:
        st.switch_page("pages/profile.py", query_params={"branch": key})
    except StreamlitAPIException:  # 'branch' already bound to the profile's picker
        st.switch_page("pages/profile.py", query_params={})
