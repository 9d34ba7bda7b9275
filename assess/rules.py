"""Which rules score a period (SPEC §3.16): its own year's official rules, or a what-if.

A period (``YYYYQn`` or ``YYYY``) is scored by ``[method]`` / ``[scoring]`` with its year's
``[rules.YYYY.*]`` settings over them; a what-if (:func:`assess.config.with_what_if`) changes
only the method, over those official rules. So a published year never changes when next year's
rules are configured, and every result can say which rules it used (:class:`RulesUsed`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from assess.config import Config, Method, Scoring
from assess.i18n import t

METHOD_PARAMETERS = {
    "ratio": ("veto_k",),
    "tiered": ("tiers", "tier_floor", "veto_k"),
    "linear": ("slope", "pivot", "k_min", "k_max", "veto_k"),
}
"""The settings of each method, in the order a label names them."""


def year_of(period: str) -> str:
    """``"2025Q3"`` or ``"2025"`` → ``"2025"``."""
    return period[:4]


def official(config: Config, period: str) -> Config:
    """The official rules of ``period``'s year: ``config``'s method and scoring with the year's
    ``[rules.YYYY.*]`` settings applied; no per-year rules and no what-if left in it."""
    year = year_of(period)
    method, scoring = config.method, config.scoring
    for rules in config.rules:
        if rules.year == year:
            method = replace(method, **dict(rules.method))
            scoring = replace(scoring, **dict(rules.scoring))
    return Config(method=method, scoring=scoring, limits=config.limits)


def rules_for(config: Config, period: str) -> Config:
    """The rules ``period`` is scored by: :func:`official`, with the what-if method over it when
    ``config`` asks for one."""
    chosen = official(config, period)
    if config.what_if:
        chosen = replace(chosen, method=replace(chosen.method, **dict(config.what_if)))
    return chosen


def with_what_if_method(config: Config, method: Method | None) -> Config:
    """``config`` asking for the whole ``method`` as a what-if over every period (the
    dashboard's method switch holds a full :class:`Method`); None → the official rules."""
    if method is None:
        return without_what_if(config)
    return replace(config, what_if=tuple((f.name, getattr(method, f.name)) for f in fields(Method)))


def without_what_if(config: Config) -> Config:
    """``config`` back to the official rules (the dashboard's one click back)."""
    return replace(config, what_if=None)


def has_year_rules(config: Config, period: str) -> bool:
    """Whether ``[rules.YYYY.*]`` names ``period``'s year."""
    year = year_of(period)
    return any(r.year == year and (r.method or r.scoring) for r in config.rules)


@dataclass(frozen=True)
class RulesUsed:
    """What scored a period: ``what_if`` is True only when the method differs from the official
    one; ``year_rules`` when the year has its own ``[rules.YYYY.*]`` settings."""

    period: str
    year: str
    what_if: bool
    year_rules: bool
    method: Method
    scoring: Scoring
    official_method: Method

    def label(self, lang: str = "zh") -> str:
        """E.g. "2025 年度正式规则" / "official rules of 2025", or "假设分析：线性系数法（斜率 1.5）…"
        / "what-if: Linear coefficient (slope 1.5) …, not the official result"."""
        if not self.what_if:
            key = "rules.official_year" if self.year_rules else "rules.official"
            return t(key, lang, year=self.year, method=method_label(self.method, lang))
        return t("rules.what_if", lang, year=self.year, method=method_label(self.method, lang),
                 official=method_label(self.official_method, lang))

    def as_dict(self) -> dict:
        """Plain values for ``DataFrame.attrs`` and JSON: period, year, what_if, year_rules,
        method (name), official_method (name)."""
        return {"period": self.period, "year": self.year, "what_if": self.what_if,
                "year_rules": self.year_rules, "method": self.method.name,
                "official_method": self.official_method.name}


def rules_used(config: Config, period: str) -> RulesUsed:
    """Which rules :func:`rules_for` gives ``period``, and whether that is a what-if."""
    base = official(config, period)
    chosen = rules_for(config, period)
    return RulesUsed(period=period, year=year_of(period), what_if=chosen.method != base.method,
                     year_rules=has_year_rules(config, period), method=chosen.method,
                     scoring=chosen.scoring, official_method=base.method)


def method_label(method: Method, lang: str = "zh") -> str:
    """The method's name with its settings that differ from the defaults, e.g.
    "线性系数法（slope 1.5）"; the name alone when every setting is the default."""
    default = Method()
    names = {f.name for f in fields(Method)}
    changed = [f"{name} {_value(getattr(method, name))}" for name in METHOD_PARAMETERS[method.name]
               if name in names and getattr(method, name) != getattr(default, name)]
    name = t(f"ui.method.{method.name}", lang)
    return t("rules.method_with", lang, name=name, settings=", ".join(changed)) if changed else name


def _value(value) -> str:
    if isinstance(value, tuple):
        return ",".join(f"{a:g}:{b:g}" for a, b in value)
    return f"{value:g}" if isinstance(value, float) else str(value)
