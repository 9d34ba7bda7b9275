"""What every view shares: the viewer's selection, the two row filters (the user's scope and the
chosen committees), the period helpers and the reads every view makes through the scoring engine.

The filter rule (SPEC §3): numbers — ranks, medians, verdicts — are the whole period's; a filter
only chooses the rows shown, and what a view counts (a tile, a distribution, a warning) counts
those rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import pandas as pd

from assess import safe, scoring
from assess.config import Config, Method
from assess.db import Database
from assess.i18n import t
from assess.links import ViewChoices, branch_key, split_branch_key
from assess.periods import is_quarter, is_year
from assess.rules import rules_for


@dataclass(frozen=True)
class Selection:
    """What the viewer chose and may see; every view function takes one.

    ``committees``: the committees chosen in the sidebar (empty: all the viewer may see);
    ``scope``: the only committees this user may see (None: all, SPEC §8); ``as_of``: the data
    version read; ``period_options`` and ``branch_keys`` (``committee/branch``): what the pickers
    offer; ``all_committees``: every committee the viewer may see (stable colours)."""

    lang: str = "zh"
    period: str | None = None
    committees: tuple[str, ...] = ()
    config: Config = field(default_factory=Config)
    default_config: Config = field(default_factory=Config)
    as_of: int = 0
    latest: int = 0
    period_options: tuple[str, ...] = ()
    all_committees: tuple[str, ...] = ()
    branch_keys: tuple[str, ...] = ()
    scope: tuple[str, ...] | None = None
    user: Any = None  # assess.auth.User the session acts as
    # the link's per-page choices (indicators category, ranking sort/order: assess.links.clean_all)
    choices: ViewChoices = field(default_factory=ViewChoices)

    @property
    def empty(self) -> bool:
        """No data, or no period to show."""
        return self.latest == 0 or not self.period

    @property
    def method(self) -> Method:
        """The method the period is scored by: its year's official one, or the what-if."""
        return rules_for(self.config, self.period).method if self.period else self.config.method

    @property
    def branch_options(self) -> list[str]:
        """The branch keys of the chosen committees (all when none is chosen)."""
        return [k for k in self.branch_keys
                if not self.committees or split_branch_key(k)[0] in self.committees]

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def context(self, period: str | None = None, method: Method | None = None) -> str:
        """The subtitle every chart carries: ``2025Q3 · 系数法(得分率)``."""
        return context(period or self.period or "", method or self.method, self.lang)


# ---------------------------------------------------------------- the two row filters

def in_committees(df: pd.DataFrame, committees: Iterable[str]) -> pd.DataFrame:
    """The rows of the chosen committees (all rows when none is chosen)."""
    chosen = list(committees)
    if not chosen or df.empty:
        return df
    return df[df["committee"].isin(chosen)].reset_index(drop=True)


def visible(sel: Selection, df: pd.DataFrame) -> pd.DataFrame:
    """Only the rows of the committees the user may see (SPEC §8). Every branch-level frame a
    view reads passes here, so no view, chart, export or link shows another committee's
    branches. Ranks, medians and 过硬率 stay those of the whole period: computed before."""
    if sel.scope is None or "committee" not in df.columns:
        return df
    return df[df["committee"].isin(sel.scope)].reset_index(drop=True)


def shown(sel: Selection, df: pd.DataFrame) -> pd.DataFrame:
    """The rows a view shows: those the user may see, of the chosen committees."""
    return in_committees(visible(sel, df), sel.committees)


NAMED = 4
"""The most committees :func:`counted` names one by one."""


def counted_committees(sel: Selection) -> tuple[str, ...] | None:
    """The committees whose branches a view counts: the chosen ones, else the user's scope;
    None when every committee counts."""
    if sel.committees:
        return tuple(sel.committees)
    return tuple(sel.scope) if sel.scope is not None else None


def counted(sel: Selection) -> str:
    """The sentence saying which committees a tile, distribution or warning of a filtered view
    counts; empty when every committee counts."""
    committees = counted_committees(sel)
    if committees is None:
        return ""
    sep = "、" if sel.lang == "zh" else ", "
    committees = tuple(safe.markdown(c) for c in committees)  # shown in captions (Markdown)
    if len(committees) > NAMED:
        return sel.tr("views.counted.many", n=len(committees), committees=sep.join(committees[:NAMED - 1]))
    return sel.tr("views.counted.some", committees=sep.join(committees))


def of_branches(rows: pd.DataFrame, keys: Iterable[str]) -> pd.DataFrame:
    """The rows of the branches ``keys`` (:func:`assess.links.branch_key`) of a frame with
    committee and branch columns (none when ``keys`` is empty)."""
    wanted = {split_branch_key(k) for k in keys}
    names = {b for _, b in wanted}
    part = rows[rows["branch"].isin(names)] if names else rows.iloc[0:0]
    mine = [(str(c), str(b)) in wanted for c, b in zip(part["committee"], part["branch"])]
    return part[mine].reset_index(drop=True)


