"""What a 通报 says, gathered once for a view (SPEC §5 "通报"): the frames and numbers every
writer (Word, PDF, Excel) renders, all from the scoring engine — nothing is scored here.

Numbers are those of the whole period (ranks, medians, verdicts); the viewer's scope and the
chosen committees only choose which branches are shown and counted, as on the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence
from urllib.parse import urlencode, urlsplit

import pandas as pd

from assess import scoring
from assess.config import Config, Method
from assess.db import Database
from assess.links import LinkState
from assess.periods import is_year, previous_period
from assess.rules import RulesUsed, official, rules_used
from assess.scoring import explain
from assess.views import common, indicators, integration, method, overview
from assess.views.common import Selection
from assess.views.display import Tile

from assess.views.explain import driver_text

MOVERS = 10
"""How many risers and how many fallers the largest-movers section lists."""
WEAKEST = indicators.WEAKEST
"""How many indicators the weakest-indicators section lists."""

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Report:
    """The content of one 通报. Frames hold unrounded numbers; writers format them.

    ``scores``: the shown branches' rows of :func:`assess.scoring.branch_scores` (rank order).
    ``kpis`` / ``previous_kpis``: :func:`assess.scoring.kpis` of the shown rows (SPEC §3: what
    is counted counts the rows shown); ``tiles``: :func:`assess.views.overview.kpi_tiles`;
    ``quota`` / ``target``: the overview's verdicts. ``summary``: committee rows of the shown
    committees, best mean C first. ``changes``: :func:`assess.scoring.explain.changes` rows of
    the shown branches (the explanation of each change joins from there). ``weakest``:
    :func:`assess.views.indicators.weakest_indicators` over the shown branches. ``rules``: which
    rules scored the period (``what_if`` True when the method is not the period's official one).
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
    tiles: list[Tile]
    quota: overview.Verdict
    summary: pd.DataFrame
    correlation: float | None
    changes: pd.DataFrame
    weakest: pd.DataFrame
    grades: pd.DataFrame
    stars: pd.DataFrame
    vetoes: pd.DataFrame
    two_skins: pd.DataFrame
    parameters: pd.DataFrame = field(default_factory=pd.DataFrame)
    rules: RulesUsed | None = None
    target: overview.Verdict | None = None
    evaluation: dict | None = None  # a year: weight, evaluated, pending (branch_scores' attrs)

    @property
    def shown_committees(self) -> list[str]:
        """The committees the report counts (chosen ones, else all the viewer may see), sorted."""
        return sorted(set(self.scores["committee"].astype(str)))

    @property
    def empty(self) -> bool:
        return self.scores.empty

    @property
    def what_if(self) -> bool:
        return bool(self.rules and self.rules.what_if)

    def rules_label(self, lang: str) -> str:
        """Which rules scored the period, in words (a what-if says it is not official)."""
        return self.rules.label(lang) if self.rules else ""

    @property
    def tile(self) -> dict[str, Tile]:
        return {t.key: t for t in self.tiles}

    @property
    def is_year(self) -> bool:
        return is_year(self.period)

    @property
    def weighs_evaluation(self) -> bool:
        """A year whose P takes the year-end evaluation in: its weight is above 0 and some
        branch has an E or awaits one (a year without any stored evaluation is the mean alone)."""
        ev = self.evaluation or {}
        return self.is_year and bool(ev.get("weight")) and bool(ev.get("evaluated") or ev.get("pending"))

    @property
    def star_quota(self) -> tuple[tuple[int, float], ...]:
        """The star quota of the rules that scored the period (none: no quota)."""
        return tuple(self.config.scoring.star_quota) if self.config.scoring.star_quota else ()

    @property
    def quota_moved(self) -> pd.DataFrame:
        """The shown branches the star quota moved down: committee, branch, party_score,
        stars_before_quota, stars (rank order)."""
        cols = ["committee", "branch", "party_score", "stars_before_quota", "stars"]
        s = self.scores
        if s.empty or "stars_before_quota" not in s.columns:
            return pd.DataFrame(columns=cols)
        moved = s["stars"].notna() & s["stars_before_quota"].notna() & (
            s["stars"].astype("Float64") != s["stars_before_quota"].astype("Float64")).fillna(False)
        return s.loc[moved.astype(bool), cols].reset_index(drop=True)


def selection(db: Database, period: str, config: Config, *, committees: Sequence[str] = (),
              as_of: int | None = None, scope: Sequence[str] | None = None,
              default_method: Method | None = None, lang: str = "zh") -> Selection:
    """The :class:`~assess.views.common.Selection` of a report asked for by name (the command,
    tests): the viewer's ``scope`` (None: every committee), the chosen ``committees`` of it,
    data version ``as_of`` (None: the latest)."""
    latest = scoring.latest_version(db)
    as_of = latest if as_of is None else as_of
    scope = None if scope is None else tuple(scope)
    default = config if default_method is None else replace(config, method=default_method, what_if=None)
    return Selection(lang=lang, period=period, committees=tuple(c for c in committees if scope is None or c in scope),
                     config=config, default_config=default, as_of=as_of, latest=latest,
                     period_options=tuple(common.stored_periods(db, as_of)), scope=scope)


def build_report(db: Database, period: str, config: Config, *, committees: Sequence[str] = (),
                 as_of: int | None = None, scope: Sequence[str] | None = None, link: str = "",
                 default_method: Method | None = None, made_at: dt.datetime | None = None,
                 progress: Progress | None = None) -> Report:
    """The 通报 of ``period`` under ``config``, as of data version ``as_of`` (None: the latest),
    for the committees ``committees`` (none: all) of those ``scope`` allows (None: every
    committee). ``progress`` is told each step (for a progress display)."""
    sel = selection(db, period, config, committees=committees, as_of=as_of, scope=scope,
                    default_method=default_method)
    return report_of(db, sel, link=link, made_at=made_at, progress=progress)


def rules_of(sel: Selection) -> RulesUsed:
    """Which rules score ``sel.period``; a what-if when the method differs from the period's
    official one — asked for as a what-if (:func:`assess.rules.with_what_if_method`) or as a
    method other than the default configuration's (the sidebar's switch)."""
    used = rules_used(sel.config, sel.period)
    if used.what_if:
        return used
    default = official(sel.default_config, sel.period).method
    if used.method != default:
        return replace(used, what_if=True, official_method=default)
    return used


def report_of(db: Database, sel: Selection, *, link: str = "", made_at: dt.datetime | None = None,
              progress: Progress | None = None) -> Report:
    """The 通报 of exactly the view ``sel`` (requires a period): the overview's, integration's,
    indicators' and method's view functions over the same rows the dashboard shows."""
    step = progress or (lambda _key: None)
    period, config = sel.period, sel.config
    step("scores")
    scores = common.period_scores(db, sel)
    shown = common.shown(sel, scores)
    over = overview.build(db, sel)
    before_period = previous_period(period)
    before = None
    if over.previous_period:
        rows = common.shown(sel, common.period_scores(db, sel, before_period))
        before = scoring.kpis(rows, config) if len(rows) else None
    together = integration.build(db, sel)
    step("changes")
    changes = common.shown(sel, explain.changes(db, period, config, sel.as_of))
    step("indicators")
    weakest = indicators.weakest_indicators(common.shown(sel, common.indicator_rates(db, sel)), WEAKEST)
    rules = rules_of(sel)
    summary = common.in_committees(scoring.committee_summary(scores, config), sel.committees)
    return Report(
        period=period, previous=before_period, method=rules.method, default_method=rules.official_method,
        config=replace(config, scoring=rules.scoring), as_of=sel.as_of, latest=sel.latest,
        committees=tuple(sel.committees), scope=sel.scope, link=link,
        made_at=made_at or dt.datetime.now().replace(microsecond=0), scores=shown,
        kpis=scoring.kpis(shown, config), previous_kpis=before, tiles=over.tiles, quota=over.quota,
        target=over.target,
        summary=summary.sort_values(["composite_mean", "committee"], ascending=[False, True], na_position="last",
                                    kind="stable").reset_index(drop=True),
        correlation=together.correlation, changes=changes, weakest=weakest, grades=over.grades,
        stars=over.stars, vetoes=over.vetoes, two_skins=together.two_skins,
        parameters=method.method_parameters(rules.method, rules.official_method), rules=rules,
        evaluation=scores.attrs.get("evaluation") if is_year(period) else None,
    )


def movers(report: Report, n: int = MOVERS, lang: str = "zh") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` largest rises and the ``n`` largest falls of C against the previous period
    (branches with C in both): committee, branch, previous_composite, composite,
    delta_composite, delta_party, delta_business, delta_rank, main_driver ('K' / 'B') and
    driver — the main driver of the change in words (SPEC §3.13, the explanations'
    :func:`driver_text`, e.g. ``党建(K)：三会一课 −3.2``). Ties by committee and branch."""
    cols = ["committee", "branch", "previous_composite", "composite", "delta_composite",
            "delta_party", "delta_business", "delta_rank", "main_driver", "driver"]
    ch = report.changes
    if ch.empty:
        empty = pd.DataFrame(columns=cols)
        return empty, empty
    both = ch[ch["delta_composite"].notna()]
    rises = both[both["delta_composite"] > overview.EPS].sort_values(
        ["delta_composite", "committee", "branch"], ascending=[False, True, True], kind="stable").head(n)
    falls = both[both["delta_composite"] < -overview.EPS].sort_values(
        ["delta_composite", "committee", "branch"], ascending=[True, True, True], kind="stable").head(n)

    def words(rows: pd.DataFrame) -> pd.DataFrame:
        rows = rows.assign(driver=[driver_text(r, lang) for r in rows.to_dict("records")])
        return rows[cols].reset_index(drop=True)

    return words(rises), words(falls)


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
