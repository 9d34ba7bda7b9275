"""数据 Data: template download, upload of workbooks with the validation report and the preview
of changes, commit as a new version, version history with the original files, rollback (SPEC §4,
§5). Writing is behind :func:`assess.access.can_upload`. Data: :mod:`assess.views.data`."""

import json

import streamlit as st

from assess import access, safe, store
from assess.problems import ProblemError
from assess.template import template_bytes
from assess.views import data as data_view
from assess.workbook import read_workbook
from pages import _ui

XLSX = _ui.XLSX


def read_uploads(v: _ui.SidebarState, files) -> list:
    """Read each uploaded file once per upload (kept in the session while the files stay)."""
    key = tuple((f.name, f.size, f.file_id) for f in files)
    cached = st.session_state.get("_read")
    if cached and cached[0] == key:
        return cached[1]
    db = _ui.database()
    results = []
    progress = st.progress(0.0, text=v.tr("ui.data.reading", name="", i=0, n=len(files)))
    for i, f in enumerate(files, start=1):
        progress.progress((i - 1) / len(files), text=v.tr("ui.data.reading", name=f.name, i=i, n=len(files)))
        results.append(read_workbook(f.getvalue(), f.name, limits=v.config.limits,
                                     prior_full_marks=lambda q: store.prior_full_marks(db, q),
                                     known_branches=lambda: store.known_branches(db)))
    progress.progress(1.0, text=v.tr("ui.data.read_done", n=len(files)))
    st.session_state["_read"] = (key, results)
    return results


def problems_block(v: _ui.SidebarState, table, key: str, counter: int | None = None) -> None:
    """The problems (or warnings) table and its exports; with the uploader's ``counter``, also
    the button that clears the refused batch."""
    _ui.table(table, key=f"{key}_table")
    rest = _ui.downloads(table, key, "problems", key=key)
    if counter is not None:
        with rest[0]:
            clear_button(v, counter)


