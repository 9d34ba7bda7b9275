"""What reading one workbook gives: the rows to store, or every problem found."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

import numpy as np
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
DIMENSION_COLUMNS = ["category", "indicator", "dimension", "source"]
"""WorkbookResult.dimensions: the dimension each indicator is scored in and where it came from
('workbook' | 'stored' | 'default' | 'none' — its own dimension)."""


BLOCK_COLUMNS = ["category", "indicator", "dimension", "position"]
KEY = ["quarter", "committee", "branch", "category"]


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass
class ScoreTable:
    """The scores in the shape the store writes them: one row per score cell, pointing at its
    entry (a row of the result's ``entries``) and at its indicator column (a row of ``blocks``:
    category, indicator, dimension, position). Numbers only, so the 10⁵ scores of a large
    workbook cost no string per cell."""

    entry: np.ndarray  # int64: row of entries
    block: np.ndarray  # int64: row of blocks
    full_mark: np.ndarray  # float64
    score: np.ndarray  # float64, NaN = not applicable
    blocks: pd.DataFrame  # BLOCK_COLUMNS

    @classmethod
    def empty(cls) -> "ScoreTable":
        ints, floats = np.empty(0, np.int64), np.empty(0, np.float64)
        return cls(ints, ints, floats, floats, empty_frame(BLOCK_COLUMNS))

    def __len__(self) -> int:
        return len(self.entry)

    @classmethod
    def from_frame(cls, entries: pd.DataFrame, scores: pd.DataFrame) -> "ScoreTable":
        """From SCORE_COLUMNS rows, each matched to its entry by (quarter, committee, branch,
        category); a score without an entry raises ValueError."""
        keyed = entries[KEY].reset_index(drop=True).reset_index(names="entry")
        matched = scores.reset_index(drop=True).merge(keyed, on=KEY, how="left",
                                                      validate="many_to_one")
        if matched["entry"].isna().any():
            raise ValueError("a score has no entry")
        blocks = matched[BLOCK_COLUMNS].drop_duplicates().reset_index(drop=True)
        block = matched[BLOCK_COLUMNS].merge(blocks.reset_index(names="block"),
                                             on=BLOCK_COLUMNS, how="left")["block"]
        return cls(matched["entry"].to_numpy(np.int64), block.to_numpy(np.int64),
                   matched["full_mark"].to_numpy(np.float64),
                   matched["score"].to_numpy(np.float64), blocks)

    def to_frame(self, entries: pd.DataFrame) -> pd.DataFrame:
        """SCORE_COLUMNS, one row per score, in this table's order."""
        if not len(self):
            return empty_frame(SCORE_COLUMNS)
        cols = {k: entries[k].array.take(self.entry) for k in KEY}
        for k in ("indicator", "dimension"):
            cols[k] = self.blocks[k].array.take(self.block)
        cols["full_mark"], cols["score"] = self.full_mark, self.score
        cols["position"] = self.blocks["position"].to_numpy(np.int64)[self.block]
        return pd.DataFrame(cols, columns=SCORE_COLUMNS)


@dataclass
class WorkbookResult:
    """One workbook, read and validated. Store it only when :attr:`ok`.

    ``entries``: one row per (quarter, committee, branch, category) — see ENTRY_COLUMNS.
    ``table``: the scores (see :class:`ScoreTable`); ``scores`` shows them one row per
    (quarter, committee, branch, category, indicator), ``score`` NaN meaning not applicable —
    see SCORE_COLUMNS. ``catalog``: the indicator catalog found in the workbook.
    """

    file_name: str
    content: bytes
    entries: pd.DataFrame = field(default_factory=lambda: empty_frame(ENTRY_COLUMNS))
    table: ScoreTable = field(default_factory=ScoreTable.empty)
    catalog: pd.DataFrame = field(default_factory=lambda: empty_frame(CATALOG_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    dimensions: pd.DataFrame = field(default_factory=lambda: empty_frame(DIMENSION_COLUMNS))
    ignored_columns: list[str] = field(default_factory=list)  # "sheet!C（label）": hidden helpers
    reference_sheets: list[str] = field(default_factory=list)  # also in skipped_sheets

    @functools.cached_property
    def scores(self) -> pd.DataFrame:
        return self.table.to_frame(self.entries)

    @functools.cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def quarters(self) -> list[str]:
        if not len(self.entries):
            return []
        return sorted(str(q) for q in self.entries["quarter"].dropna().unique())

    @property
    def ok(self) -> bool:
        return not self.problems