# ---------------------------------------------------------------- reads (scoped to the user)

def period_scores(db: Database, sel: Selection, period: str | None = None,
                  config: Config | None = None) -> pd.DataFrame:
    """The whole period's branch table (:func:`assess.scoring.branch_scores`), every committee
    the user may see — :func:`shown` chooses the rows of the chosen committees."""
    return visible(sel, scoring.branch_scores(db, period or sel.period, config or sel.config, as_of=sel.as_of))


def period_changes(db: Database, sel: Selection, period: str | None = None) -> pd.DataFrame:
    """:func:`assess.scoring.changes` of the period, every committee the user may see."""
    return visible(sel, scoring.changes(db, period or sel.period, sel.config, as_of=sel.as_of))


def dimension_rates(db: Database, sel: Selection) -> pd.DataFrame:
    return visible(sel, scoring.dimension_rates(db, sel.period, as_of=sel.as_of))


def indicator_rates(db: Database, sel: Selection) -> pd.DataFrame:
    return visible(sel, scoring.indicator_rates(db, sel.period, as_of=sel.as_of))


TREND_QUARTERS = 12
"""The most quarters the trends and the profile's history show."""


def trend_quarters(sel: Selection, limit: int = TREND_QUARTERS) -> list[str]:
    """The quarters the trends and the history show: up to the chosen period, oldest first."""
    return quarters_up_to(sel.period_options, sel.period, limit)


def quarter_summary(db: Database, sel: Selection) -> pd.DataFrame:
    """Per quarter × committee counts and sums of P, B, C and 过硬 over :func:`trend_quarters`
    (the committees the user may see)."""
    return visible(sel, scoring.quarter_summary(db, trend_quarters(sel), sel.config, as_of=sel.as_of))


def quarter_scores(db: Database, sel: Selection, keys: Sequence[str] | None = None) -> pd.DataFrame:
    """Per branch × quarter scores over :func:`trend_quarters` (ranks over the whole quarter),
    only of the branches ``keys`` (``committee/branch``) when given."""
    rows = scoring.quarter_scores(db, trend_quarters(sel), sel.config, as_of=sel.as_of)
    if keys is not None:
        rows = of_branches(rows, keys)
    return visible(sel, rows)


# ---------------------------------------------------------------- periods, branches, labels

def stored_periods(db: Database, as_of: int) -> list[str]:
    """The sidebar's period options as of a version (:func:`period_options`); none when empty."""
    return period_options(scoring.periods(db, as_of=as_of)) if as_of else []


def stored_branches(db: Database, as_of: int) -> pd.DataFrame:
    """Every branch with data as of a version (any period): committee, branch, branch_id,
    first_quarter, last_quarter — the options of the pickers and of the URL check."""
    return scoring.branches(db, as_of=as_of)


def period_options(periods: pd.DataFrame) -> list[str]:
    """Quarters newest first, then years newest first; the first is the default period."""
    if periods is None or periods.empty:
        return []
    quarters = sorted(periods.loc[periods["kind"] == "quarter", "period"].astype(str), reverse=True)
    years = sorted(periods.loc[periods["kind"] == "year", "period"].astype(str), reverse=True)
    return quarters + years


def quarters_up_to(options: Sequence[str], period: str, limit: int = TREND_QUARTERS) -> list[str]:
    """The quarters with data up to ``period`` (the quarters of a year, up to its last), oldest first."""
    end = period if is_quarter(period) else f"{period}Q4"
    quarters = sorted(p for p in options if is_quarter(p) and p <= end)
    return quarters[-limit:]


def span(quarters: Sequence[str], fallback: str | None) -> str:
    """``2024Q4–2025Q3`` for the quarters a chart draws; ``fallback`` when there are none."""
    return f"{quarters[0]}–{quarters[-1]}" if quarters else (fallback or "")


def branch_keys(branches: pd.DataFrame) -> list[str]:
    """``committee/branch`` keys of a frame with committee and branch columns."""
    return [branch_key(c, b) for c, b in zip(branches["committee"], branches["branch"])]


def method_label(method: Method, lang: str) -> str:
    return t(f"ui.method.{method.name}", lang)


def context(period: str, method: Method, lang: str) -> str:
    """The subtitle every chart carries: ``2025Q3 · 系数法(得分率)``."""
    return f"{period_label(period, lang)} · {method_label(method, lang)}"


def period_label(period: str, lang: str) -> str:
    """``2025Q3`` as is; a year as ``2025年度`` / ``year 2025``; anything else (a range) as is."""
    return t("ui.period.year", lang, year=period) if is_year(period) else period
