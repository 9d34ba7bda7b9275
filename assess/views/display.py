"""How numbers and names look to people: the one table of column formats, the label rules of
branches on axes, the tile texts, and the exports of a displayed table.

Views keep numbers unrounded; everything rounded, translated or decorated is done here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from assess.export import to_csv_bytes, to_xlsx_bytes
from assess.i18n import t

GRADES = ("优秀", "良好", "合格", "不合格")
PENDING = "待补充"  # no composite yet (SPEC §3.5)


@dataclass(frozen=True)
class Format:
    """How a numeric column shows: rounded to ``digits`` in a displayed table, drawn with the
    table widget's printf ``widget`` format (the value stays a number, so it sorts as one)."""

    digits: int | None
    widget: str


_SCORE = Format(1, "%.1f")
FORMATS: dict[str, Format] = {
    **dict.fromkeys(("party_score", "business_score", "composite", "gap", "previous_composite",
                     "delta_composite", "party_mean", "business_mean", "composite_mean", "full_mark",
                     "party_quarter_mean", "evaluation"), _SCORE),
    "coefficient": Format(3, "%.3f"),
    "correlation": Format(2, "%.2f"),
    "rate": Format(3, "percent"),
    "rank": Format(None, "%d"),
    "committee_rank": Format(None, "%d"),
}
"""The one table of numeric column formats (column name → :class:`Format`)."""

TITLES = {"parameter": "ui.method.param_parameter", "value": "ui.method.param_value",
          "default": "ui.method.param_default", "changed": "ui.method.param_changed"}
"""Column title keys other than ``ui.col.<column>``."""

YES_COLUMNS = ("veto", "standard_met", "solid", "changed")
"""True/False columns shown as 是 / empty."""

TILE_KINDS = ("score", "pct", "count", "r")


# ---------------------------------------------------------------- single values

def number(value) -> float:
    """``value`` as a float; NaN for anything missing or not a number."""
    try:
        if value is None or value is pd.NA:
            return math.nan
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def fmt(value, kind: str = "score") -> str:
    """A number for people: score one decimal, pct as 83.3%, count as an integer, r two
    decimals; '—' if missing. A value that rounds to zero shows as 0 (never −0.0)."""
    v = number(value)
    if math.isnan(v):
        return "—"
    if kind == "pct":
        text = f"{v * 100:.1f}%"
    elif kind == "count":
        text = f"{int(round(v))}"
    elif kind == "r":
        text = f"{v:.2f}"
    else:
        text = f"{v:.1f}"
    return _unsigned_zero(text)


def signed(value, kind: str = "score") -> str:
    """A change for people: ``+1.2``, ``-0.4``, ``0.0`` (no sign on what rounds to zero)."""
    text = fmt(value, kind)
    if text != "—" and not text.startswith("-") and number(value) > 0 and text.strip("0.%") != "":
        text = "+" + text
    return text


def _unsigned_zero(text: str) -> str:
    """``-0.0`` → ``0.0``, ``-0`` → ``0``, ``-0.0%`` → ``0.0%``."""
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        return text[1:]
    return text


def rank_change(x) -> str:
    """``↑3`` (moved up), ``↓2``, ``–`` (same), empty when unknown."""
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = int(x)
    return f"↑{x}" if x > 0 else (f"↓{-x}" if x < 0 else "–")


def stars_text(n, total: int = 5) -> str:
    """``★★★★☆`` for 4; empty when unknown."""
    if n is None or n is pd.NA or (isinstance(n, float) and math.isnan(n)):
        return ""
    n = max(0, min(int(n), total))
    return "★" * n + "☆" * (total - n)


def grade_text(grade, lang: str) -> str:
    """A grade in ``lang``; 待补充 (pending) for a branch without C."""
    return t(f"ui.grade.{grade}", lang) if isinstance(grade, str) else t(f"ui.grade.{PENDING}", lang)


def quadrant_text(quadrant, lang: str, missing: str = "") -> str:
    return t(f"ui.quadrant.{quadrant}", lang) if isinstance(quadrant, str) else missing


@dataclass(frozen=True)
class Tile:
    """One metric tile: its label, the value as shown, the change as shown (None: no change to
    show), the change's colour rule (Streamlit's ``normal`` / ``inverse`` / ``off``), help text;
    ``value`` and ``delta`` unrounded (NaN when missing)."""

    key: str
    label: str
    text: str
    value: float = math.nan
    delta: float = math.nan
    delta_text: str | None = None
    delta_color: str = "normal"
    help: str | None = None


