"""方法 Method: the chosen method and its parameters against the default, the K curve, how the
ranking moves against the default method, and the rules in words (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from assess.config import Config, Method
from assess.db import Database
from assess.i18n import t
from assess.links import NUMBERS, format_number, format_tiers
from assess.scoring import model
from assess.views.common import Selection, counted, in_committees, method_label, period_scores
from assess.views.ranking import SHIFT_ROWS, best_ranked

PARAMETERS: dict[str, tuple[str, ...]] = {
    "ratio": ("vetok",),
    "tiered": ("tiers", "floor", "vetok"),
    "linear": ("slope", "pivot", "kmin", "kmax", "vetok"),
}
"""The parameters (URL names, :data:`assess.links.NUMBERS` plus ``tiers``) each method uses; the
veto cap applies to every method. The sidebar's inputs and the parameter table follow it."""

WORDS = ("category", "dimension", "veto_rule", "composite", "stars", "grade", "rank", "quadrant",
         "correlation", "year")


@dataclass
class MethodView:
    """What the method page draws.

    ``chosen_title``, ``formula``, ``veto``: the chosen method in words; ``parameters``: its
    parameters against the default (parameter, value, default, changed); ``k_curve``
    (party_score, coefficient, series, step) and ``k_context``; ``shift_note``: why there is no
    rank shift (``ui.empty.short`` / ``ui.method.same_as_default`` text) or None; ``shift``
    (committee, branch, rank_left, rank_right, delta) of the best ranked branches shown,
    ``moved`` of ``compared`` branches shown change rank, ``shift_shown`` of ``shift_total``
    drawn; ``moved_text`` says so (and which committees it counts); ``words``: the rules in
    words, one line each."""

    chosen_title: str
    formula: str
    veto: str
    parameters: pd.DataFrame
    k_curve: pd.DataFrame
    k_context: str
    shift_note: str | None
    shift: pd.DataFrame | None = None
    moved: int = 0
    compared: int = 0
    shift_shown: int = 0
    shift_total: int = 0
    moved_text: str = ""
    words: list[str] = field(default_factory=list)

    @property
    def limited(self) -> bool:
        return self.shift_shown < self.shift_total


def build(db: Database, sel: Selection) -> MethodView:
    m, d = sel.method, sel.default_config.method
    label = method_label(m, sel.lang)
    out = MethodView(
        chosen_title=f"{sel.tr('ui.method.chosen')}{'：' if sel.lang == 'zh' else ': '}{label}",
        formula=sel.tr(f"ui.formula.{m.name}", tiers=format_tiers(m.tiers), floor=m.tier_floor, slope=m.slope,
                       pivot=m.pivot, kmin=m.k_min, kmax=m.k_max),
        veto=sel.tr("ui.formula.veto", vetok=m.veto_k),
        parameters=method_parameters(m, d),
        k_curve=k_curve(m, d, (sel.tr("ui.method.chosen_series", name=label),
                               sel.tr("ui.method.default_series", name=method_label(d, sel.lang)))),
        k_context=sel.context(sel.period or "—"),
        shift_note=None,
    )
    numbers = rule_params(sel.config, sel.lang)
    out.words = [sel.tr(f"ui.words.{key}", **numbers) for key in WORDS]
    if sel.empty:
        out.shift_note = sel.tr("ui.empty.short")
    elif m == d:
        out.shift_note = sel.tr("ui.method.same_as_default")
    else:
        shift = in_committees(method_shift(period_scores(db, sel, config=sel.default_config), period_scores(db, sel)),
                              sel.committees)
        out.moved, out.compared = int((shift["delta"].abs() > 0).sum()), len(shift)
        out.moved_text = " ".join(filter(None, (sel.tr("ui.method.moved", moved=out.moved, n=out.compared),
                                                counted(sel))))
        out.shift = best_ranked(shift, SHIFT_ROWS)
        out.shift_shown, out.shift_total = out.shift.attrs["shown"], out.shift.attrs["branches"]
    return out


def method_parameters(method: Method, default: Method) -> pd.DataFrame:
    """The numbers of a method against the default: parameter (URL name), value, default, changed.
    Only the parameters the method uses (:data:`PARAMETERS`)."""
    rows = []
    for name in PARAMETERS[method.name]:
        if name == "tiers":
            value, base = format_tiers(method.tiers), format_tiers(default.tiers)
        else:
            attr = NUMBERS[name][0]
            value, base = format_number(getattr(method, attr)), format_number(getattr(default, attr))
        rows.append({"parameter": name, "value": value, "default": base, "changed": value != base})
    return pd.DataFrame(rows, columns=["parameter", "value", "default", "changed"])


def k_curve(method: Method, default: Method, labels: Sequence[str]) -> pd.DataFrame:
    """K against P from 40 to 105 for ``method`` and ``default`` (labels in that order):
    party_score, coefficient, series, step (True for the tiered staircase)."""
    p = np.round(np.arange(40, 105.01, 0.25), 2)
    frames = []
    for m, label in zip((method, default), labels):
        k = model.coefficient(p, np.zeros(p.shape, dtype=bool), m)
        frames.append(pd.DataFrame({"party_score": p, "coefficient": k, "series": label, "step": m.name == "tiered"}))
    return pd.concat(frames, ignore_index=True)


def method_shift(default_scores: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Rank under the default method (left) against the chosen method (right):
    committee, branch, rank_left, rank_right, delta (left − right: positive = moved up)."""
    left = default_scores[["committee", "branch", "rank"]].rename(columns={"rank": "rank_left"})
    right = scores[["committee", "branch", "rank"]].rename(columns={"rank": "rank_right"})
    out = left.merge(right, on=["committee", "branch"], how="inner")
    out["rank_left"] = out["rank_left"].astype("Float64").astype(float)
    out["rank_right"] = out["rank_right"].astype("Float64").astype(float)
    out["delta"] = out["rank_left"] - out["rank_right"]
    return out


def rule_params(config: Config, lang: str) -> dict[str, str]:
    """The numbers the rules in words quote, from the configuration (so the words never drift
    from the scoring): bonus_cap, standard_p, dimension_rate, stars, solid_stars, target, grades,
    grade_floor, veto_grade, quota."""
    s = config.scoring
    pct = lambda x: f"{x:.0%}"  # noqa: E731
    return {
        "bonus_cap": f"{s.bonus_cap:g}",
        "standard_p": f"{s.standard_p:g}",
        "dimension_rate": pct(s.standard_dimension_rate),
        "stars": ", ".join(f"≥ {p:g} → {n}★" for p, n in s.star_bands),
        "solid_stars": str(s.solid_stars),
        "target": pct(s.solid_target),
        "grades": ", ".join(f"{t(f'ui.grade.{g}', lang)} ≥ {c:g}" for c, g in s.grade_bands),
        "grade_floor": t(f"ui.grade.{s.grade_floor}", lang),
        "veto_grade": t(f"ui.grade.{s.veto_grade_cap}", lang),
        "quota": pct(s.excellent_quota),
    }
