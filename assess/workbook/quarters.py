"""Quarter keys found in text: titles, cells and file names (SPEC §4)."""

from __future__ import annotations

import re

from assess.periods import quarter_key
from assess.workbook.cells import clean_text, fold

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(?:度\s*)?第?\s*([一二三四1-4])\s*季度?"),
    re.compile(r"(\d{4})\s*[-_ .]?\s*[Qq]\s*([1-4])(?!\d)"),
)


def quarter_in_text(text) -> str | None:
    """The first quarter key ('2025Q3') written in ``text``: 2025年第三季度, 2025年三季度,
    2025年第3季度, 2025Q3, 2025-Q3; None when there is none."""
    found = quarters_in_text(text)
    return found[0] if found else None


def quarters_in_text(text) -> list[str]:
    """Every distinct quarter key written in ``text``, in order of appearance."""
    text = fold(clean_text(text))
    if not text:
        return []
    hits: list[tuple[int, str]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            hits.append((m.start(), quarter_key(int(m.group(1)), _CN_DIGITS[m.group(2)])))
    keys: list[str] = []
    for _, key in sorted(hits):
        if key not in keys:
            keys.append(key)
    return keys


def parse_quarter_cell(value) -> str | None:
    """A quarter-column cell as 'YYYYQn' (it must name exactly one quarter), else None."""
    found = quarters_in_text(value)
    return found[0] if len(found) == 1 else None
