"""Invalid links in a real browser (SPEC §6): the page renders, a visible notice names what was
ignored, defaults stand in for it (valid parameters beside it still apply), no exception box,
and nothing in a link runs or renders as markup (scripts, HTML, markdown links, math)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from assess.i18n import t

from . import app

LATEST = "2025Q4"  # the sample's latest quarter: the default period
DEFAULT_METHOD = t("ui.method.ratio", "zh")


def open_link(new_page, server, path: str, pairs: list[tuple[str, str]]):
    """Open ``path?pairs`` in a fresh browser; a JavaScript dialog (an injected script that ran)
    is recorded and fails the test."""
    page = new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    app.open_url(page, f"{server.url}/{path}?{urlencode(pairs)}")
    return page


def notices(page) -> str:
    return app.alerts(page)


CASES = {  # id → (path, query pairs, names a notice must mention)
    "unknown period": ("", [("period", "2099Q9")], ["period=2099Q9"]),
    "unknown committee": ("ranking", [("committee", "不存在")], ["committee=不存在"]),
    "bogus method": ("", [("method", "bogus")], ["method=bogus"]),
    "slope not a number": ("method", [("method", "linear"), ("slope", "abc")], ["slope=abc"]),
    "version beyond the latest": ("", [("version", "999")], ["version=999"]),
    "garbage names": ("integration", [("foo", "bar"), ("%%%", ""), ("", "x"), ("a&b", "=")], ["foo=bar", "%%%"]),
    "very long value": ("ranking", [("period", "9" * 5000), ("committee", "机关党委" * 500)], ["period=999", "committee=机关党委"]),
    "script tag": ("", [("committee", "<script>alert(1)</script>"), ("x", "<img src=x onerror=alert(1)>")],
                   ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]),
    "unknown branch": ("profile", [("branch", "没有/这个支部")], ["branch=没有/这个支部"]),
    "unknown trend branches": ("trends", [("branches", "x/y"), ("branches", "../../etc/passwd")], ["branches=x/y"]),
    "bad language": ("", [("lang", "klingon")], ["lang=klingon"]),
    "bad tiers": ("method", [("method", "tiered"), ("tiers", "::,")], ["tiers=::,"]),
    "impossible k range": ("method", [("method", "linear"), ("kmin", "1.5"), ("kmax", "1")], ["kmin"]),
    "sql injection": ("ranking", [("period", "2025Q3'; DROP TABLE entries; --")], ["period=2025Q3'; DROP TABLE"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_invalid_link_is_reported_and_replaced_by_defaults(server, new_page, case):
    path, pairs, mentioned = CASES[case]
    page = open_link(new_page, server, path, pairs)
    assert not app.exceptions(page), server.log_tail()
    assert not page.dialogs, page.dialogs
    title = t(f"ui.page.{path or 'overview'}", "zh")
    assert app.title(page) == title
    shown = notices(page)
    for text in mentioned:
        assert text in shown, (text, shown[:500])
    # the defaults stand in
    assert app.selectbox_value(page, "period") == LATEST
    assert app.multiselect_values(page, "committee") == []
    assert app.language(page) == "中文"
    # nothing ignored goes on into the link a viewer would share from here
    ignored = {(n, v) for n, v in pairs if not (n == "method" and v in ("linear", "tiered"))}
    assert not ignored & set(app.query(app.copied_link(page))), app.copied_link(page)
    if path == "":  # the numbers are the default view's
        default = new_page()
        app.open_url(default, server.url + "/")
        assert app.metrics(page) == app.metrics(default)


def test_valid_parameters_beside_invalid_ones_still_apply(server, new_page):
    page = open_link(new_page, server, "ranking", [("period", "2025Q3"), ("committee", "机关党委"),
                                                    ("committee", "不存在"), ("method", "tiered"), ("slope", "abc")])
    assert not app.exceptions(page)
    assert app.selectbox_value(page, "period") == "2025Q3"
    assert app.multiselect_values(page, "committee") == ["机关党委"]
    assert app.selectbox_value(page, "method") == t("ui.method.tiered", "zh")
    shown = notices(page)
    assert "committee=不存在" in shown and "slope=abc" in shown
    assert "period=2025Q3" not in shown and "committee=机关党委" not in shown


def test_markup_in_a_link_is_shown_literally(server, new_page):
    """A crafted link must not put a working link, an image or formatting into the dashboard's
    own notice (a phishing "请重新登录" link that looks like the app's message)."""
    evil = "[请重新登录](http://evil.example/login)"
    page = open_link(new_page, server, "", [("committee", evil), ("x", "![t](http://evil.example/p.png)"),
                                            ("y", "**粗** $x^2$ :red[红] <http://evil.example>")])
    assert not app.exceptions(page)
    box = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').first
    assert box.locator("a, img, strong, .katex, .stMarkdownColoredText").count() == 0, box.inner_html()[:2000]
    shown = notices(page)
    assert "[请重新登录](http://evil.example/login)" in shown
    assert "**粗** $x^2$ :red[红]" in shown


def test_notice_can_be_dismissed(server, new_page):
    page = open_link(new_page, server, "", [("period", "2099Q9")])
    assert "period=2099Q9" in notices(page)
    app.acting(page, page.get_by_role("button", name=t("ui.link.dismiss", "zh")).click)
    assert "period=2099Q9" not in notices(page)
    assert not app.exceptions(page)
