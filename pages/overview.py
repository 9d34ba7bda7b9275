"""总览 Overview: KPI tiles against the previous period, grade and star distributions, the
committee comparison and a short list of alerts (SPEC §5)."""

import streamlit as st

from assess import charts, scoring, views
from assess.periods import previous_period
from pages import _ui

TILES = {  # key → (kind of number, delta colour)
    "branches": ("count", "off"),
    "party_mean": ("score", "normal"),
    "business_mean": ("score", "normal"),
    "composite_mean": ("score", "normal"),
    "solid_rate": ("pct", "normal"),
    "vetoes": ("count", "inverse"),
}


def kpi_row(v: _ui.View, tiles, target: float) -> None:
    box = st.container(horizontal=True, wrap=True, gap="small")
    for row in tiles.itertuples(index=False):
        kind, color = TILES[row.key]
        delta = None
        if row.delta == row.delta:  # not NaN
            if kind == "pct":  # a change of a rate is in percentage points
                delta = v.tr("ui.kpi.points", value=f"{row.delta * 100:+.1f}")
            else:
                delta = views.fmt(row.delta, kind)
                delta = ("+" + delta) if row.delta > 0 else delta
        help_text = v.tr(f"ui.kpi.{row.key}_help", target=f"{target:.0%}")
        box.metric(v.tr(f"ui.kpi.{row.key}"), views.fmt(row.value, kind), delta=delta, delta_color=color,
                   help=help_text, border=True, width="stretch")


def render(v: _ui.View) -> None:
    _ui.header(v, "overview")
    if _ui.empty_state(v):
        return
    scores = _ui.branch_scores(v)
    shown = views.only(scores, v.committees)
    before_period = previous_period(v.period)
    before = None
    if before_period in v.period_options:
        before = scoring.kpis(views.only(_ui.branch_scores(v, before_period), v.committees), v.config)
    now = scoring.kpis(shown, v.config)
    st.caption(v.tr("ui.overview.compared", period=v.context(), previous=before_period if before else "—"))
    kpi_row(v, views.kpi_tiles(now, before), v.config.scoring.solid_target)
    rate = now["solid_rate"]
    if rate == rate:
        if now["solid_target_met"]:
            st.success(v.tr("ui.overview.target_met", rate=views.fmt(rate, "pct"), target=f"{now['solid_target']:.0%}"))
        else:
            st.warning(v.tr("ui.overview.target_missed", rate=views.fmt(rate, "pct"), target=f"{now['solid_target']:.0%}"))
    quota = scoring.quota_warning(scores, v.config)
    if quota["exceeded"]:
        st.warning(v.tr("ui.overview.quota", share=views.fmt(quota["share"], "pct"), quota=views.fmt(quota["quota"], "pct")))

    left, right = st.columns(2)
    with left:
        _ui.chart(charts.grade_distribution(views.grade_distribution(shown), v.lang, v.context()), key="grades")
    with right:
        _ui.chart(charts.star_distribution(views.star_distribution(shown), v.lang, v.context(),
                                           v.config.scoring.solid_stars), key="stars")

    summary = views.only(scoring.committee_summary(scores, v.config), v.committees)
    _ui.chart(charts.committee_comparison(summary, v.colors, v.lang, v.context()), key="committees")
    with st.expander(v.tr("ui.overview.committee_table"), expanded=False):
        cols = ["committee", "branches", "party_mean", "business_mean", "composite_mean", "solid_rate", "vetoes", "correlation"]
        _ui.table(views.display_table(summary[cols], v.lang), key="committee_table")

    st.subheader(v.tr("ui.overview.alerts"))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{v.tr('ui.overview.vetoes')}**")
        vetoed = views.vetoes(shown)
        if vetoed.empty:
            st.caption(v.tr("ui.overview.no_vetoes"))
        else:
            _ui.table(views.display_table(vetoed, v.lang), key="vetoes")
    with right:
        st.markdown(f"**{v.tr('ui.overview.drops')}**")
        drops = views.largest_drops(views.only(_ui.changes(v), v.committees))
        if drops.empty:
            st.caption(v.tr("ui.overview.no_drops"))
        else:
            _ui.table(views.display_table(drops, v.lang), key="drops")


render(_ui.ensure_app())
