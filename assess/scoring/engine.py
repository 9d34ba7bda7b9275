"""From the store to tidy DataFrames: the scoring API the views and the CLI call.

Every function reads through :meth:`assess.db.Database.query` and takes ``as_of``: the data
version to read (None = the latest). Numbers are always computed over the whole period and all
committees; callers filter rows afterwards (SPEC §3: filters never change numbers). Results are
kept per data version (:mod:`assess.scoring.cache`): what a version shows never changes.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from assess.config import Config
from assess.db import Database
from assess.periods import is_year, period_quarters, previous_period
from assess.rules import rules_for, rules_used
from assess.scoring import evaluation, quarterly
from assess.scoring.cache import cached
from assess.scoring.table import BASE_COLUMNS, empty_table, score_table
from assess.store import latest_version  # noqa: F401 - part of the scoring API (assess.scoring)

BRANCH_QUARTERS_PER_QUERY = 50_000


def _versioned(db: Database, as_of: int | None) -> tuple[int, bool]:
    """The version to read and whether its results may be kept (it exists: nothing can change it)."""
    latest = latest_version(db)
    as_of = latest if as_of is None else int(as_of)
    return as_of, as_of <= latest


def branch_scores(db: Database, period: str, config: Config,
                  as_of: int | None = None) -> pd.DataFrame:
    """One row per branch with a P or a B in ``period`` (a quarter or a year), SPEC §3.

    The period is scored by its own year's rules, or by the what-if method ``config`` asks for
    (:func:`assess.rules.rules_for`); a year's P combines the quarterly mean with the year-end
    evaluation (SPEC §3.16). Columns: those of SPEC §7 in order
    (:data:`assess.scoring.table.COLUMNS`), then :data:`assess.scoring.table.HELPER_COLUMNS`;
    see :func:`assess.scoring.table.score_table` for units and missing values. ``attrs``:
    ``quota`` (the 优秀 quota check), ``quadrant_thresholds``, ``as_of``, ``rules``
    (:meth:`assess.rules.RulesUsed.as_dict`: which rules scored it) and, for a year,
    ``evaluation`` (weight, evaluated and pending branch counts).
    """
    as_of, keep = _versioned(db, as_of)
    rules = rules_for(config, period)

    def compute() -> pd.DataFrame:
        base = db.query(
            "branch_period_scores",
            quarters=period_quarters(period),
            as_of=as_of,
            bonus_cap=float(rules.scoring.bonus_cap),
        )
        if len(base):
            base = base[BASE_COLUMNS]
            if is_year(period):
                base = evaluation.combine(base, year_evaluations(db, period, as_of),
                                          rules.scoring.evaluation_weight)
            table = score_table(base, period, rules)
        else:
            table = empty_table(period, rules)
        table.attrs["as_of"] = as_of
        table.attrs["rules"] = rules_used(config, period).as_dict()
        if is_year(period):
            table.attrs["evaluation"] = {
                "weight": rules.scoring.evaluation_weight,
                "evaluated": int(table["evaluation"].notna().sum()),
                "pending": int(table["evaluation_pending"].fillna(False).sum()),
            }
        return table

    # keyed by the rules the period is scored by (not by the whole configuration): configuring
    # next year's rules leaves a published year's kept result as it is
    return cached(db, ("branch_scores", as_of, period, rules, rules_used(config, period)), keep, compute)


def year_evaluations(db: Database, year: str, as_of: int | None = None) -> pd.DataFrame:
    """The year-end evaluation scores E of ``year`` as of the version: columns branch_id,
    evaluation (0–100); no rows when none is stored (or the store predates them)."""
    as_of, keep = _versioned(db, as_of)
    if not evaluations_stored(db):
        return pd.DataFrame({"branch_id": pd.Series([], dtype="int64"),
                             "evaluation": pd.Series([], dtype=float)})
    return cached(db, ("year_evaluations", as_of, year), keep,
                  lambda: db.query("branch_evaluations", year=year, as_of=as_of))


def evaluations_stored(db: Database) -> bool:
    """Whether the store has the evaluations table (a read-only store of schema 2 has not)."""
    return bool(db.scalar("evaluation_store_present"))


def dimension_rates(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × party dimension of ``period`` (SPEC §3.2; years: quarterly means).

    Columns: committee, branch, branch_id, dimension, rate (0…1), quarters (how many contributed),
    position (for ordering dimensions as in the sheet); names categorical, quarters and position
    int16.
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("dimension_rates", as_of, period), keep, lambda: _narrow(db.query(
        "dimension_rates", quarters=period_quarters(period), as_of=as_of),
        text=("committee", "branch", "dimension"), small=("quarters", "position")))


def indicator_rates(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × indicator of ``period``, for the heat map.

    Columns: committee, branch, branch_id, category, dimension, indicator, position, full_mark,
    rate (score ÷ full mark, 0…1, mean over quarters; NaN where not applicable),
    applicable_quarters; the names are categoricals, position and applicable_quarters int16.
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("indicator_rates", as_of, period), keep, lambda: _narrow(db.query(
        "indicator_rates", quarters=period_quarters(period), as_of=as_of),
        text=("committee", "branch", "category", "dimension", "indicator"),
        small=("position", "applicable_quarters")))


def _narrow(frame: pd.DataFrame, text: Sequence[str], small: Sequence[str] = ()) -> pd.DataFrame:
    """Repeated names as categoricals, small counts as int16: a third of the memory, and faster
    to filter and group (16 rows per branch repeat its committee and branch names)."""
    out = frame.astype({c: "category" for c in text})
    for col in small:
        if len(out) and out[col].notna().all() and out[col].abs().max() < 2 ** 15:
            out[col] = out[col].astype("int16")
    return out


def periods(db: Database, as_of: int | None = None) -> pd.DataFrame:
    """The periods with data: columns period ('YYYYQn' or 'YYYY'), kind ('quarter' | 'year'),
    branches (count). Quarters first, each kind in ascending order."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("periods", as_of), keep, lambda: db.query("available_periods", as_of=as_of))