def uploader_labels(v: _ui.SidebarState, limit_mb: int) -> str:
    """CSS that shows the uploader's own texts in the view's language (Streamlit writes them in
    English whatever the language, streamlit#13500): the button, the size note, and the mark
    of a file the browser refused (over ``server.maxUploadSize``, or an upload that broke off;
    Streamlit's reason sits in an English tooltip). The originals are shrunk to nothing and the
    translation drawn in their place; screen readers still read the originals. Only style
    tags: st.html sends them to the event container, where they take no space."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    texts = {  # selector → text drawn after it
        f'{zone} [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p':
            v.tr("ui.data.choose_files"),
        f'{zone} [data-testid="stFileUploaderDropzoneInstructions"] span':
            v.tr("ui.data.size_limit", mb=limit_mb),
    }
    refused = f'{zone} [data-testid="stFileChip"][aria-invalid="true"] [data-testid="stFileChipName"] + div'
    server_mb = st.get_option("server.maxUploadSize")
    rules = [f"{', '.join(texts)} {{font-size: 0}}"]
    rules += [f"{sel}::after {{content: {_css_text(text)}; font-size: 0.875rem}}" for sel, text in texts.items()]
    rules.append(f"{refused}::after {{content: {_css_text(' · ' + v.tr('ui.data.not_uploaded', mb=server_mb))}}}")
    return "<style>" + "\n".join(rules) + "</style>"


def _css_text(text: str) -> str:
    """``text`` as a CSS string (JSON's quoting is valid CSS)."""
    return json.dumps(text, ensure_ascii=False)


def upload_section(v: _ui.SidebarState) -> None:
    st.subheader(v.tr("ui.data.upload"))
    if message := st.session_state.pop("_data_message", None):
        st.success(message)
    counter = st.session_state.setdefault("_upload_counter", 0)
    limit_mb = v.config.limits.max_file_bytes // (1024 * 1024) or 1
    # No ``type`` filter and the server's size bound (not the workbook limit): a file of another
    # kind, or over the limit, reaches read_workbook, whose message (in the user's language,
    # saying what to do) beats the browser's English tooltip.
    files = st.file_uploader(v.tr("ui.data.uploader"), accept_multiple_files=True,
                             key=f"upload_{counter}", help=v.tr("ui.data.uploader_help"))
    st.html(uploader_labels(v, limit_mb))
    if not files:
        return
    results = read_uploads(v, files)
    db = _ui.database()
    check = data_view.check_upload(db, v, results)
    if check.skipped:
        st.caption(v.tr("ui.data.skipped", sheets="、".join(check.skipped)))
    if check.verdict == "rejected":
        st.error(v.tr("ui.data.rejected", n=len(check.problems)), icon=":material/error:")
        problems_block(v, check.problems, "problems", counter)
        return
    if check.verdict == "out_of_scope":
        st.error(v.tr("ui.data.out_of_scope", committees="、".join(check.foreign)), icon=":material/block:")
        clear_button(v, counter)
        return
    st.success(v.tr("ui.data.valid", n=len(results), quarters="、".join(check.quarters)))
    if not check.warnings.empty:
        st.warning(v.tr("ui.data.warnings", n=len(check.warnings)))
        problems_block(v, check.warnings, "warnings")
    st.markdown(f"**{v.tr('ui.data.preview')}**")
    box = st.container(horizontal=True, wrap=True, gap="small")
    for status, count in zip(check.counts["status"], check.counts["count"]):
        box.metric(v.tr(f"ui.status.{status}"), count, border=True, width="stretch")
    if check.preview.empty:
        st.info(v.tr("ui.data.nothing_new"))
    else:
        _ui.table(check.preview, key="preview_table", height=320)
    if st.button(v.tr("ui.data.commit"), type="primary", key="commit", icon=":material/save:"):
        try:
            report = store.ingest(db, results, access.user_name(v.user))
        except ProblemError as exc:
            st.error(v.tr("ui.data.rejected", n=len(exc.problems)))
            problems_block(v, data_view.problems_table(exc.problems, v.lang), "problems")
            return
        if report.version is not None:
            message = v.tr("ui.data.stored", version=report.version, written=report.entries_written,
                           unchanged=report.entries_unchanged)
        else:
            message = v.tr("ui.data.duplicate", version=report.duplicate_of or "?")
        st.session_state["_data_message"] = message
        st.session_state["_upload_counter"] = counter + 1
        st.session_state.pop("_read", None)
        _ui.invalidate()
        st.rerun()


def clear_button(v: _ui.SidebarState, counter: int) -> None:
    """A refused batch stays chosen in the uploader (a corrected file added beside it would be
    read with it): one click empties the uploader for the next try."""
    if st.button(v.tr("ui.data.clear"), key="clear_upload", icon=":material/restart_alt:"):
        st.session_state["_upload_counter"] = counter + 1
        st.session_state.pop("_read", None)
        st.rerun()


def versions_section(v: _ui.SidebarState, data: data_view.DataView) -> None:
    st.subheader(v.tr("ui.data.versions"))
    if not data.version_options:
        st.caption(v.tr("ui.data.no_versions"))
        return
    _ui.table(data.versions, key="versions_table")
    if data.can_download:
        chosen = st.selectbox(v.tr("ui.data.files_of"), data.version_options, key="files_version")
        if not data.files[chosen]:
            st.caption(v.tr("ui.data.no_files"))
        db = _ui.database()
        box = st.container(horizontal=True, wrap=True, gap="small")
        for f in data.files[chosen]:
            box.download_button(safe.markdown(f.name), data=lambda p=f.position: store.version_file(db, chosen, p)[1],
                                file_name=f.download_name, mime=XLSX, key=f"file_{chosen}_{f.position}",
                                icon=":material/download:")
    if data.can_rollback:
        rollback_section(v, data.version_options)


def rollback_section(v: _ui.SidebarState, options: list[int]) -> None:
    if len(options) < 2:
        return
    st.subheader(v.tr("ui.data.rollback"))
    latest = options[0]
    target = st.selectbox(v.tr("ui.data.rollback_to"), options[1:], key="rollback_target")
    sure = st.checkbox(v.tr("ui.data.rollback_confirm", version=target, new=latest + 1), key="rollback_sure")
    if st.button(v.tr("ui.data.rollback_button"), disabled=not sure, key="rollback"):
        report = store.rollback(_ui.database(), int(target), access.user_name(v.user))
        st.session_state["_data_message"] = v.tr("ui.data.rolled_back", version=report.version, target=target)
        st.session_state.pop("rollback_sure", None)
        _ui.invalidate()
        st.rerun()


def render(v: _ui.SidebarState) -> None:
    _ui.header(v, "data")
    data = data_view.build(_ui.database(), v)
    st.download_button(v.tr("ui.data.template"), data=template_bytes(), file_name=v.tr("ui.data.template_file"),
                       mime=XLSX, icon=":material/description:", key="template")
    if data.can_upload:
        upload_section(v)
    else:
        st.info(v.tr("ui.data.not_allowed"))
    versions_section(v, data)


render(_ui.ensure_app())
