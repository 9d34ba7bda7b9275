"""排名 Ranking: the branch table in the chosen order (exported exactly as shown) and the
rank-shift chart — rank by B alone against rank by C (SPEC §5). Each row carries its main driver
of ΔC (SPEC §3.13), the level a star quota moved it from (SPEC §3.16) and, for a year with
year-end evaluations, the quarterly mean, E and 待测评."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from assess import links, scoring
from assess.db import Database
from assess.views.explain import ranking_drivers
from assess.i18n import t
from assess.periods import is_year
from assess.rules import rules_for, rules_used
from assess.scoring import model
from assess.views.common import Selection, counted, period_changes, period_scores, shown
from assess.views.display import title

RANKING_COLUMNS = ["rank", "branch", "composite", "delta_rank", "stars", "grade", "party_score",
                   "business_score", "coefficient", "driver", "committee", "quadrant", "veto_reason"]
"""Most telling first, so a phone shows rank, branch and C before it scrolls. ``driver``: the main
driver of ΔC in words (:func:`assess.views.explain.ranking_drivers`)."""

QUOTA_COLUMNS = ["quota_moved"]
"""After ``stars`` when the period's rules have a star quota (titled 星级名额): ``4★→3★`` where the quota
moved the branch, empty elsewhere."""

EVALUATION_COLUMNS = ["party_quarter_mean", "evaluation", "evaluation_status"]
"""After ``party_score`` for a year with year-end evaluations: the quarterly mean of P, E (NaN
where none) and 待测评 where the branch has no E."""

SORTS = links.RANKING_SORTS
"""The sort columns (:data:`assess.links.RANKING_SORTS`, the one home of the sort rule)."""

SHIFT_ROWS = 50
"""The most branches the rank-shift chart draws (a row each): beyond that, the best ranked."""


@dataclass
class Ranking:
    """What the ranking page draws.

    ``table``: :data:`RANKING_COLUMNS` (with :data:`QUOTA_COLUMNS` and
    :data:`EVALUATION_COLUMNS` where they apply) of the branches shown, in the order of
    ``sort`` and ``descending`` (unrounded; the export is this table as displayed); ``shift``:
    rank by B (rank_left) against rank by C (rank_right) of the best ranked branches shown
    (committee, branch, rank_left, rank_right; both ranks over the whole period, whoever looks),
    ``shift_shown`` of ``shift_total`` drawn; ``counted``: which committees the table holds
    (empty: all); ``caption``: the table's caption (period · method, branches shown, the rules
    when they are not the defaults, ``counted``); ``sort_titles``: each sortable column's title
    as the table shows it → its sort code (a click on a column header sorts by it)."""

    table: pd.DataFrame
    sort: str
    shift: pd.DataFrame
    shift_shown: int
    shift_total: int
    counted: str = ""
    caption: str = ""
    descending: bool = False
    quota_moved: int = 0
    rules: str = ""
    sort_titles: dict[str, str] = field(default_factory=dict)

    @property
    def limited(self) -> bool:
        """The rank-shift chart leaves branches out."""
        return self.shift_shown < self.shift_total

    @property
    def order(self) -> str:
        """``asc`` / ``desc``: the direction of the table."""
        return "desc" if self.descending else "asc"

    def branch_at(self, row: int) -> tuple[str, str]:
        """(committee, branch) of the table's ``row`` (0-based, in the order shown)."""
        return str(self.table["committee"].iloc[row]), str(self.table["branch"].iloc[row])

    def choices_after_click(self, column_title: str) -> links.ViewChoices | None:
        """The sort a click on the header ``column_title`` asks for: that column in its natural
        direction, or the other direction when the table is already sorted by it; None for a
        column the ranking does not sort by."""
        code = self.sort_titles.get(column_title)
        if code is None:
            return None
        if code == self.sort:
            flipped = "asc" if self.descending else "desc"
            return links.ViewChoices(sort=code, order=flipped)
        return links.ViewChoices(sort=code)


def link_params(choices: links.ViewChoices) -> dict[str, str | None]:
    """What the address bar holds for ``choices``: ``sort`` and ``order`` → value, or None for
    a parameter to leave out (a default, as :meth:`assess.links.ViewChoices.query` says)."""
    pairs = dict(choices.query())
    return {"sort": pairs.get("sort"), "order": pairs.get("order")}


def choices_of(sel: Selection, choices: links.ViewChoices | None = None) -> links.ViewChoices:
    """The view choices the ranking follows: ``choices`` when given, else the selection's (the
    link's ``sort`` and ``order``), else the defaults."""
    if choices is not None:
        return choices
    return getattr(sel, "choices", None) or links.ViewChoices()