def branches(db: Database, as_of: int | None = None) -> pd.DataFrame:
    """Every branch with an entry visible as of the version, in any quarter (the options of the
    pickers and of the URL check): committee, branch, branch_id, first_quarter, last_quarter,
    sorted by committee and branch."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("branches", as_of), keep, lambda: db.query("view_branches", as_of=as_of))


def quarter_scores(db: Database, quarters: Sequence[str], config: Config,
                   as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × quarter of ``quarters`` with a P or a B, each quarter scored on its
    own as :func:`branch_scores` scores it (by its year's rules, or the what-if), read a few
    quarters per query (:func:`_batches`): see :func:`assess.scoring.quarterly.quarter_scores`
    for the columns. ``attrs['as_of']``."""
    as_of, keep = _versioned(db, as_of)
    quarters = tuple(quarters)

    def compute() -> pd.DataFrame:
        tables = []
        for year_quarters in _by_year(quarters):
            rules = rules_for(config, year_quarters[0] if year_quarters else "")
            parts = [db.query("branch_quarter_scores", quarters=batch, as_of=as_of,
                              bonus_cap=float(rules.scoring.bonus_cap))
                     for batch in _batches(db, year_quarters, as_of)]
            base = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            tables.append(quarterly.quarter_scores(base, rules))
        table = quarterly.concat(tables)
        table.attrs["as_of"] = as_of
        return table

    return cached(db, ("quarter_scores", as_of, quarters, _rules_key(config, quarters)), keep, compute)


def _by_year(quarters: Sequence[str]) -> list[list[str]]:
    """``quarters`` grouped by year, in order of first appearance (one empty group when none)."""
    groups: dict[str, list[str]] = {}
    for q in quarters:
        groups.setdefault(q[:4], []).append(q)
    return list(groups.values()) or [[]]


def _rules_key(config: Config, quarters: Sequence[str]) -> tuple:
    """The rules each year of ``quarters`` is scored by: a cache key that the rules of other
    years do not change."""
    return tuple((year[0][:4], rules_for(config, year[0])) for year in _by_year(quarters) if year) \
        or (config,)


def _batches(db: Database, quarters: Sequence[str], as_of: int) -> list[list[str]]:
    """``quarters`` in consecutive groups of at most :data:`BRANCH_QUARTERS_PER_QUERY` branch ×
    quarter rows (at least one quarter each; one empty group when there is no quarter). One
    query over twelve quarters of 10,000 branches holds a third more memory at its peak than
    three of four (DuckDB's hash tables), and over 100,000 branches a query per quarter is a
    third faster than one per four: the hash tables stay small."""
    counts = periods(db, as_of).set_index("period")["branches"].to_dict()
    batches: list[list[str]] = [[]]
    rows = 0
    for q in quarters:
        n = int(counts.get(q, 0))
        if batches[-1] and rows + n > BRANCH_QUARTERS_PER_QUERY:
            batches.append([])
            rows = 0
        batches[-1].append(q)
        rows += n
    return batches


def quarter_summary(db: Database, quarters: Sequence[str], config: Config,
                    as_of: int | None = None) -> pd.DataFrame:
    """Per quarter × committee of :func:`quarter_scores`: counts and sums of P, B, C and 过硬
    (:func:`assess.scoring.quarterly.quarter_summary`), what the trends draw."""
    as_of, keep = _versioned(db, as_of)
    quarters = tuple(quarters)
    return cached(db, ("quarter_summary", as_of, quarters, _rules_key(config, quarters)), keep, lambda: quarterly.quarter_summary(
        quarter_scores(db, quarters, config, as_of)))


def changes(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """Changes against the previous period of the same kind (SPEC §3.12).

    One row per branch of ``period``: committee, branch, previous_period, party_score,
    business_score, composite, rank, previous_party_score, previous_business_score,
    previous_composite, previous_rank, delta_party, delta_business, delta_composite (current −
    previous; NaN when either is missing) and delta_rank (previous rank − rank, so positive means
    the branch moved up; <NA> when either is unranked).
    """
    as_of, keep = _versioned(db, as_of)
    rules = (rules_for(config, period), rules_for(config, previous_period(period)))
    return cached(db, ("changes", as_of, period, rules), keep,
                  lambda: _changes(db, period, config, as_of))


def _changes(db: Database, period: str, config: Config, as_of: int) -> pd.DataFrame:
    keys = ["committee", "branch"]
    values = ["party_score", "business_score", "composite", "rank"]
    now = branch_scores(db, period, config, as_of)[keys + values]
    before = branch_scores(db, previous_period(period), config, as_of)[keys + values]
    before = before.rename(columns={v: f"previous_{v}" for v in values})
    out = now.merge(before, on=keys, how="left")
    out.insert(2, "previous_period", previous_period(period))
    out["delta_party"] = out["party_score"] - out["previous_party_score"]
    out["delta_business"] = out["business_score"] - out["previous_business_score"]
    out["delta_composite"] = out["composite"] - out["previous_composite"]
    out["delta_rank"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    return out
