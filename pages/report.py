"""通报 Report: the quarterly report of exactly the current view as Word, PDF and Excel, made
on click (SPEC §5). Layout only: the content and the files come from :mod:`assess.report`."""

import time

import streamlit as st

from assess import report
from assess.report.make import MIME, file_name, make_all
from assess.report.pdf import FontMissing
from pages import _ui

FILES_KEY = "_report_files"


def render(v: _ui.View) -> None:
    _ui.header(v, "report")
    if _ui.empty_state(v):
        return
    link = report.view_link(st.context.url, v.period, v.committees, v.method, v.default_config.method,
                            v.as_of, v.latest, v.lang, page="report")
    view = (v.period, v.committees, v.config, v.as_of, v.lang, v.scope, link)
    title = report.document.period_words(v.period, v.lang)
    filters = "、".join(v.committees) or v.tr("report.scope.all")
    st.caption(v.tr("report.page.view", title=v.tr("report.title", period=title), filters=filters,
                    version=v.as_of, method=v.tr(f"ui.method.{v.method.name}")))
    if st.button(v.tr("report.page.make"), type="primary", icon=":material/description:", key="make_report"):
        start = time.perf_counter()
        with st.status(v.tr("report.page.working"), expanded=True) as status:
            def step(key: str) -> None:
                status.write(v.tr(f"report.step.{key}"))

            try:
                made = report.build_report(_ui.database(), v.period, v.config, committees=v.committees,
                                           as_of=v.as_of, scope=v.scope, link=link,
                                           default_method=v.default_config.method, progress=step)
                files = make_all(made, v.lang, step)
            except FontMissing as exc:
                status.update(label=v.tr("report.cli.fonts_missing", detail=str(exc)), state="error")
                return
            st.session_state[FILES_KEY] = {"view": view, "files": files,
                                           "names": {f: file_name(made, f, v.lang) for f in files}}
            status.update(label=v.tr("report.page.done", seconds=f"{time.perf_counter() - start:.1f}"),
                          state="complete", expanded=False)
    made = st.session_state.get(FILES_KEY)
    if not made:
        return
    if made["view"] != view:
        st.info(v.tr("report.page.stale"))
        return
    cols = st.columns(3)
    for col, fmt in zip(cols, ("docx", "pdf", "xlsx")):
        col.download_button(v.tr(f"report.page.download_{fmt}"), made["files"][fmt], file_name=made["names"][fmt],
                            mime=MIME[fmt], key=f"download_{fmt}", width="stretch",
                            icon=":material/download:", on_click="ignore")


render(_ui.ensure_app())
