"""Cell values as people type them: text normalisation and numbers (SPEC §4 tolerated values)."""

from __future__ import annotations

import math
import re

# Full-width digits, punctuation and spaces → ASCII; typed by Chinese input methods.
_FULL_WIDTH = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "，": ",", "．": ".", "－": "-", "＋": "+", "\u3000": " ", "\xa0": " ", "（": "(", "）": ")",
    "：": ":",
})
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")

NA_TOKENS = frozenset({"不适用", "/", "—", "-", "n/a", "na", "无此项", "——", "－"})
NO_VETO_TOKENS = frozenset({"", "无", "否", "0", "没有"}) | NA_TOKENS

BLANK = "blank"
NOT_NUMBER = "not_number"


def clean_text(value) -> str:
    """A display string with full-width spaces/punctuation folded, ends stripped, runs of spaces
    collapsed to one: "  第一　党支部 " → "第一 党支部"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_FULL_WIDTH)
    return _SPACES.sub(" ", text).strip()


def compact(value) -> str:
    """A text with all whitespace removed, for matching labels: "支 部 名称" → "支部名称"."""
    return _SPACES.sub("", clean_text(value))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_na(value) -> bool:
    """True for a not-applicable token (不适用, /, —, -, N/A, 无此项)."""
    return isinstance(value, str) and compact(value).lower() in NA_TOKENS


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
