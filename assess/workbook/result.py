"""What reading one workbook gives: the rows to store, or every problem found."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from assess.problems import Problem

ENTRY_COLUMNS = [
    "quarter", "committee", "general_branch", "branch", "category",
    "bonus", "deduction", "veto_reason", "note", "sheet", "row",
]
SCORE_COLUMNS = [
    "quarter", "committee", "branch", "category", "indicator",
    "dimension", "full_mark", "score", "position",
]
CATALOG_COLUMNS = ["category", "dimension", "indicator", "full_mark", "description"]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass
class WorkbookResult:
    """One workbook, read and validated. Store it only when :attr:`ok`.

    ``entries``: one row per (quarter, committee, branch, category) — see ENTRY_COLUMNS.
    ``scores``: one row per (quarter, committee, branch, category, indicator); ``score`` NaN means
    not applicable — see SCORE_COLUMNS. ``catalog``: the indicator catalog found in the workbook.
    """

    file_name: str
    content: bytes
    entries: pd.DataFrame = field(default_factory=lambda: empty_frame(ENTRY_COLUMNS))
    scores: pd.DataFrame = field(default_factory=lambda: empty_frame(SCORE_COLUMNS))
    catalog: pd.DataFrame = field(default_factory=lambda: empty_frame(CATALOG_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def quarters(self) -> list[str]:
        return sorted(set(self.entries["quarter"].dropna())) if len(self.entries) else []

    @property
    def ok(self) -> bool:
        return not self.problems
