"""Uploads through the browser on the 数据 page, and a pinned link across a new upload (SPEC §4,
§6). Each test writes, so each gets its own server on its own copy of the sample database (the
server process holds the DuckDB file: the second upload has to go through it, as in real use).
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from assess.i18n import t
from assess.workbook.guards import _mb

from . import app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Q4_PARTY = "2025-Q4 党建考核.xlsx"  # a sample workbook: sheet 党建考核, the 2025Q4 party scores
SYSTEM_COL, TOTAL_COL, BRANCH_COL = "N", "P", "D"  # 制度执行 (15 分), 合计, 被考核党支部
FIRST_ROW = 5


def _sample(sample_files, name: str) -> Path:
    return next(f for f in sample_files if f.name == name)


def changed_workbook(sample_files, drop: float = 6.0, rows: int = 12) -> bytes:
    """The sample's 2025Q4 party workbook with 制度执行 lowered by ``drop`` for the first ``rows``
    branches (and their 合计 kept consistent): a valid upload that changes the numbers."""
    wb = openpyxl.load_workbook(_sample(sample_files, Q4_PARTY))
    ws = wb["党建考核"]
    for r in range(FIRST_ROW, FIRST_ROW + rows):
        assert ws[f"{BRANCH_COL}{r}"].value, f"row {r} is a branch row"
        old = float(ws[f"{SYSTEM_COL}{r}"].value)
        new = round(max(0.0, old - drop), 1)
        ws[f"{SYSTEM_COL}{r}"] = new
        ws[f"{TOTAL_COL}{r}"] = round(float(ws[f"{TOTAL_COL}{r}"].value) - (old - new), 1)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def bad_workbook(sample_files) -> bytes:
    """The same workbook with 三会一课 (12 分) of the first branch set to 13: rejected."""
    wb = openpyxl.load_workbook(_sample(sample_files, Q4_PARTY))
    ws = wb["党建考核"]
    ws[f"J{FIRST_ROW}"] = 13
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(page, name: str, content: bytes, mime: str = XLSX) -> None:
    """Choose a file in the uploader of the 数据 page, as a user does."""
    files = [{"name": name, "mimeType": mime, "buffer": content}]
    app.acting(page, lambda: page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=files))


def remove_uploads(page) -> None:
    for _ in range(5):  # bounded: one button per uploaded file
        button = page.locator('[data-testid="stFileChipDeleteBtn"] button')
        if not button.count():
            return
        app.acting(page, button.first.click)


def version_rows(page) -> list[list[str]]:
    """The rows of the version history table (the last table of the 数据 page), newest first."""
    page.get_by_text(t("ui.data.versions", "zh"), exact=True).wait_for()
    return app.tables(page, 20)[-1]["rows"]


def commit_good_upload(page, content: bytes) -> None:
    """On the 数据 page: upload ``content``, check the preview, commit; version 2 is stored."""
    upload(page, Q4_PARTY, content)
    text = app.main_text(page)
    assert t("ui.data.valid", "zh", n=1, quarters="2025Q4") in text, text[:2000]
    assert t("ui.data.preview", "zh") in text
    tiles = app.metrics(page)
    assert tiles.get(t("ui.status.changed", "zh")) == "12", tiles
    app.acting(page, page.get_by_role("button", name=t("ui.data.commit", "zh")).click)
    assert "已入库为第 2 版" in app.alerts(page), app.alerts(page)


def test_upload_through_the_browser(make_server, new_page, sample_files):
    server = make_server()
    page = new_page()
    app.open_url(page, f"{server.url}/data")
    assert app.title(page) == t("ui.page.data", "zh")
    assert len(version_rows(page)) == 1

    # a bad workbook: the located problems, nothing stored
    upload(page, "2025-Q4 党建考核（有误）.xlsx", bad_workbook(sample_files))
    assert t("ui.data.rejected", "zh", n=1)[:2] in app.alerts(page)
    problems = app.tables(page, 10)[0]
    cells = "\n".join(" ".join(r) for r in problems["rows"])
    assert "党建考核" in cells and "J5" in cells and "13" in cells and "12" in cells, problems
    assert not app.exceptions(page)
    assert len(version_rows(page)) == 1, "a rejected upload stores nothing"
    assert page.get_by_role("button", name=t("ui.data.commit", "zh")).count() == 0

    # one click empties the uploader (the refused file would otherwise be read with the next)
    app.acting(page, page.get_by_role("button", name=t("ui.data.clear", "zh")).click)
    assert page.locator('[data-testid="stFileChip"]').count() == 0
    assert not app.alerts(page)

    # a good one: preview, commit, a new version in the history
    commit_good_upload(page, changed_workbook(sample_files))
    rows = version_rows(page)
    assert len(rows) == 2, rows
    assert rows[0][0] == "2" and Q4_PARTY in " ".join(rows[0]), rows
    assert not app.exceptions(page)
    # the sidebar now offers the versions, the latest chosen
    assert app.selectbox_value(page, "version") == "2"


def overview_numbers(page) -> dict:
    return {"metrics": app.metrics(page), "charts": app.chart_data(page)}


def test_pinned_link_across_a_new_upload(make_server, new_page, sample_files):
    server = make_server()
    before = new_page()
    app.open_url(before, f"{server.url}/?period=2025Q4")
    v1 = overview_numbers(before)
    assert app.key(before, "version").count() == 0, "one version: no version picker"

    uploader = new_page()
    app.open_url(uploader, f"{server.url}/data")
    commit_good_upload(uploader, changed_workbook(sample_files))

    latest = new_page()
    app.open_url(latest, f"{server.url}/?period=2025Q4")
    v2 = overview_numbers(latest)
    assert v2["metrics"] != v1["metrics"], "the upload changed the numbers"

    # pin version 1 in the sidebar, as a user does, and copy the link
    app.choose(latest, "version", "1")
    pinned_notice = t("ui.version.pinned", "zh", version=1, latest=2)
    assert pinned_notice in app.alerts(latest)
    link = app.copied_link(latest)
    assert ("version", "1") in app.query(link) and ("period", "2025Q4") in app.query(link), link
    assert overview_numbers(latest) == v1

    # another person opens the pinned link: version 1's numbers, the notice, one click to the latest
    other = new_page()
    app.open_url(other, link)
    assert overview_numbers(other) == v1
    assert app.selectbox_value(other, "version") == "1"
    assert pinned_notice in app.alerts(other)
    app.acting(other, other.get_by_role("button", name=t("ui.version.to_latest", "zh")).click)
    assert overview_numbers(other) == v2
    assert app.selectbox_value(other, "version") == "2"
    assert pinned_notice not in app.alerts(other)
    assert "version" not in dict(app.query(other.url)), other.url
    assert "version" not in dict(app.query(app.copied_link(other)))
    assert ("period", "2025Q4") in app.query(app.copied_link(other))

    # a hand-typed pinned link on another view works the same
    ranking = new_page()
    app.open_url(ranking, f"{server.url}/ranking?period=2025Q4&version=1")
    assert pinned_notice in app.alerts(ranking)
    assert not app.exceptions(ranking)


def uploader_texts(page) -> dict[str, dict[str, str]]:
    """What the uploader's dropzone shows: for its button label and its note, the original
    text's font size and the text drawn after it (CSS ``::after``), as the browser computed them."""
    return page.evaluate("""() => {
        const zone = document.querySelector('[data-testid="stFileUploaderDropzone"]');
        const parts = {
            button: zone.querySelector('[data-testid="stBaseButton-secondary"] p'),
            note: zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'),
        };
        const out = {};
        for (const [name, el] of Object.entries(parts)) {
            const after = getComputedStyle(el, '::after');
            out[name] = {original: el.textContent, size: getComputedStyle(el).fontSize,
                         shown: after.content.replace(/^"|"$/g, ''), shown_size: after.fontSize};
        }
        return out;
    }""")


