"""What a 通报 says, gathered once for a view (SPEC §5 "通报"): the frames and numbers every
writer (Word, PDF, Excel) renders, all from the scoring engine — nothing is scored here.

Numbers are those of the whole period (ranks, medians, verdicts); the viewer's scope and the
chosen committees only choose which branches are shown and counted, as on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Sequence
from urllib.parse import urlencode, urlsplit

import pandas as pd

from assess import scoring, views
from assess.config import Config, Method
from assess.db import Database
from assess.links import LinkState
from assess.periods import previous_period
from assess.scoring.engine import resolve_as_of

MOVERS = 10
"""How many risers and how many fallers the largest-movers section lists."""
WEAKEST = 8
"""How many indicators the weakest-indicators section lists."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Report:
    """The content of one 通报. Frames hold unrounded numbers; writers format them.

    ``scores``: the shown branches' rows of :func:`assess.scoring.branch_scores` (rank order).
    ``tiles``: :func:`assess.views.kpi_tiles` (key, value, previous, delta).
    ``summary``: :func:`assess.scoring.committee_summary` rows of the shown committees, best
    mean C first (the order of the committee chart, table and sections).
    ``changes``: :func:`assess.scoring.changes` rows of the shown branches.
    ``weakest``: :func:`assess.views.weakest_indicators` over the shown branches.
    """

    period: str
    previous: str
    method: Method
    default_method: Method
    config: Config
    as_of: int
    latest: int
    committees: tuple[str, ...]
    scope: tuple[str, ...] | None
    link: str
    made_at: dt.datetime
    scores: pd.DataFrame
    kpis: dict
    previous_kpis: dict | None
    tiles: pd.DataFrame
    quota: dict
    summary: pd.DataFrame
    correlation: float | None
    changes: pd.DataFrame
    weakest: pd.DataFrame
    grades: pd.DataFrame
    stars: pd.DataFrame
    vetoes: pd.DataFrame
    two_skins: pd.DataFrame
    parameters: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def shown_committees(self) -> list[str]:
        """The committees the report counts (chosen ones, else all the viewer may see), sorted."""
        return sorted(set(self.scores["committee"].astype(str)))

    @property
    def empty(self) -> bool:
        return self.scores.empty


def _visible(df: pd.DataFrame, scope: Sequence[str] | None, committees: Sequence[str]) -> pd.DataFrame:
    """The rows the viewer may see (``scope``: None = all) of the chosen committees."""
    if scope is not None and "committee" in df.columns:
        df = df[df["committee"].isin(list(scope))].reset_index(drop=True)
    return views.only(df, committees)


def build_report(db: Database, period: str, config: Config, *, committees: Sequence[str] = (),
                 as_of: int | None = None, scope: Sequence[str] | None = None, link: str = "",
                 default_method: Method | None = None, made_at: dt.datetime | None = None,
                 progress: Progress | None = None) -> Report:
    """The 通报 of ``period`` under ``config``'s method, as of data version ``as_of`` (None:
    the latest), for the committees ``committees`` (none: all) of those ``scope`` allows (None:
    every committee). ``progress`` is told each step (for a progress display)."""
    step = progress or (lambda _key: None)
    latest = scoring.latest_version(db)
    as_of = resolve_as_of(db, as_of)
    scope = None if scope is None else tuple(scope)
    committees = tuple(c for c in committees if scope is None or c in scope)
    step("scores")
    whole = scoring.branch_scores(db, period, config, as_of)
    visible = _visible(whole, scope, ())
    shown = views.only(visible, committees)
    before_period = previous_period(period)
    before = _visible(scoring.branch_scores(db, before_period, config, as_of), scope, committees)
    now = scoring.kpis(shown, config)
    prev = scoring.kpis(before, config) if len(before) else None
    step("changes")
    changes = _visible(scoring.changes(db, period, config, as_of), scope, committees)
    step("indicators")
    rates = _visible(scoring.indicator_rates(db, period, as_of), scope, committees)
    corr = scoring.correlations(shown, config) if len(shown) else None
    default = default_method or config.method
    return Report(
        period=period, previous=before_period, method=config.method, default_method=default,
        config=config, as_of=as_of, latest=latest, committees=committees, scope=scope, link=link,
        made_at=made_at or dt.datetime.now().replace(microsecond=0), scores=shown, kpis=now,
        previous_kpis=prev, tiles=views.kpi_tiles(now, prev),
        quota=scoring.quota_warning(visible, config),
        summary=views.only(scoring.committee_summary(visible, config), committees).sort_values(
            ["composite_mean", "committee"], ascending=[False, True], na_position="last", kind="stable"
        ).reset_index(drop=True),
        correlation=views.overall_correlation(corr) if corr is not None else None,
        changes=changes, weakest=views.weakest_indicators(rates, WEAKEST) if len(rates) else
        views.weakest_indicators(pd.DataFrame(), WEAKEST),
        grades=views.grade_distribution(shown), stars=views.star_distribution(shown),
        vetoes=views.vetoes(shown), two_skins=views.two_skins(shown),
        parameters=views.method_parameters(config.method, default),
    )


def movers(report: Report, n: int = MOVERS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` largest rises and the ``n`` largest falls of C against the previous period
    (branches with C in both): committee, branch, previous_composite, composite,
    delta_composite, delta_party, delta_business, delta_rank. Ties by committee and branch.

    Kept apart so that the explanation of each change (its main driver, SPEC §3.13) can join
    here once it exists."""
    cols = ["committee", "branch", "previous_composite", "composite", "delta_composite",
            "delta_party", "delta_business", "delta_rank"]
    ch = report.changes
    if ch.empty:
        empty = pd.DataFrame(columns=cols)
        return empty, empty
    both = ch[ch["delta_composite"].notna()]
    rises = both[both["delta_composite"] > 0].sort_values(
        ["delta_composite", "committee", "branch"], ascending=[False, True, True], kind="stable")
    falls = both[both["delta_composite"] < 0].sort_values(
        ["delta_composite", "committee", "branch"], ascending=[True, True, True], kind="stable")
    return rises[cols].head(n).reset_index(drop=True), falls[cols].head(n).reset_index(drop=True)


def view_link(base: str | None, period: str, committees: Sequence[str], method: Method,
              default_method: Method, as_of: int | None, latest: int, lang: str = "zh",
              page: str = "overview") -> str:
    """The share link of a view, as the dashboard's copy-link writes it (SPEC §6): ``base``
    (the dashboard's address; empty: a relative link) with the view's query string; the
    version only when pinned to an older one."""
    from assess.i18n import t

    pinned = as_of if as_of and as_of != latest else None
    state = LinkState(period=period, committees=tuple(committees), method=method, lang=lang, version=pinned)
    label = t(f"ui.method.{method.name}", lang)
    query = urlencode(state.query(default_method, method_label=label))
    base = (base or "").rstrip("?")
    if base and not urlsplit(base).path:
        base += "/"
    if not base:
        base = f"/{page}" if page != "overview" else "/"
    return f"{base}?{query}" if query else base
