"""pages/_share.py: the in-page share control gives the view's link to copy and its QR code; on
every page of the dashboard it is the sidebar's link. (The tap that copies, the pinned place and
the QR code read back are tested in the browser: tests/browser/test_phone.py.)"""

from __future__ import annotations

import subprocess

from streamlit.testing.v1 import AppTest

from assess.i18n import t

LINK = "http://127.0.0.1:8501/ranking?period=2025Q4&committee=%E6%9C%BA%E5%85%B3%E5%85%9A%E5%A7%94&lang=English"


def share_app(link: str, lang: str) -> None:
    from pages import _share

    _share.share(link, lang)


def test_share_draws_the_link_to_copy_and_the_qr_code_button():
    at = AppTest.from_function(share_app, args=(LINK, "en")).run()
    assert not at.exception
    assert [c.value for c in at.code] == [LINK, LINK]  # the pinned box, and the link under the QR code
    assert [p.proto.popover.label for p in at.get("popover")] == [t("share.qr", "en")]


def test_the_qr_code_holds_the_link(tmp_path):
    import segno

    from pages import _share

    svg = _share.qr_svg(LINK)
    assert svg.startswith("<svg") and "<script" not in svg
    # read back with zbar from the same code rendered as a PNG (the browser test reads the SVG as drawn)
    path = tmp_path / "qr.png"
    segno.make(LINK, error="m", micro=False).save(str(path), scale=4, border=2)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == LINK


def test_every_page_shares_the_sidebars_link(make_app, sample_db):
    for page in ("overview", "trends", "data"):
        at = make_app(sample_db, page)
        assert not at.exception, [e.value for e in at.exception]
        sidebar = [c.value for c in at.sidebar.code]
        main = [c.value for c in at.main.code if c.value == sidebar[-1]]
        assert len(sidebar) == 1 and len(main) == 2, (page, sidebar, main)  # pinned box + under the QR code
