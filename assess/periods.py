"""Period keys: quarters ``YYYYQn`` and years ``YYYY``."""

from __future__ import annotations

import re

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


def is_quarter(period: str) -> bool:
    return bool(_QUARTER.match(period or ""))


def is_year(period: str) -> bool:
    return bool(_YEAR.match(period or ""))


def is_period(period: str) -> bool:
    return is_quarter(period) or is_year(period)


def quarter_key(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def split_quarter(period: str) -> tuple[int, int]:
    """``"2025Q3"`` → ``(2025, 3)``; raises ``ValueError`` for anything else."""
    m = _QUARTER.match(period or "")
    if not m:
        raise ValueError(f"not a quarter: {period!r}")
    return int(m.group(1)), int(m.group(2))


def quarters_of_year(year: str | int) -> list[str]:
    return [quarter_key(int(year), q) for q in range(1, 5)]


def previous_period(period: str) -> str:
    """The previous period of the same kind: 2025Q1 → 2024Q4, 2025 → 2024."""
    if is_year(period):
        return str(int(period) - 1)
    year, q = split_quarter(period)
    return quarter_key(year - 1, 4) if q == 1 else quarter_key(year, q - 1)


def period_quarters(period: str) -> list[str]:
    """The quarters a period covers: itself for a quarter, its four quarters for a year."""
    if is_year(period):
        return quarters_of_year(period)
    split_quarter(period)  # validates
    return [period]
