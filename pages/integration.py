"""党建×业务 Integration: the P–B scatter with the quadrant lines and the correlation, the 两张皮
list and the per-committee correlation (SPEC §5). A click on a dot opens the branch's profile."""

import streamlit as st

from assess import charts, scoring, views
from pages import _ui


def render(v: _ui.View) -> None:
    _ui.header(v, "integration")
    if _ui.empty_state(v):
        return
    scores = _ui.branch_scores(v)
    shown = views.only(scores, v.committees)
    corr = scoring.correlations(scores, v.config)
    r = views.overall_correlation(corr)
    p_line = float(scores["quadrant_p_threshold"].iloc[0]) if len(scores) else float("nan")
    b_line = float(scores["quadrant_b_threshold"].iloc[0]) if len(scores) else float("nan")

    box = st.container(horizontal=True, wrap=True, gap="small")
    box.metric(v.tr("ui.integration.r"), views.fmt(r, "r"), help=v.tr("ui.integration.r_help"), border=True, width="stretch")
    box.metric(v.tr("ui.integration.verdict"), v.tr(f"ui.integration.level.{views.correlation_level(r)}"),
               border=True, width="stretch")
    counts = views.quadrant_counts(shown)
    skins = int(counts.loc[counts["quadrant"].isin(["党建强业务弱", "业务强党建弱"]), "count"].sum())
    box.metric(v.tr("ui.integration.two_skins_count"), f"{skins} / {len(shown)}", border=True, width="stretch")

    event = _ui.chart(charts.pb_scatter(shown, p_line, b_line, v.colors, v.lang, v.context(), r),
                      key="scatter", on_select="rerun", selection_mode="points")
    points = (event or {}).get("selection", {}).get("points", []) if event is not None else []
    if points and points[0].get("customdata"):
        committee, branch = points[0]["customdata"][:2]
        _ui.open_profile(v, committee, branch)
    st.caption(v.tr("ui.integration.lines", p=views.fmt(p_line), b=views.fmt(b_line)))

    st.subheader(v.tr("ui.integration.two_skins"))
    skins_df = views.two_skins(shown)
    if skins_df.empty:
        st.caption(v.tr("ui.integration.no_two_skins"))
    else:
        _ui.table(views.display_table(skins_df, v.lang), key="two_skins", pinned=(v.tr("ui.col.branch"),))

    st.subheader(v.tr("ui.integration.by_committee"))
    per = views.only(corr[corr["scope"] == "committee"], v.committees)
    _ui.chart(charts.correlation_bars(per, v.colors, v.lang, v.context()), key="correlations")


render(_ui.ensure_app())