# ---------------------------------------------------------------- labels of branches

def short_name(branch: str) -> str:
    """An axis label for a branch: without the trailing 党支部/支部 every name shares (a phone
    needs the width); the tables keep the full name."""
    name = str(branch)
    for suffix in ("党支部", "支部"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def branch_labels(committees: Sequence, branches: Sequence, full: bool = False) -> list[str]:
    """Short branch names (one per row; ``full``: the names as they are), with the committee
    added — ``一支部（甲党委）`` — where a name belongs to two committees among the rows given."""
    pairs = pd.DataFrame({"committee": np.asarray(committees, dtype=object),
                          "branch": np.asarray(branches, dtype=object)})
    names = pairs.drop_duplicates()
    repeated = set(names.loc[names["branch"].duplicated(keep=False), "branch"])
    name = str if full else short_name
    return [f"{name(b)}（{c}）" if b in repeated else name(b) for c, b in zip(pairs["committee"], pairs["branch"])]


def heat_grid(heat: pd.DataFrame) -> pd.DataFrame:
    """A long frame of cells (label, indicator, rate) as a grid: one row per label, one column
    per indicator, both in the order first given; NaN where an indicator does not apply."""
    if heat.empty:
        return pd.DataFrame()
    grid = heat.pivot_table(index="label", columns="indicator", values="rate", aggfunc="mean", sort=False, dropna=False)
    grid = grid.reindex(columns=list(dict.fromkeys(heat["indicator"])), index=list(dict.fromkeys(heat["label"])))
    return grid.rename_axis(index=None, columns=None)


# ---------------------------------------------------------------- tables

def display_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as people read it: numbers rounded by :data:`FORMATS`, ★ stars, grades,
    quadrants, categories and statuses in ``lang``, column names translated (``ui.col.*``)."""
    out = pd.DataFrame(index=df.index)
    for col in df.columns:
        s = df[col]
        if col in FORMATS and FORMATS[col].digits is not None:
            out[col] = s.astype("Float64").round(FORMATS[col].digits) + 0.0  # + 0.0: no −0.0
        elif col == "solid_rate":
            out[col] = [fmt(x, "pct") for x in s]
        elif col in ("quarters", "file_names") and s.map(lambda x: isinstance(x, (list, tuple, np.ndarray))).any():
            out[col] = s.map(lambda x: "、".join(map(str, x)))
        elif col == "stars":
            out[col] = [stars_text(v) for v in s]
        elif col == "grade":
            out[col] = [grade_text(g, lang) for g in s]
        elif col == "quadrant":
            out[col] = [quadrant_text(q, lang) for q in s]
        elif col == "category":
            out[col] = [t(f"ui.category.{c}", lang) if isinstance(c, str) else "" for c in s]
        elif col in ("delta_rank", "delta"):
            out[col] = [rank_change(x) for x in s]
        elif col == "status":
            out[col] = [t(f"ui.status.{x}", lang) for x in s]
        elif col == "severity":
            out[col] = [t(f"ui.severity.{x}", lang) for x in s]
        elif col == "parameter":
            out[col] = [t(f"ui.param.{x}", lang) for x in s]
        elif col == "action":
            out[col] = [t("ui.action.rollback", lang) + x[len("rollback"):] if str(x).startswith("rollback")
                        else t("ui.action.upload", lang) for x in s]
        elif col in YES_COLUMNS:
            out[col] = [t("ui.yes", lang) if v is True or v == 1 else "" for v in s.astype(object)]
        elif pd.api.types.is_numeric_dtype(s):
            out[col] = s
        else:  # text: missing is empty, not "None"
            out[col] = s.astype(object).where(s.notna(), "")
    out.columns = [title(c, lang) for c in df.columns]
    return out.reset_index(drop=True)


def title(column: str, lang: str) -> str:
    """A column's title in ``lang``."""
    return t(TITLES.get(column, f"ui.col.{column}"), lang)


def column_formats(lang: str) -> dict[str, str]:
    """Translated column title → printf format, for the table widget (values stay numbers, so
    sorting by a column still sorts numerically)."""
    return {title(col, lang): f.widget for col, f in FORMATS.items()}


def to_xlsx(df: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """``df`` as an .xlsx workbook: text escaped against formula injection (:mod:`assess.export`)."""
    return to_xlsx_bytes(df, sheet_name=sheet)


def to_csv(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV with a BOM (so Excel reads the Chinese), text escaped."""
    return to_csv_bytes(df)
