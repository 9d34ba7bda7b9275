"""支部画像 Branch profile: radar of the dimension rates against the committee and overall means,
the history of scores, ranks, stars and vetoes, and the indicator details (SPEC §5). The branch is
in the URL (``branch=committee/branch``)."""

import streamlit as st

from assess import charts, views
from assess.links import split_branch_key
from pages import _ui


def render(v: _ui.View) -> None:
    _ui.header(v, "profile")
    if _ui.empty_state(v):
        return
    options = list(v.branch_keys)
    key = st.selectbox(v.tr("ui.profile.branch"), options, key="branch", bind="query-params",
                       help=v.tr("ui.profile.branch_help"))
    if not key:
        return
    committee, branch = split_branch_key(key)
    scores = _ui.branch_scores(v)
    mine = scores[(scores["committee"] == committee) & (scores["branch"] == branch)]
    st.subheader(f"{branch} · {committee}")
    if mine.empty:
        st.info(v.tr("ui.profile.not_in_period", period=v.period))
    else:
        row = mine.iloc[0]
        box = st.container(horizontal=True, wrap=True, gap="small")
        box.metric(v.tr("ui.col.party_score"), views.fmt(row["party_score"]), border=True, width="stretch")
        box.metric(v.tr("ui.col.business_score"), views.fmt(row["business_score"]), border=True, width="stretch")
        box.metric(v.tr("ui.col.composite"), views.fmt(row["composite"]), border=True, width="stretch",
                       help=v.tr("ui.profile.k", k=views.fmt(row["coefficient"], "r")))
        rank = f"{views.fmt(row['rank'], 'count')} / {int(scores['rank'].notna().sum())}"
        box.metric(v.tr("ui.col.rank"), rank, border=True, width="stretch")
        grade = row["grade"] if isinstance(row["grade"], str) else views.PENDING
        quadrant = v.tr(f"ui.quadrant.{row['quadrant']}") if isinstance(row["quadrant"], str) else "—"
        st.markdown(f"{views.stars_text(row['stars'])} · {v.tr(f'ui.grade.{grade}')} · {quadrant}")
        if bool(row["veto"]):
            st.error(v.tr("ui.profile.veto", reason=row["veto_reason"] or ""))

    left, right = st.columns(2)
    with left:
        labels = (branch, v.tr("ui.profile.committee_mean"), v.tr("ui.profile.overall_mean"))
        radar = views.radar_frame(_ui.dimension_rates(v), committee, branch, labels)
        _ui.chart(charts.radar(radar, v.lang, v.context()), key="radar")
    quarters = _ui.trend_quarters(v)
    hist = views.branch_history(_ui.quarter_scores(v), committee, branch, v.config)
    with right:
        span = f"{quarters[0]}–{quarters[-1]}" if quarters else v.period
        _ui.chart(charts.history(hist, v.lang, v.context(span)), key="history")
    st.markdown(f"**{v.tr('ui.profile.history')}**")
    _ui.table(views.display_table(hist, v.lang), key="history_table")

    st.markdown(f"**{v.tr('ui.profile.indicators', period=views.period_label(v.period, v.lang))}**")
    details = views.branch_indicators(_ui.indicator_rates(v), committee, branch)
    _ui.table(views.display_table(details, v.lang), key="indicator_table",
              column_config={v.tr("ui.col.rate"): st.column_config.ProgressColumn(
                  v.tr("ui.col.rate"), min_value=0.0, max_value=1.0, format="percent")})


render(_ui.ensure_app())
