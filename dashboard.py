"""Entry point: page config, navigation over the eight views, the shared sidebar and URL state.

The URL is the state (SPEC §6): every sidebar widget is bound to a query parameter of the same
name; :mod:`assess.links` is the contract (names, defaults, validation) and reports what it had
to ignore, which we show. Pages read the resulting :class:`pages._ui.SidebarState`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn
from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit.errors import StreamlitAPIException

from assess import links, rules, safe, scoring
from assess.config import METHODS, ROOT, load_config
from assess.db import DatabaseBusy, DatabaseUnreadable
from assess.i18n import t
from assess.problems import ProblemError, bilingual
from assess.views import common
from assess.views.method import PARAMETERS
from pages import _auth, _share, _ui

PAGES = (  # (file, url path, key of its title)
    ("pages/overview.py", "overview", "overview"),
    ("pages/ranking.py", "ranking", "ranking"),
    ("pages/integration.py", "integration", "integration"),
    ("pages/trends.py", "trends", "trends"),
    ("pages/profile.py", "profile", "profile"),
    ("pages/indicators.py", "indicators", "indicators"),
    ("pages/method.py", "method", "method"),
    ("pages/data.py", "data", "data"),
    ("pages/report.py", "report", "report"),
)
PAGE_ICONS = (":material/dashboard:", ":material/leaderboard:", ":material/scatter_plot:",
              ":material/show_chart:", ":material/person_search:", ":material/grid_on:",
              ":material/functions:", ":material/upload_file:",
              ":material/description:")
# The step of each number input of a method (URL name → step); which inputs a method has is
# assess.views.method.PARAMETERS.
STEPS = {"slope": 0.1, "pivot": 1.0, "kmin": 0.05, "kmax": 0.05, "vetok": 0.05, "floor": 0.05}


def raw_params() -> dict[str, list[str]]:
    """Every parameter's values; of a repeated single-valued one, the value its bound widget
    reads first, as :func:`links.clean` keeps the first and reports the others (the language
    switch reads the first value, selectboxes, number and text inputs read the last)."""
    raw = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    return {k: v[-1:] + v[:-1] if k not in ("committee", "branches", "lang") else v for k, v in raw.items()}


def canonicalize(key: str, raw: dict[str, list[str]], canonical: str | None) -> None:
    """A valid alias in the URL (``lang=en``, ``method=tiered``) becomes the widget's own value
    before the widget is drawn, so the bound widget does not drop it."""
    values = raw.get(key)
    if canonical is None or not values or key in st.session_state:
        return
    if values[0] != canonical:
        st.session_state[key] = canonical


def choose_language(raw: dict[str, list[str]], first: links.LinkState) -> str:
    """The 中文/English switch (``lang``); every label after it depends on it."""
    canonicalize("lang", raw, links.LANG_LABELS[first.lang])
    label = st.sidebar.segmented_control(
        "🌐", list(links.LANG_LABELS.values()), key="lang", bind="query-params",
        default=links.LANG_LABELS["zh"], label_visibility="collapsed", on_change=_keep_method)
    return links.parse_lang(label or "中文") or "zh"


def choose_data(raw: dict[str, list[str]], first: links.LinkState, latest: int, lang: str, user):
    """Data version (``version``, only when there are several), period and committees — only the
    committees ``user`` may see (SPEC §8: a link never grants more than its opener has).

    Returns (as_of, period options, period, branch catalog or None, all committees, chosen)."""
    sb = st.sidebar
    as_of = latest
    if latest > 1:
        canonicalize("version", raw, str(first.version) if first.version else None)
        options = [str(n) for n in range(latest, 0, -1)]  # the latest first: the default
        as_of = int(sb.selectbox(t("ui.sidebar.version", lang), options, key="version", bind="query-params",
                                 help=t("ui.sidebar.version_help", lang, latest=latest)))
    period_options = _ui.period_options(as_of)
    period = sb.selectbox(t("ui.sidebar.period", lang), period_options, key="period", bind="query-params",
                          help=t("ui.sidebar.period_help", lang), disabled=not period_options,
                          placeholder=t("ui.sidebar.no_period", lang))
    catalog = _ui.branch_catalog(as_of) if latest else None
    if catalog is not None and user.committees is not None:
        catalog = catalog[catalog["committee"].isin(user.committees)].reset_index(drop=True)
        if catalog.empty:
            sb.warning(t("access.no_committee", lang))
    everyone = sorted(set(catalog["committee"])) if catalog is not None else []
    chosen = sb.multiselect(t("ui.sidebar.committee", lang), everyone, key="committee", bind="query-params",
                            placeholder=t("ui.sidebar.all_committees", lang), disabled=not everyone)
    return as_of, period_options, period, catalog, everyone, chosen


def choose_method(raw: dict[str, list[str]], first: links.LinkState, default, lang: str):
    """The method (``method``, shown by its label) and its numbers; (code, {URL name: value})."""
    canonicalize("method", raw, t(f"ui.method.{first.method.name}", lang) if "method" in raw else None)
    by_label = {t(f"ui.method.{m}", lang): m for m in METHODS}
    default_label = t(f"ui.method.{default.name}", lang)
    follow_official(default, lang)
    labels = [default_label] + [k for k in by_label if k != default_label]
    label = st.sidebar.selectbox(t("ui.sidebar.method", lang), labels, key="method", bind="query-params",
                                 help=t("ui.sidebar.method_help", lang))
    name = by_label.get(label, default.name)
    return name, method_numbers(name, default, lang)


def follow_official(official, lang: str) -> None:
    """When the period changes to a year with other official rules, the method switch and its
    numbers that showed the old official ones show the new ones (no what-if appears by itself);
    a what-if the user chose stays."""
    ss = st.session_state
    now = {"method": t(f"ui.method.{official.name}", lang), "tiers": links.format_tiers(official.tiers),
           **{key: float(getattr(official, attr)) for key, (attr, _lo, _hi) in links.NUMBERS.items()}}
    before = ss.get("_official_widgets")
    if before is not None and before != now and before.get("lang") == lang:
        for key, value in now.items():
            if key in ss and ss[key] == before.get(key) and value != before.get(key):
                ss[key] = value
    ss["_official_widgets"] = {**now, "lang": lang}


def stop_with(message: str) -> NoReturn:
    """Show ``message`` as the page and end the run. The pages are still declared (hidden):
    without st.navigation Streamlit would list every module of pages/ in the sidebar, _auth and
    _ui included, under their file names. (Once declared in this run, they stay.)"""
    try:
        st.navigation(declared_pages("zh"), position="hidden")
    except StreamlitAPIException:
        pass
    # the message carries DuckDB's error text and file paths: text, not Markdown (one paragraph
    # per line kept)
    st.error("\n\n".join(safe.markdown(line) for line in str(message).split("\n\n")))
    st.stop()


def run() -> None:
    """:func:`main`, and a store file that is not a database or is damaged (on opening it, or
    in a block a query reads later) shown as what it is, not as a traceback."""
    try:
        main()
    except DatabaseUnreadable as exc:
        stop_with(bilingual([exc.problem]))


def declared_pages(lang: str) -> list:
    """The eight views as st.Page objects, titled in ``lang``."""
    return [st.Page(path, title=t(f"ui.page.{key}", lang), url_path=url, icon=icon, default=(url == "overview"))
            for (path, url, key), icon in zip(PAGES, PAGE_ICONS)]


def main() -> None:
    st.set_page_config(page_title=t("ui.app.title", "zh"), layout="wide", initial_sidebar_state="auto",
                       page_icon=str(ROOT / "assets" / "favicon.png"))  # bundled: nothing fetched from outside
    try:
        base = load_config()  # read on every run: an edit of the file shows without a restart
        db = _ui.database()
    except ProblemError as exc:  # a mistake in the configuration file
        stop_with(bilingual(exc.problems))
    except DatabaseBusy as exc:  # another process (an import on the command line) holds the file
        stop_with(t("ui.db.busy", "zh", path=exc.path) + "\n\n" + t("ui.db.busy", "en", path=exc.path))
    latest = scoring.latest_version(db)
    raw = raw_params()
    first, _, _ = links.clean_all(raw, links.Options(latest_version=latest, default_method=base.method))
    moved = follow_latest(latest)

    lang = choose_language(raw, first)
    st.set_page_config(page_title=t("ui.app.title", lang))
    current = st.navigation(declared_pages(lang), position="sidebar")
    user, users = _auth.require(lang)
    as_of, period_options, period, catalog, everyone, committees = choose_data(raw, first, latest, lang, user)
    # the method switch is a what-if over the period's official rules (SPEC §3.16): its default,
    # and a link's default, is the period's official method
    official_config = _ui.official_config(base, period)
    official = official_config.method
    method_name, numbers = choose_method(raw, first, official, lang)

    # the widgets' values through the same contract as a link: one clean state
    widget_raw = {"lang": [lang], "period": [period] if period else [], "committee": committees,
                  "method": [method_name], **{k: [links.format_number(v)] for k, v in numbers.items()}}
    if method_name == "tiered":
        widget_raw["tiers"] = [st.session_state.get("tiers") or links.format_tiers(official.tiers)]
    options = links.Options(periods=period_options, committees=everyone,
                            branches=common.branch_keys(catalog) if catalog is not None else [],
                            latest_version=latest, default_method=official)
    state, widget_notices = links.clean(widget_raw, options)
    for notice in widget_notices:  # e.g. malformed tiers typed in the sidebar
        st.sidebar.warning(notice.markdown(lang))
    _, choices, notices = links.clean_all(raw, options)

    config = rules.with_what_if_method(base, None if state.method == official else state.method)
    view = _ui.SidebarState(lang=lang, period=period, committees=tuple(committees),
                    config=config, default_config=official_config, as_of=as_of,
                    latest=latest, period_options=tuple(period_options), all_committees=tuple(everyone),
                    branch_keys=tuple(options.branches), page=current.url_path, user=user,
                    scope=None if user.committees is None else tuple(everyone), choices=choices)
    st.session_state[_ui.STATE_KEY] = view

    show_notices(notices, raw, lang)
    if moved is not None and as_of == latest and (text := moved.notice(lang)):
        st.info(text, icon=":material/update:")
    if as_of != latest:
        pinned_notice(as_of, latest, lang)
    st.session_state[_ui.SEEN_KEY] = (as_of, latest)
    if period:
        what_if_notice(config, period, official, lang)
    link_box = st.sidebar.container()
    _auth.sidebar_box(user, users, everyone, lang)
    st.session_state[_ui.RUNNING_KEY] = True
    try:
        current.run()
    finally:
        st.session_state[_ui.RUNNING_KEY] = False
    with link_box:
        link = copy_link(view, state, current.url_path, official)
    keep_spelling(raw, state, choices, official, lang)
    _share.share(link, lang)  # the same link, one tap in the page (pinned to the top bar)


def follow_latest(latest: int) -> links.VersionView | None:
    """Which version the session follows (issue 13), decided before the version picker is drawn.

    After the session's own commit or rollback (:func:`pages._ui.after_write`) it shows the new
    latest version, unpinned, and the data page's pickers start over. A session that showed the
    latest version on its last run moves to a newer one (the returned view's ``notice`` says so,
    once); a pinned version stays. None when nothing is to be said."""
    ss = st.session_state
    written = ss.pop(_ui.WRITTEN_KEY, None)
    if written is not None:
        for key in _ui.VERSION_PICKERS:
            ss.pop(key, None)
        # set, not only forgotten: the browser keeps a picker's shown value otherwise
        ss["files_version"] = latest
        if latest > 1:
            ss["rollback_target"] = latest - 1
        if latest > 1:
            ss["version"] = str(latest)
        ss[_ui.SEEN_KEY] = (latest, latest)
        return None
    seen = ss.get(_ui.SEEN_KEY)
    if seen is None:  # the session's first run: the link decides
        return None
    shown, then_latest = seen
    following = shown == then_latest
    view = links.follow_version(None if following else shown, shown, latest)
    if following and latest > then_latest and latest > 1 and "version" in ss:
        ss["version"] = str(latest)  # the picker's value was the latest of its last run
    return view if view.moved_from is not None and following else None


def what_if_notice(config, period: str, official, lang: str) -> None:
    """On every view: a what-if method is marked as such, with one click back to the period's
    official rules (which takes the method and its numbers out of the link)."""
    used = rules.rules_used(config, period)
    if not used.what_if:
        return
    cols = st.columns([4, 1], vertical_alignment="center")
    cols[0].warning(safe.markdown(used.label(lang)), icon=":material/science:")
    cols[1].button(t("uidata.back_to_official", lang), on_click=_to_official, args=(official, lang),
                   key="_to_official", type="primary")


def _to_official(official, lang: str) -> None:
    """The sidebar's method and numbers back to the official ones (their defaults: the bound
    widgets then leave the link)."""
    st.session_state["method"] = t(f"ui.method.{official.name}", lang)
    for key, (attr, _lo, _hi) in links.NUMBERS.items():
        st.session_state[key] = float(getattr(official, attr))
    st.session_state["tiers"] = links.format_tiers(official.tiers)


def keep_spelling(raw: dict[str, list[str]], state: links.LinkState, choices, official, lang: str) -> None:
    """A link written with short codes (``lang=en``, ``method=linear``) keeps them in the address
    bar (issue 13): the bound widgets drop a value that is not one of their labels, and a bound
    parameter cannot be set through ``st.query_params``, so the value the link wrote is put back
    — only when the widget still means it and the address bar lost it."""
    from streamlit.runtime.state.session_state_proxy import get_session_state

    label = t(f"ui.method.{state.method.name}", lang)
    wanted = dict(links.address_query(state, raw, choices, default_method=official, method_label=label))
    lost = {k: wanted[k] for k in ("lang", "method") if k in wanted and raw.get(k) == [wanted[k]]
            and k not in st.query_params}
    if not lost:
        return
    with get_session_state().query_params() as qp:  # Streamlit's own object: no public way for a bound key
        for key, value in lost.items():
            qp.set_with_no_forward_msg(key, value)
        qp._send_query_param_msg()


def _keep_method() -> None:
    """Switching the language relabels the method options: keep the chosen method."""
    code = links.parse_method(st.session_state.get("method") or "")
    if code:
        new_lang = links.parse_lang(st.session_state.get("lang") or "中文") or "zh"
        st.session_state["method"] = t(f"ui.method.{code}", new_lang)


def method_numbers(name: str, default, lang: str) -> dict[str, float]:
    """The number inputs of the chosen method, in an expander; URL name → value."""
    out: dict[str, float] = {}
    with st.sidebar.expander(t("ui.sidebar.parameters", lang), expanded=False):
        if "tiers" in PARAMETERS[name]:
            st.text_input(t("ui.param.tiers", lang), value=links.format_tiers(default.tiers), key="tiers",
                          bind="query-params", help=t("ui.param.tiers_help", lang))
        for key in (p for p in PARAMETERS[name] if p != "tiers"):
            attr, lo, hi = links.NUMBERS[key]
            out[key] = st.number_input(t(f"ui.param.{key}", lang), min_value=lo, max_value=hi,
                                       value=float(getattr(default, attr)), step=STEPS[key], key=key,
                                       bind="query-params", format="%.2f")
    return out


def show_notices(notices: list[links.Notice], raw: dict[str, list[str]], lang: str) -> None:
    """Ignored parameters: a visible warning, kept until dismissed. Parameters that no widget
    binds (unknown ones, or those of another method) are also taken out of the URL; bound
    widgets drop their invalid values themselves."""
    shown = list(st.session_state.get("_notices") or [])
    for n in notices:
        text = n.markdown(lang)
        if text not in shown:
            shown.append(text)
        if n.name in raw and n.name in st.query_params:  # a name with several notices goes once
            try:
                del st.query_params[n.name]
            except StreamlitAPIException:  # bound to a widget: it clears itself
                pass
    if shown:
        st.session_state["_notices"] = shown
        st.warning("\n\n".join(shown), icon=":material/link_off:")
        if st.button(t("ui.link.dismiss", lang), key="_dismiss_notices"):
            st.session_state.pop("_notices", None)
            st.rerun()


def pinned_notice(version: int, latest: int, lang: str) -> None:
    cols = st.columns([4, 1], vertical_alignment="center")
    cols[0].info(t("ui.version.pinned", lang, version=version, latest=latest), icon=":material/history:")
    cols[1].button(t("ui.version.to_latest", lang), on_click=_to_latest, args=(latest,), key="_to_latest")


def _to_latest(latest: int) -> None:
    st.session_state["version"] = str(latest)


def copy_link(view: _ui.SidebarState, state: links.LinkState, url_path: str, default_method) -> str:
    """The absolute URL of what is on screen, with a copy button (st.code); the URL."""
    extra: list[tuple[str, str]] = []
    if url_path == "profile" and st.session_state.get("branch"):
        extra.append(("branch", st.session_state["branch"]))
    if url_path == "trends":
        extra += [("branches", b) for b in st.session_state.get("branches") or []]
    pinned = view.as_of if view.as_of != view.latest else None
    state = replace(state, version=pinned, branch=None, branches=())
    label = t(f"ui.method.{state.method.name}", view.lang)  # what the bound widget reads back
    # the page's own choices (the indicators' category, the ranking's sort) as the address bar
    # has them after the page ran (pages/_ui.set_choice writes them there)
    choices = _ui.page_choices(url_path)
    query = urlencode(links.address_query(state, None, choices, default_method=default_method,
                                          method_label=label) + extra)
    base = st.context.url or ""
    if base and not urlsplit(base).path:  # the overview lives at "/": http://host/?period=…
        base += "/"
    url = f"{base}?{query}" if query else (base or "?")
    st.caption(t("ui.sidebar.copy_link", view.lang))
    st.code(url, language=None, wrap_lines=True)
    return url


run()
