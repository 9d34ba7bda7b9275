"""方法 Method: the chosen method and its parameters (sidebar, in the URL), the K curve against
the default method, how the ranking moves against the default, and the formulas in words."""

import streamlit as st

from assess import charts, views
from assess.links import format_tiers
from pages import _ui


def render(v: _ui.View) -> None:
    _ui.header(v, "method")
    m, d = v.method, v.default_config.method
    st.info(v.tr("ui.method.where"), icon=":material/tune:")
    cols = st.columns(2)
    with cols[0]:
        st.markdown(f"**{v.tr('ui.method.chosen')}：{views.method_label(m, v.lang)}**" if v.lang == "zh"
                    else f"**{v.tr('ui.method.chosen')}: {views.method_label(m, v.lang)}**")
        st.markdown(v.tr(f"ui.formula.{m.name}", tiers=format_tiers(m.tiers), floor=m.tier_floor, slope=m.slope,
                         pivot=m.pivot, kmin=m.k_min, kmax=m.k_max))
        st.markdown(v.tr("ui.formula.veto", vetok=m.veto_k))
        params = views.method_parameters(m, d)
        params["parameter"] = [v.tr(f"ui.param.{p}") for p in params["parameter"]]
        params["changed"] = [v.tr("ui.yes") if c else "" for c in params["changed"]]
        params.columns = [v.tr(f"ui.method.param_{c}") for c in params.columns]
        _ui.table(params, key="method_params")
    with cols[1]:
        labels = (v.tr("ui.method.chosen_series", name=views.method_label(m, v.lang)),
                  v.tr("ui.method.default_series", name=views.method_label(d, v.lang)))
        _ui.chart(charts.k_curve(views.k_curve(m, d, labels), v.lang, v.context(v.period or "—")), key="k_curve")

    st.subheader(v.tr("ui.method.shift"))
    if v.empty:
        st.caption(v.tr("ui.empty.short"))
    elif m == d:
        st.caption(v.tr("ui.method.same_as_default"))
    else:
        chosen = _ui.branch_scores(v)
        default = _ui.branch_scores(v, config=v.default_config)
        shift = views.only(views.method_shift(default, chosen), v.committees)
        moved = int((shift["delta"].abs() > 0).sum())
        st.caption(v.tr("ui.method.moved", moved=moved, n=len(shift)))
        shift = views.best_ranked(shift, views.SHIFT_ROWS)
        if shift.attrs["shown"] < shift.attrs["branches"]:
            st.caption(v.tr("ui.ranking.shift_limited", shown=shift.attrs["shown"], total=shift.attrs["branches"]))
        _ui.chart(charts.rank_shift(shift, v.colors, v.lang, v.context(),
                                    left_key="ui.axis.rank_default", right_key="ui.axis.rank_chosen",
                                    title_key="ui.chart.method_shift"), key="method_shift")

    st.subheader(v.tr("ui.method.words"))
    numbers = views.rule_params(v.config, v.lang)
    for key in ("category", "dimension", "veto_rule", "composite", "stars", "grade", "rank", "quadrant",
                "correlation", "year"):
        st.markdown(f"- {v.tr(f'ui.words.{key}', **numbers)}")


render(_ui.ensure_app())
