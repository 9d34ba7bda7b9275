"""通报 Report: the quarterly report of exactly the current view as Word, PDF and Excel, made
on click (SPEC §5). Layout only: data and files from :mod:`assess.views.report`."""

import streamlit as st

from assess.views import report
from pages import _ui

FILES_KEY = "_report_files"


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "report")
    if _ui.empty_state(v):
        return
    data = report.build(_ui.database(), v, st.context.url)
    st.caption(data.caption)  # the rules used (a what-if marked) are said above every view
    if st.button(v.tr("report.page.make"), type="primary", icon=":material/description:", key="make_report"):
        with st.status(v.tr("report.page.working"), expanded=True) as status:
            made = report.make_files(_ui.database(), v, data,
                                     progress=lambda key: status.write(v.tr(f"report.step.{key}")))
            if made.error:
                status.update(label=made.error, state="error")
                return
            st.session_state[FILES_KEY] = {"view": data.key, "files": made.files, "names": data.names}
            status.update(label=v.tr("report.page.done", seconds=made.seconds), state="complete", expanded=False)
    made = st.session_state.get(FILES_KEY)
    if not made:
        return
    if made["view"] != data.key:
        st.info(v.tr("report.page.stale"))
        return
    for col, fmt in zip(st.columns(len(data.formats)), data.formats):
        col.download_button(v.tr(f"report.page.download_{fmt}"), made["files"][fmt], file_name=made["names"][fmt],
                            mime=data.mime[fmt], key=f"download_{fmt}", width="stretch",
                            icon=":material/download:", on_click="ignore")


render(_ui.ensure_app())