def test_uploader_speaks_the_view_language_and_refuses_other_files_in_it(server, page):
    """Streamlit writes the uploader's button and size note in English only: the page draws
    them in the view's language. A file of another kind is not refused by the browser (in
    English, in a tooltip) but reaches the reader, which says in Chinese what to do."""
    app.open_url(page, f"{server.url}/data")
    texts = uploader_texts(page)
    assert texts["button"]["shown"] == t("ui.data.choose_files", "zh"), texts
    assert texts["note"]["shown"] == t("ui.data.size_limit", "zh", mb=20), texts
    for part in texts.values():  # the English original takes no room; the translation does
        assert part["size"] == "0px" and part["shown_size"] == "14px", texts
        assert part["original"] and part["original"] != part["shown"], texts

    upload_name = "支部名单.csv"
    upload(page, upload_name, "支部,得分\n一支部,90\n".encode(), mime="text/csv")
    assert t("ui.data.rejected", "zh", n=1)[:2] in app.alerts(page)
    cells = "\n".join(" ".join(r) for r in app.tables(page, 10)[0]["rows"])
    assert upload_name in cells and t("problem.file_not_xlsx", "zh") in cells, cells
    assert len(version_rows(page)) == 1, "a refused file stores nothing"
    assert not app.exceptions(page)

    # over the workbook limit (20 MB), under the server's bound: the reader's message too
    remove_uploads(page)
    upload(page, "大文件.xlsx", b"0" * (21 * 1024 * 1024))
    cells = "\n".join(" ".join(r) for r in app.tables(page, 10)[0]["rows"])
    assert t("problem.file_too_big", "zh", size_mb=_mb(21 * 1024 * 1024), limit_mb=_mb(20 * 1024 * 1024)) in cells, cells
    assert len(version_rows(page)) == 1

    app.open_url(page, f"{server.url}/data?lang=en")
    texts = uploader_texts(page)
    assert texts["button"]["shown"] == t("ui.data.choose_files", "en"), texts
    assert texts["note"]["shown"] == t("ui.data.size_limit", "en", mb=20), texts


def test_a_file_the_browser_refuses_is_marked_in_the_view_language(make_server, new_page):
    """Over the server's upload bound the browser refuses the file itself and explains only in
    an English tooltip: the file's chip says "not uploaded" in the view's language."""
    server = make_server(env={"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"})
    page = new_page()
    app.open_url(page, f"{server.url}/data")
    big = {"name": "大文件.xlsx", "mimeType": XLSX, "buffer": b"0" * (2 * 1024 * 1024)}
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files=[big])
    chip = page.locator('[data-testid="stFileChip"][aria-invalid="true"]')
    chip.wait_for()
    mark = chip.evaluate("""chip => getComputedStyle(
        chip.querySelector('[data-testid="stFileChipName"] + div'), '::after').content""")
    assert mark == '"' + " · " + t("ui.data.not_uploaded", "zh", mb=1) + '"', mark
    assert not app.alerts(page), "nothing reached the reader"
