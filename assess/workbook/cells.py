"""Cell values as people type them: text normalisation and numbers (SPEC §4 tolerated values)."""

from __future__ import annotations

import math
import re
import unicodedata

from assess.problems import Problem

# Full-width digits, letters, punctuation and spaces → ASCII; typed by Chinese input methods.
# Used to recognise numbers and labels only: names and free text keep their own punctuation.
_FULL_WIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
                            | {"\u3000": " ", "\xa0": " "})
_SPACES = re.compile(r"\s+")  # \s covers the full-width space U+3000 and U+00A0
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")

NA_TOKENS = frozenset({"不适用", "/", "—", "-", "n/a", "na", "无此项", "——", "―", "–"})
NO_VETO_TOKENS = frozenset({"", "无", "否", "0", "没有"}) | NA_TOKENS

BLANK = "blank"
NOT_NUMBER = "not_number"

NAME_MAX_CHARS = 100  # a committee, general branch, branch, indicator or dimension name
TEXT_MAX_CHARS = 32_767  # a veto reason or a note: Excel's own limit for one cell
# Characters that are invisible or change how the text around them is shown: controls (NUL,
# BEL …), format characters (U+202E right-to-left override, zero-width joiner, BOM …) and lone
# surrogates. In a name they make two names that look the same differ (or spoof another).
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
# What is removed from free text: controls and the bidirectional overrides and isolates that
# would reorder the text shown after them. (Zero-width joiners stay: emoji use them.)
_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value) -> str:
    """A name or free text with its ends stripped and runs of whitespace (full-width spaces
    too) collapsed to one space: "  第一　 党支部 " → "第一 党支部". Punctuation is kept."""
    if type(value) is str:
        if not _SPACES.search(value):
            return value
        return _SPACES.sub(" ", value).strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value)).strip()


def clean_texts(values: list) -> list[str]:
    """``[clean_text(v) for v in values]``, fast: when every value is already clean text (the
    usual case, decided in one pass over the joined text) the list itself comes back."""
    distinct = set(values)  # cell values are hashable
    if set(map(type, distinct)) == {str}:
        joined = "".join(distinct)
        # isprintable() is False for every whitespace character but the plain space
        if " " not in joined and joined.isprintable():
            return values
    texts = {v: clean_text(v) for v in distinct}
    return [texts[v] for v in values]


def invisible_chars(text: str) -> list[str]:
    """The invisible or control characters of ``text`` as sorted "U+202E" codes; [] when clean."""
    if text.isprintable():
        return []
    return sorted({f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in _INVISIBLE})


def visible(text: str) -> str:
    """``text`` with its invisible characters written out as ⟨U+202E⟩."""
    if text.isprintable():
        return text
    return "".join(f"⟨U+{ord(ch):04X}⟩" if unicodedata.category(ch) in _INVISIBLE else ch
                   for ch in text)


def quoted(text: str, limit: int = 40) -> str:
    """``text`` safe to quote in a message: invisible characters shown as ⟨U+202E⟩, cut to
    ``limit`` characters with "…"."""
    text = visible(text[:limit * 2])
    return text if len(text) <= limit else text[:limit] + "…"


def name_problem(text: str, file_name: str, sheet: str, cell: str) -> Problem | None:
    """The problem of a name (committee, branch, indicator …) that cannot be a key of the
    store: invisible or control characters, or longer than NAME_MAX_CHARS; None when fine."""
    if len(text) <= NAME_MAX_CHARS and text.isprintable():
        return None
    chars = invisible_chars(text)
    if chars:
        return Problem("text_invisible_chars", file_name, sheet, cell,
                       {"value": quoted(text), "chars": ", ".join(chars)})
    if len(text) > NAME_MAX_CHARS:
        return Problem("name_too_long", file_name, sheet, cell,
                       {"value": quoted(text, 20), "chars": len(text), "limit": NAME_MAX_CHARS})
    return None


def free_text(value) -> str:
    """A veto reason or a note: :func:`clean_text` without control characters and bidirectional
    overrides (they cannot be shown and would reorder what follows them on screen)."""
    text = clean_text(value)
    return text if text.isprintable() else _UNSHOWABLE.sub("", text).strip()


def fold(text: str) -> str:
    """Full-width characters → ASCII: "２０２５Ｑ３（１５分）" → "2025Q3(15分)"."""
    return text.translate(_FULL_WIDTH)


def compact(value) -> str:
    """Folded text without any whitespace, for matching labels: "支 部（名称）" → "支部(名称)"."""
    return _SPACES.sub("", fold(clean_text(value)))


def label(value) -> str:
    """Text without any whitespace but otherwise as written, for names from headers."""
    return _SPACES.sub("", clean_text(value))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value) -> float | str:
    """A float (NaN for a not-applicable token) or one of BLANK / NOT_NUMBER.

    Accepts numbers, numbers stored as text, full-width digits, inner spaces and a trailing 分.
    """
    if type(value) is float or type(value) is int:
        return float(value) if math.isfinite(value) else NOT_NUMBER
    if isinstance(value, str):
        text = compact(value)
        if not text:
            return BLANK
        if text.lower() in NA_TOKENS:
            return math.nan
        if text.endswith("分"):
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        if _NUMBER.match(text):
            return float(text)
        return NOT_NUMBER
    if value is None:
        return BLANK
    return NOT_NUMBER  # bool, dates, times


def display(value) -> str:
    """How a cell value is quoted back in a message: 13.0 → "13"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(value)
