"""Text from a workbook or a user stays text, in every sink (one helper per kind of sink).

Names, veto reasons, notes and file names come from people we do not control. Each place that
shows them interprets some syntax of its own:

- **Markdown elements** (``st.markdown``, ``st.caption``, headings, alerts, ``help=`` tooltips,
  metric labels): Streamlit's Markdown renders links ``[x](http://…)``, images ``![i](http://…)``
  (fetched from outside when the page opens), bare URLs, ``:red[colour]`` directives, ``$math$``
  and, in places, HTML. → :func:`markdown`.
- **plotly texts** (titles, ticks, legends, hover, annotations, bar texts): plotly.js renders a
  subset of HTML — ``<a href>``, ``<b>``, ``<br>``, ``<sub>``, ``<span style>`` — and substitutes
  ``%{…}`` in hover templates. → :func:`plot` (and :func:`plot_labels` for axis categories).
- **matplotlib texts** (the 通报's figures): ``$…$`` is mathtext, and a malformed one stops the
  drawing. → :func:`figure`.
- **Exports** (Excel, CSV): a cell starting with ``=``, ``+``, ``-`` or ``@`` is a formula.
  → :func:`export_cell` (the rule lives in :mod:`assess.export`).

Every helper also removes the invisible bidirectional controls (right-to-left marks and
overrides) that would reorder the text shown after a name, so the label stays readable.
"""

from __future__ import annotations

import re
from typing import Iterable

from assess.export import escape_value

BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x85\v\f]+\s*")
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?:https?|mailto|xmpp)(?=:)|www(?=\.)|@")  # what starts a GFM autolink
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation: CommonMark escapes each
_PLOT_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "%": "&#37;"}
_PLOT = re.compile("[&<>%]")
ELLIPSIS = "…"
PLOT_LABEL_MAX = 40
"""An axis category or legend entry shows at most this many characters (a name of a thousand
would squeeze the plot to nothing); hover shows the whole name."""


def plain(text: object) -> str:
    """``text`` as one line without bidirectional controls (the common first step)."""
    s = "" if text is None else str(text)
    return _LINE_BREAKS.sub(" ", _BIDI.sub("", s))


def markdown(text: object) -> str:
    """``text`` for a Markdown sink, shown literally: every ASCII punctuation character
    backslash-escaped (no link, image, emphasis, HTML, directive, math or block can start),
    line breaks as spaces, and an invisible word joiner inside each bare address (``http:``,
    ``www.``, ``@``), which escapes cannot stop: Streamlit's GFM autolinks are found in the
    text after escapes are undone (seen in Chromium: ``http\\:\\/\\/…`` became a link)."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, plain(text)))


def plot(text: object, limit: int | None = None) -> str:
    """``text`` for a plotly text (title, tick, legend, hover, annotation): ``& < >`` as
    entities (plotly shows them as the characters, so ``<a href>`` reads as written and links
    nothing), ``%`` as an entity (no ``%{…}`` substitution in a hover template), line breaks as
    spaces. ``limit`` cuts the text to that many characters, ending with "…"."""
    s = plain(text)
    if limit is not None and len(s) > limit:
        s = s[: max(limit - 1, 0)] + ELLIPSIS
    return _PLOT.sub(lambda m: _PLOT_SPECIAL[m.group(0)], s)


def plot_labels(names: Iterable[object], limit: int = PLOT_LABEL_MAX) -> list[str]:
    """:func:`plot` of each name, cut to ``limit``, unique: two names that would read alike (cut
    the same, or differing only by invisible marks) get " (2)", " (3)" … so plotly does not
    merge their categories."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        label = plot(name, limit)
        n, candidate = 1, label
        while candidate in seen:
            n += 1
            candidate = f"{label} ({n})"
        seen.add(candidate)
        out.append(candidate)
    return out


def figure(text: object) -> str:
    """``text`` for a matplotlib text (the 通报's tick labels and legends): every ``$`` escaped,
    so no mathtext is parsed (``$x^2$`` would be drawn as math, and ``A$\\frac$B`` stops the
    drawing with a ValueError); a leading ``_`` kept visible (a legend hides such labels)."""
    s = plain(text).replace("$", r"\$")
    return " " + s if s.startswith("_") else s


def export_cell(value):
    """``value`` for an exported cell: text that a spreadsheet would run as a formula is quoted
    (see :func:`assess.export.escape_value`); other values unchanged."""
    return escape_value(value)
