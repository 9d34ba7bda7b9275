"""From the store to tidy DataFrames: the scoring API the views and the CLI call.

Every function reads through :meth:`assess.db.Database.query` and takes ``as_of``: the data
version to read (None = the latest). Numbers are always computed over the whole period and all
committees; callers filter rows afterwards (SPEC §3: filters never change numbers). Results are
kept per data version (:mod:`assess.scoring.cache`): what a version shows never changes.
"""

from __future__ import annotations

import pandas as pd

from assess.config import Config
from assess.db import Database
from assess.periods import period_quarters, previous_period
from assess.scoring.cache import cached
from assess.scoring.table import BASE_COLUMNS, empty_table, score_table


def latest_version(db: Database) -> int:
    """The latest data version; 0 when nothing is stored."""
    return int(db.scalar("data_version") or 0)


def resolve_as_of(db: Database, as_of: int | None) -> int:
    """``as_of`` itself, or the latest version when None."""
    return latest_version(db) if as_of is None else int(as_of)


def _versioned(db: Database, as_of: int | None) -> tuple[int, bool]:
    """The version to read and whether its results may be kept (it exists: nothing can change it)."""
    latest = latest_version(db)
    as_of = latest if as_of is None else int(as_of)
    return as_of, as_of <= latest


def branch_scores(db: Database, period: str, config: Config,
                  as_of: int | None = None) -> pd.DataFrame:
    """One row per branch with a P or a B in ``period`` (a quarter or a year), SPEC §3.

    Columns: those of SPEC §7 in order (:data:`assess.scoring.table.COLUMNS`), then
    ``branch_id, min_dimension_rate, party_quarters, business_quarters, quadrant_p_threshold,
    quadrant_b_threshold``; see :func:`assess.scoring.table.score_table` for units and missing
    values. ``attrs``: ``quota`` (the 优秀 quota check), ``quadrant_thresholds``, ``as_of``.
    """
    as_of, keep = _versioned(db, as_of)

    def compute() -> pd.DataFrame:
        base = db.query(
            "branch_period_scores",
            quarters=period_quarters(period),
            as_of=as_of,
            bonus_cap=float(config.scoring.bonus_cap),
        )
        if len(base):
            table = score_table(base[BASE_COLUMNS], period, config)
        else:
            table = empty_table(period, config)
        table.attrs["as_of"] = as_of
        return table

    return cached(db, ("branch_scores", as_of, period, config), keep, compute)


def dimension_rates(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × party dimension of ``period`` (SPEC §3.2; years: quarterly means).

    Columns: committee, branch, branch_id, dimension, rate (0…1), quarters (how many contributed),
    position (for ordering dimensions as in the sheet).
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("dimension_rates", as_of, period), keep, lambda: db.query(
        "dimension_rates", quarters=period_quarters(period), as_of=as_of))


def indicator_rates(db: Database, period: str, as_of: int | None = None) -> pd.DataFrame:
    """One row per branch × indicator of ``period``, for the heat map.

    Columns: committee, branch, branch_id, category, dimension, indicator, position, full_mark,
    rate (score ÷ full mark, 0…1, mean over quarters; NaN where not applicable),
    applicable_quarters.
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("indicator_rates", as_of, period), keep, lambda: db.query(
        "indicator_rates", quarters=period_quarters(period), as_of=as_of))


def periods(db: Database, as_of: int | None = None) -> pd.DataFrame:
    """The periods with data: columns period ('YYYYQn' or 'YYYY'), kind ('quarter' | 'year'),
    branches (count). Quarters first, each kind in ascending order."""
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("periods", as_of), keep, lambda: db.query("available_periods", as_of=as_of))


def changes(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """Changes against the previous period of the same kind (SPEC §3.12).

    One row per branch of ``period``: committee, branch, previous_period, party_score,
    business_score, composite, rank, previous_party_score, previous_business_score,
    previous_composite, previous_rank, delta_party, delta_business, delta_composite (current −
    previous; NaN when either is missing) and delta_rank (previous rank − rank, so positive means
    the branch moved up; <NA> when either is unranked).
    """
    as_of, keep = _versioned(db, as_of)
    return cached(db, ("changes", as_of, period, config), keep,
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
