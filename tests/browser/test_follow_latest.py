"""ISSUE-13 in a real browser: after one's own commit the session shows the latest version,
unpinned (the address bar and the copy-link lose ``version``, the pickers show the new one); a
link written with short codes keeps them in the address bar, and re-opened from there in
another browser shows the same view."""

from __future__ import annotations

from assess.i18n import t

from . import app
from .test_upload import Q4_PARTY, changed_workbook, upload


def commit(page, content: bytes, version: int) -> None:
    upload(page, Q4_PARTY, content)
    app.acting(page, page.get_by_role("button", name=t("ui.data.commit", "zh")).click)
    assert f"已入库为第 {version} 版" in app.alerts(page), app.alerts(page)


def test_own_commit_unpins_the_session(make_server, new_page, sample_files):
    server = make_server()
    page = new_page()
    app.open_url(page, f"{server.url}/data")
    commit(page, changed_workbook(sample_files, drop=6.0), 2)

    # pinned to version 1, as a clerk looking at the old numbers would be
    app.choose(page, "version", "1")
    assert ("version", "1") in app.query(page.url), page.url
    assert ("version", "1") in app.query(app.copied_link(page))

    commit(page, changed_workbook(sample_files, drop=3.0), 3)
    assert not app.exceptions(page), server.log_tail()
    assert "version" not in dict(app.query(page.url)), page.url
    assert "version" not in dict(app.query(app.copied_link(page))), app.copied_link(page)
    assert app.selectbox_value(page, "version") == "3"
    assert t("ui.version.pinned", "zh", version=1, latest=3) not in app.alerts(page)
    shown = app.selectbox_value(page, "files_version")
    assert shown.startswith("v3 · ") and Q4_PARTY in shown, shown


def test_short_code_link_reopened_from_the_address_bar(server, new_page):
    page = new_page()
    app.open_url(page, f"{server.url}/ranking?method=linear&slope=2&lang=en")
    assert app.title(page) == t("ui.page.ranking", "en")
    assert app.selectbox_value(page, "method") == t("ui.method.linear", "en")
    got = dict(app.query(page.url))
    assert got.get("method") == "linear" and got.get("lang") == "en" and got.get("slope") == "2", page.url
    before = (app.selectbox_value(page, "method"), app.number_value(page, "slope"), app.tables(page, 5))

    other = new_page()
    app.open_url(other, page.url)
    assert app.language(other) == "English"
    assert app.title(other) == t("ui.page.ranking", "en")
    after = (app.selectbox_value(other, "method"), app.number_value(other, "slope"), app.tables(other, 5))
    assert after == before
