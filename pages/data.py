"""数据 Data: template download, upload of workbooks with the validation report and the preview
of changes, commit as a new version, version history with the original files, rollback (SPEC §4,
§5). Writing is behind :func:`assess.access.can_upload`."""

import json

import streamlit as st

from assess import access, store, views
from assess.problems import ProblemError
from assess.template import template_bytes
from assess.workbook import read_workbook
from pages import _ui

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_uploads(v: _ui.View, files) -> list:
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


def problems_block(v: _ui.View, table, key: str, counter: int | None = None) -> None:
    """The problems (or warnings) table and its exports; with the uploader's ``counter``, also
    the button that clears the refused batch."""
    shown = views.display_table(table, v.lang)
    _ui.table(shown, key=f"{key}_table")
    left, right, rest = st.columns([1, 1, 2])
    left.download_button(v.tr("ui.download.xlsx"), data=views.to_xlsx(shown, "problems"), file_name=f"{key}.xlsx",
                         mime=XLSX, key=f"{key}_xlsx", icon=":material/download:")
    right.download_button(v.tr("ui.download.csv"), data=views.to_csv(shown), file_name=f"{key}.csv",
                          mime="text/csv", key=f"{key}_csv", icon=":material/download:")
    if counter is not None:
        with rest:
            clear_button(v, counter)


def uploader_labels(v: _ui.View, limit_mb: int) -> str:
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


def upload_section(v: _ui.View, user) -> None:
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
    problems = views.problems_table([p for r in results for p in r.problems], v.lang)
    warnings = views.problems_table([p for r in results for p in r.warnings], v.lang)
    skipped = [f"{r.file_name} › {s}" for r in results for s in r.skipped_sheets]
    if skipped:
        st.caption(v.tr("ui.data.skipped", sheets="、".join(skipped)))
    if not problems.empty:
        st.error(v.tr("ui.data.rejected", n=len(problems)), icon=":material/error:")
        problems_block(v, problems, "problems", counter)
        return
    foreign = access.out_of_scope(user, {c for r in results for c in r.entries["committee"]})
    if foreign:
        st.error(v.tr("ui.data.out_of_scope", committees="、".join(foreign)), icon=":material/block:")
        clear_button(v, counter)
        return
    st.success(v.tr("ui.data.valid", n=len(results), quarters="、".join(sorted({q for r in results for q in r.quarters}))))
    if not warnings.empty:
        st.warning(v.tr("ui.data.warnings", n=len(warnings)))
        problems_block(v, warnings, "warnings")
    db = _ui.database()
    try:
        preview = store.preview(db, results)
    except ProblemError as exc:
        st.error(v.tr("ui.data.rejected", n=len(exc.problems)), icon=":material/error:")
        problems_block(v, views.problems_table(exc.problems, v.lang), "problems", counter)
        return
    st.markdown(f"**{v.tr('ui.data.preview')}**")
    counts = views.status_counts(preview)
    box = st.container(horizontal=True, wrap=True, gap="small")
    for row in counts.itertuples(index=False):
        box.metric(v.tr(f"ui.status.{row.status}"), row.count, border=True, width="stretch")
    if preview.empty:
        st.info(v.tr("ui.data.nothing_new"))
    else:
        _ui.table(views.display_table(preview, v.lang), key="preview_table", height=320)
    if st.button(v.tr("ui.data.commit"), type="primary", key="commit", icon=":material/save:"):
        try:
            report = store.ingest(db, results, access.user_name(user))
        except ProblemError as exc:
            st.error(v.tr("ui.data.rejected", n=len(exc.problems)))
            problems_block(v, views.problems_table(exc.problems, v.lang), "problems")
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


def clear_button(v: _ui.View, counter: int) -> None:
    """A refused batch stays chosen in the uploader (a corrected file added beside it would be
    read with it): one click empties the uploader for the next try."""
    if st.button(v.tr("ui.data.clear"), key="clear_upload", icon=":material/restart_alt:"):
        st.session_state["_upload_counter"] = counter + 1
        st.session_state.pop("_read", None)
        st.rerun()


def versions_section(v: _ui.View, user) -> None:
    st.subheader(v.tr("ui.data.versions"))
    db = _ui.database()
    history = store.versions(db)
    if history.empty:
        st.caption(v.tr("ui.data.no_versions"))
        return
    _ui.table(views.display_table(views.version_table(history), v.lang), key="versions_table")
    options = history["version"].astype(int).tolist()
    if not access.can_download_originals(user):
        rollback_section(v, user, options)
        return
    chosen = st.selectbox(v.tr("ui.data.files_of"), options, key="files_version")
    names = views.as_list(history.loc[history["version"] == chosen, "file_names"].iloc[0])
    if not names:
        st.caption(v.tr("ui.data.no_files"))
    files = st.container(horizontal=True, wrap=True, gap="small")
    for position, name in enumerate(names, start=1):
        files.download_button(f"{name}", data=lambda p=position: store.version_file(db, chosen, p)[1],
                              file_name=views.safe_file_name(name), mime=XLSX, key=f"file_{chosen}_{position}",
                              icon=":material/download:")

    rollback_section(v, user, options)


def rollback_section(v: _ui.View, user, options: list[int]) -> None:
    if not access.can_rollback(user) or len(options) < 2:
        return
    db = _ui.database()
    st.subheader(v.tr("ui.data.rollback"))
    latest = options[0]
    target = st.selectbox(v.tr("ui.data.rollback_to"), options[1:], key="rollback_target")
    sure = st.checkbox(v.tr("ui.data.rollback_confirm", version=target, new=latest + 1), key="rollback_sure")
    if st.button(v.tr("ui.data.rollback_button"), disabled=not sure, key="rollback"):
        report = store.rollback(db, int(target), access.user_name(user))
        st.session_state["_data_message"] = v.tr("ui.data.rolled_back", version=report.version, target=target)
        st.session_state.pop("rollback_sure", None)
        _ui.invalidate()
        st.rerun()


def render(v: _ui.View) -> None:
    _ui.header(v, "data")
    user = v.user
    allowed = access.can_upload(user)
    st.download_button(v.tr("ui.data.template"), data=template_bytes(), file_name=v.tr("ui.data.template_file"),
                       mime=XLSX, icon=":material/description:", key="template")
    if allowed:
        upload_section(v, user)
    else:
        st.info(v.tr("ui.data.not_allowed"))
    versions_section(v, user)


render(_ui.ensure_app())
