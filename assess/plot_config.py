"""How every chart behaves in the browser — one place (SPEC §5 "On a phone").

A finger that swipes over a chart scrolls the page; it never pans or zooms the chart. A tap still
shows the values (hover). No tool bar covers a title: there is none on a touch screen, and on a
desktop it stands upright at the right edge, shown on hover. Measured in Chromium with
Streamlit 1.67 and the plotly.js it ships (tests/browser/test_phone.py):

- ``layout.dragmode = False`` is what frees the swipe: plotly.js then neither calls
  ``preventDefault`` on ``touchstart`` nor listens to ``touchmove`` in the plot area, so the
  browser scrolls, and the synthetic mouse events of a tap still reach the hover code.
  ``scrollZoom: False`` and ``fixedrange`` alone do not: the plot area still swallows the swipe.
  CSS ``touch-action`` alone does not either (plotly.js cancels the touch in script).
- Two drag surfaces ignore ``dragmode``: the small handles at the ends of each cartesian axis and
  the main drag area of a polar chart (the radar). On a touch screen the CSS below makes them
  transparent to the finger (``pointer-events: none``), so a swipe over them reaches the page.
  The radar then shows no hover on a phone: its builder writes the branch's values on the chart.
- Streamlit turns any falsy ``dragmode`` of a chart with ``on_select`` into ``"pan"`` (its
  front end does), so a selectable chart takes the swipe whatever its layout says: on a touch
  client (:func:`touch_client`) draw it without ``on_select``.

What to use: :data:`CONFIG` as ``st.plotly_chart(config=…)``, :data:`CSS` once per page through
``st.html`` (style only: it takes no space), :func:`prepare` on every figure (the chart builders
of :mod:`assess.charts` already do), the label helpers for long names.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Mapping

MODEBAR_REMOVE = ("lasso2d", "select2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "toggleSpikelines",
                  "hoverClosestCartesian", "hoverCompareCartesian", "resetViewMapbox")

CONFIG: dict = {
    "displaylogo": False,
    "responsive": True,
    "scrollZoom": False,  # a wheel or a two-finger scroll over a chart scrolls the page
    "showTips": False,
    "modeBarButtonsToRemove": list(MODEBAR_REMOVE),
}
"""The plotly ``config`` of every chart (``st.plotly_chart(fig, config=CONFIG)``)."""

TOUCH_MEDIA = "(hover: none), (pointer: coarse)"
"""A screen driven by a finger: no hover, or a coarse pointer (phones and tablets; a laptop with
a touch screen and a mouse keeps its mouse behaviour)."""

CSS = f"""<style>
/* assess.plot_config: a finger scrolls the page over a chart; no chart tool bar on a touch screen */
@media {TOUCH_MEDIA} {{
  .js-plotly-plot .modebar-container {{ display: none !important; }}
  .js-plotly-plot .draglayer .drag:not(.nsewdrag),
  .js-plotly-plot .polarlayer .maindrag {{ pointer-events: none !important; }}
}}
</style>"""
"""Style for the page, injected with ``st.html(CSS)`` (style only: sent to Streamlit's event
container, it takes no space; injecting it again is harmless)."""

MOBILE_UA = re.compile(r"Mobi|Android|iPhone|iPad|iPod|HarmonyOS|Windows Phone", re.IGNORECASE)


def prepare(fig):
    """``fig`` with the behaviour of every chart (returned for chaining): no drag mode (a swipe
    scrolls the page; the desktop tool bar can still switch on zoom or pan), the tool bar upright
    at the right edge so it never sits on the left-aligned title, horizontal x tick labels (one
    orientation on every page) unless a builder set an angle itself."""
    fig.update_layout(dragmode=False, modebar={"orientation": "v", "bgcolor": "rgba(255,255,255,0.7)"})
    fig.for_each_xaxis(lambda ax: ax.update(tickangle=0) if ax.tickangle is None else None)
    return fig


def touch_client(headers: Mapping[str, str] | None) -> bool:
    """Whether the request headers (``st.context.headers``) come from a phone or tablet: the
    ``Sec-CH-UA-Mobile: ?1`` client hint, or a mobile user agent. Used to draw a selectable chart
    without its selection on a touch screen (see the module's notes). An iPad that announces
    itself as a Mac is taken for a desktop."""
    if not headers:
        return False
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    if lower.get("sec-ch-ua-mobile", "").strip() == "?1":
        return True
    return bool(MOBILE_UA.search(lower.get("user-agent", "")))


# ---------------------------------------------------------------- long names


def width(text: str) -> int:
    """Display width in half-width units: a Chinese character (or any wide one) counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def clip(text: str, limit: int = 16) -> str:
    """``text`` cut to ``limit`` half-width units with "…" when longer (8 Chinese characters by
    default); the full name belongs in the hover."""
    text = str(text)
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def wrap(text: str, limit: int = 8) -> str:
    """``text`` on lines of at most ``limit`` half-width units joined by ``<br>``, the lines as
    even as possible (``基本组织`` at 4 → ``基本<br>组织``); words are not split when there are
    spaces. A text that fits stays one line."""
    text = str(text)
    if width(text) <= limit:
        return text
    if " " in text.strip():
        lines, line = [], ""
        for word in text.split():
            candidate = f"{line} {word}".strip()
            if line and width(candidate) > limit:
                lines.append(line)
                line = word
            else:
                line = candidate
        return "<br>".join(lines + [line])
    n = -(-width(text) // limit)  # lines needed
    for per in range(-(-width(text) // n), limit + 1):  # the evenest width that fits n lines
        lines = _fill(text, per)
        if len(lines) <= n:
            break
    return "<br>".join(lines)


def _fill(text: str, per: int) -> list[str]:
    """``text`` cut into lines of at most ``per`` half-width units (a character never split)."""
    lines, line, used = [], "", 0
    for ch in text:
        w = width(ch)
        if used + w > per and line:
            lines.append(line)
            line, used = "", 0
        line += ch
        used += w
    return lines + [line]


def period_ticks(periods) -> list[str]:
    """Axis labels of periods that fit a phone horizontally: ``2024Q3`` → ``Q3<br>2024`` for the
    first period and each first quarter of a year, ``Q3`` under a blank line for the others (the
    year is read from the last one that has it); a year (``2025``) stays as it is."""
    out, year = [], None
    for p in (str(x) for x in periods):
        if len(p) == 6 and p[4] == "Q":
            out.append(f"{p[4:]}<br>{p[:4]}" if p[:4] != year else f"{p[4:]}<br> ")
            year = p[:4]
        else:
            out.append(p)
    return out


def stack(text: str) -> str:
    """A column label that reads top to bottom, one character a line, upright (``组织设置`` →
    ``组<br>织<br>设<br>置``): a narrow heat-map column keeps horizontal text. Only for Chinese
    (wide) text; other text is wrapped at 8 units."""
    text = str(text)
    if text and all(unicodedata.east_asian_width(ch) in "WF" for ch in text):
        return "<br>".join(text)
    return wrap(text, 8)