def build(db: Database, sel: Selection, choices: links.ViewChoices | None = None) -> Ranking:
    """The ranking of ``sel.period`` sorted by ``choices.sort`` (one of :data:`SORTS`; rank
    otherwise) in ``choices.descending`` order — ``sel.choices`` (the link's) when not given."""
    choices = choices_of(sel, choices)
    sort = choices.sort if choices.sort in SORTS else links.DEFAULT_SORT
    descending = choices.descending if choices.sort in SORTS else False
    # the rank by B is a rank: over every branch of the period, like the rank by C beside it
    everyone = scoring.branch_scores(db, sel.period, sel.config, as_of=sel.as_of)
    rules = rules_for(sel.config, sel.period)
    quota = bool(rules.scoring.star_quota)
    evaluated = is_year(sel.period) and bool(everyone["evaluation"].notna().any())
    scores = shown(sel, period_scores(db, sel))
    drivers = ranking_drivers(db, sel.period, sel.config, sel.lang, as_of=sel.as_of)
    table = ranking(scores, period_changes(db, sel), drivers, lang=sel.lang, quota=quota, evaluation=evaluated)
    table = sort_ranking(table, sort, descending)
    shift = best_ranked(shown(sel, rank_shift(everyone)), SHIFT_ROWS)
    used = rules_used(sel.config, sel.period)
    rules_text = used.label(sel.lang) if (used.what_if or used.year_rules) else ""
    moved = int((table["quota_moved"] != "").sum()) if quota else 0
    caption = " ".join(filter(None, (sel.tr("ui.ranking.caption", context=sel.context(method=rules.method), n=len(table)),
                                     sel.tr("ranking.rules", rules=rules_text) if rules_text else "",
                                     sel.tr("ranking.quota_note", n=moved) if moved else "",
                                     counted(sel))))
    return Ranking(table=table, sort=sort, shift=shift, shift_shown=shift.attrs["shown"],
                   shift_total=shift.attrs["branches"], counted=counted(sel), caption=caption,
                   descending=descending, quota_moved=moved, rules=rules_text,
                   sort_titles={title(code, sel.lang): code for code in SORTS})


def ranking(scores: pd.DataFrame, changes: pd.DataFrame | None = None, drivers: pd.DataFrame | None = None,
            lang: str = "zh", quota: bool = False, evaluation: bool = False) -> pd.DataFrame:
    """The ranking table (unrounded): :data:`RANKING_COLUMNS`, in the order of ``scores``;
    with :data:`QUOTA_COLUMNS` after ``stars`` when ``quota`` and :data:`EVALUATION_COLUMNS`
    after ``party_score`` when ``evaluation``. ``drivers``: rows of
    :func:`assess.views.explain.ranking_drivers`, joined on committee and branch (empty text
    where a branch has none)."""
    out = scores.copy()
    if changes is not None and not changes.empty:
        out = out.merge(changes[["committee", "branch", "delta_rank"]], on=["committee", "branch"], how="left")
    else:
        out["delta_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    by_branch = {} if drivers is None else dict(zip(
        zip(drivers["committee"].astype(str), drivers["branch"].astype(str)), drivers["driver"]))
    out["driver"] = [_text(by_branch.get((str(c), str(b)))) for c, b in zip(out["committee"], out["branch"])]
    columns = list(RANKING_COLUMNS)
    if quota:
        out["quota_moved"] = quota_texts(out["stars_before_quota"], out["stars"], lang)
        columns[columns.index("stars") + 1:columns.index("stars") + 1] = QUOTA_COLUMNS
    if evaluation:
        pending = out["evaluation_pending"].astype("boolean").fillna(False).to_numpy(dtype=bool)
        out["evaluation_status"] = np.where(pending, t("rules.pending", lang), "").astype(object)
        at = columns.index("party_score") + 1
        columns[at:at] = EVALUATION_COLUMNS
    return out[columns].reset_index(drop=True)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def quota_texts(before: pd.Series, after: pd.Series, lang: str) -> list[str]:
    """``4★→3★`` where a star quota moved a branch (its stars before the quota differ
    from its stars), empty elsewhere."""
    out = []
    for b, a in zip(before.astype("Int64"), after.astype("Int64")):
        moved = b is not pd.NA and a is not pd.NA and int(b) != int(a)
        out.append(t("ranking.quota_moved", lang, before=int(b), after=int(a)) if moved else "")
    return out


def sort_ranking(table: pd.DataFrame, by: str, descending: bool | None = None) -> pd.DataFrame:
    """The ranking table sorted by one column: ``descending`` or, when None, the column's
    natural direction (:data:`assess.links.RANKING_DESCENDING`: scores and rank gains highest
    first, rank and committee ascending); ties keep rank order; missing values last."""
    if by not in table.columns:
        by, descending = "rank", None
    if descending is None:
        descending = by in links.RANKING_DESCENDING
    keys = [by] + (["rank"] if by != "rank" else []) + ["committee", "branch"]
    ascending = [not descending] + [True] * (len(keys) - 1)
    return table.sort_values(keys, ascending=ascending, na_position="last", kind="stable").reset_index(drop=True)


def rank_shift(scores: pd.DataFrame) -> pd.DataFrame:
    """Rank by B alone (left) against rank by C (right) over the ranked branches of the period:
    committee, branch, rank_left, rank_right."""
    ranked = scores[scores["rank"].notna()]
    return pd.DataFrame({
        "committee": ranked["committee"].to_numpy(),
        "branch": ranked["branch"].to_numpy(),
        "rank_left": model.competition_rank(ranked["business_score"].to_numpy(dtype=float)),
        "rank_right": ranked["rank"].to_numpy(dtype=float, na_value=np.nan),
    })


def best_ranked(shift: pd.DataFrame, limit: int = SHIFT_ROWS) -> pd.DataFrame:
    """The ``limit`` rows of a rank shift best ranked by C (ties by the left rank), all when
    there are no more; ranks unchanged. ``attrs``: ``branches`` (rows given), ``shown``."""
    out = shift
    if len(shift) > limit:
        out = shift.sort_values(["rank_right", "rank_left"], kind="stable").head(limit).reset_index(drop=True)
    out = out.copy(deep=False)
    out.attrs.update(branches=len(shift), shown=len(out))
    return out
