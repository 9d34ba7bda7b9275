"""The column order of each view's table, so a phone shows what matters before it scrolls
sideways (SPEC §5 "On a phone": tables put the branch and its key figures first).

A phone 390 px wide shows about four columns. So every table leads with what names the row (the
branch; the period, indicator or committee in tables of those) and then its key figures — C,
rank, Δrank, stars — and an alert table its change columns (ΔC before C); the committee, which a
viewer filtered already, goes last. The same order serves every screen: the page cannot know the
width, and an export follows the order on screen (SPEC §6).

Tables are named by their widget key on the page. Columns are the codes of the view frames (before
:func:`assess.views.display.display_table` translates them): arrange first, then display.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from assess.i18n import t

ORDERS: dict[str, tuple[str, ...]] = {
    # 排名: rank and branch (both pinned), then C, Δrank, stars
    "ranking_table": ("rank", "branch", "composite", "delta_rank", "stars", "quota_moved", "driver", "grade",
                      "party_score", "party_quarter_mean", "evaluation", "evaluation_status", "business_score",
                      "coefficient", "quadrant", "veto_reason", "committee"),
    # 总览 alerts: the change first
    "drops": ("branch", "delta_composite", "composite", "previous_composite", "delta_rank", "committee"),
    "vetoes": ("branch", "veto_reason", "committee"),
    "committee_table": ("committee", "composite_mean", "solid_rate", "vetoes", "branches", "party_mean",
                        "business_mean", "correlation"),
    # 党建×业务: the 两张皮 list, the gap that puts a branch on it
    "two_skins": ("branch", "gap", "party_score", "business_score", "quadrant", "committee"),
    # 支部画像
    "history_table": ("period", "composite", "rank", "stars", "party_score", "business_score", "coefficient",
                      "committee_rank", "grade", "veto_reason"),
    "indicator_table": ("indicator", "rate", "full_mark", "dimension", "category"),
    # 指标
    "weakest_table": ("indicator", "rate", "category", "dimension", "branches"),
}
"""Table key → its columns, most telling first."""

PINNED: dict[str, tuple[str, ...]] = {
    "ranking_table": ("rank", "branch"), "drops": ("branch",), "vetoes": ("branch",), "two_skins": ("branch",),
    "history_table": ("period",), "indicator_table": ("indicator",), "weakest_table": ("indicator",),
    "committee_table": ("committee",),
}
"""Table key → the columns that stay in view while the table scrolls sideways."""

NAMES = ("branch", "period", "indicator")
"""What names a row, in a table that :data:`ORDERS` does not list."""
KEY_FIGURES = ("delta_composite", "composite", "rank", "delta_rank", "stars")


def order(columns: Sequence[str], table: str | None = None) -> list[str]:
    """``columns`` in the order of ``table``'s layout. A column the layout does not know keeps
    its place after the known ones; one it lists but ``columns`` lacks is skipped. For a table
    not in :data:`ORDERS`: the naming column, the key figures, the rest as given, the committee
    last when the rows are branches."""
    columns = list(columns)
    if table in ORDERS:
        wanted = [c for c in ORDERS[table] if c in columns]
    else:
        wanted = [c for c in NAMES + KEY_FIGURES if c in columns]
        if "branch" in columns:
            rest = [c for c in columns if c not in wanted and c != "committee"]
            return wanted + rest + (["committee"] if "committee" in columns else [])
    return wanted + [c for c in columns if c not in wanted]


def arrange(df: pd.DataFrame, table: str | None = None) -> pd.DataFrame:
    """``df`` (a view frame, column codes) with its columns in :func:`order`."""
    return df[order(df.columns, table)]


def pinned(table: str, lang: str, columns: Sequence[str] | None = None) -> tuple[str, ...]:
    """The translated names (``ui.col.*`` in ``lang``) of the columns to pin in ``table`` — only
    those among ``columns`` (codes) when given; what ``pages/_ui.table(pinned=…)`` takes."""
    keep = PINNED.get(table, ())
    if columns is not None:
        keep = tuple(c for c in keep if c in set(columns))
    return tuple(t(f"ui.col.{c}", lang) for c in keep)
