"""The in-page share control (SPEC §5 "On a phone": sharing is one visible tap on every view).

:func:`share` draws, pinned to the top bar of the page whatever the scroll, the view's link in a
small code box whose copy button is always shown — one tap copies the link — and a 二维码 button
that opens the link's QR code (made here by ``segno``, an SVG: nothing is fetched from outside).

Copying reuses what the sidebar's 复制链接 does: Streamlit's own copy button of ``st.code``
(Streamlit 1.67 has no clipboard call for Python, and a page may not run scripts). That button
shows only on hover; the CSS below keeps it shown, so a finger sees it and needs one tap. It
writes through ``navigator.clipboard``, which browsers give to secure pages only (https, or the
machine itself): served over plain http to other machines the box still shows the link to
select, and the QR code still works.
"""

from __future__ import annotations

import segno
import streamlit as st

from assess.i18n import t

KEY = "_share_link"
"""The container's key: Streamlit gives it the class ``st-key-_share_link`` (tests find it so)."""
CODE_WIDTH = 150  # px of the link shown in the top bar (the whole link is copied)

CSS = f"""<style>
/* pages/_share.py: the share control pinned in the top bar, its copy button always shown */
.st-key-{KEY} {{ position: fixed; top: 0.7rem; right: 3.5rem; z-index: 999990; width: auto !important;
  background: var(--st-background-color, white); border-radius: 0.5rem; }}
.st-key-{KEY} [data-testid="stCode"] pre {{ height: 2.4rem; padding: 0.5rem 2.6rem 0.5rem 0.6rem; overflow: hidden; }}
.st-key-{KEY} [data-testid="stCode"] *:has([data-testid="stElementToolbarButton"]),
.st-key-{KEY} [data-testid="stElementToolbarButton"],
.st-key-{KEY} [data-testid="stElementToolbarButton"] * {{ opacity: 1 !important; visibility: visible !important; }}
</style>"""


def qr_svg(link: str) -> str:
    """The QR code of ``link`` as an SVG document (error correction M, 4 px modules)."""
    return segno.make(link, error="m", micro=False).svg_inline(scale=4, border=2, dark="#1a1a1a")


def share(link: str, lang: str) -> None:
    """Draw the share control of the current view for ``link`` (its absolute URL, as the
    sidebar's copy-link box shows it) in ``lang``. Call it once per run, anywhere in the main
    area: it is pinned to the top bar."""
    st.html(CSS)
    with st.container(key=KEY, horizontal=True, gap="small", width="content", vertical_alignment="center"):
        st.code(link, language=None, wrap_lines=False, width=CODE_WIDTH)
        with st.popover(t("share.qr", lang), icon=":material/qr_code_2:", help=t("share.qr_help", lang)):
            st.image(qr_svg(link), caption=t("share.qr_caption", lang), width=240)
            st.code(link, language=None, wrap_lines=True)
