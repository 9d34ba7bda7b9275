"""Configuration in one place: every tunable number with its default and a line of help.

Defaults live here; a deployment overrides them in a TOML file (``config/assess.toml`` or the
path in ``ASSESS_CONFIG``), and a single call can override them again (command line, URL).
Secrets never live here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from assess.problems import Problem, ProblemError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "data" / "assessment.duckdb"
DEFAULT_CONFIG = ROOT / "config" / "assess.toml"

METHODS = ("ratio", "tiered", "linear")

EPS = 1e-9
"""A value within EPS of a threshold reaches it; composites within EPS tie (SPEC §3)."""


@dataclass(frozen=True)
class Method:
    """How the party score P becomes the coefficient K (SPEC §3.4)."""

    name: str = "ratio"  # ratio | tiered | linear
    # tiered: the first band whose threshold P reaches gives K; below every band, tier_floor.
    tiers: tuple[tuple[float, float], ...] = ((90.0, 1.05), (80.0, 1.00), (60.0, 0.95))
    tier_floor: float = 0.90
    # linear: K = clamp(1 + slope × (P − pivot) / 100, k_min, k_max)
    slope: float = 1.0
    pivot: float = 80.0
    k_min: float = 0.8
    k_max: float = 1.2
    # a vetoed branch gets K = min(K, veto_k)
    veto_k: float = 0.8


@dataclass(frozen=True)
class Scoring:
    """Every number of the scoring model (SPEC §3) except the method."""

    bonus_cap: float = 5.0  # bonus counts up to this many points
    standard_p: float = 60.0  # 达标 needs P ≥ this
    standard_dimension_rate: float = 0.6  # … and every party dimension ≥ this share of its marks
    # stars for a branch that meets the standard: the first band whose P threshold is reached
    star_bands: tuple[tuple[float, int], ...] = ((95.0, 5), (90.0, 4), (80.0, 3), (70.0, 2), (60.0, 1))
    solid_stars: int = 4  # 过硬 = stars ≥ this
    solid_target: float = 0.8  # 过硬率 target line
    # grade (等次) from C: the first band whose threshold is reached, else grade_floor
    grade_bands: tuple[tuple[float, str], ...] = ((90.0, "优秀"), (80.0, "良好"), (60.0, "合格"))
    grade_floor: str = "不合格"  # the grade below every band
    veto_grade_cap: str = "合格"  # a veto caps the grade here
    excellent_quota: float = 0.2  # warn when 优秀 exceeds this share of ranked branches
    quadrant_p: float | None = None  # fixed quadrant threshold for P (None: the period's median)
    quadrant_b: float | None = None  # fixed quadrant threshold for B (None: the period's median)
    min_correlation_branches: int = 3  # Pearson needs at least this many branches
    # star quotas (SPEC §3.16): ((stars, share), …): at most floor(share × n) of the n branches
    # having a P keep at least that many stars; () = no quota
    star_quota: tuple[tuple[int, float], ...] = ()
    # the year-end evaluation E (群众评价) weighs this much in P_year (SPEC §3.16)
    evaluation_weight: float = 0.3


@dataclass(frozen=True)
class Limits:
    """Guards on uploaded files (SPEC §4)."""

    max_file_bytes: int = 20 * 1024 * 1024  # upload size limit
    max_unzipped_bytes: int = 200 * 1024 * 1024  # bound on the decompressed size, checked first
    max_compression_ratio: float = 200.0  # a member that inflates more than this is a bomb
    max_rows: int = 100_000  # rows in one sheet
    max_columns: int = 1_000  # columns in one sheet
    # cells of a sheet's used area (A1 to its last value): the reader holds one value per cell,
    # so a stray value at ALL99999 (10⁸ cells) is refused before it is read. 5 M is 100,000
    # rows × 50 columns; the template uses about 20 columns.
    max_cells: int = 5_000_000
    header_search_rows: int = 20  # the header row is looked for within these rows


@dataclass(frozen=True)
class YearRules:
    """``[rules.YYYY.method]`` / ``[rules.YYYY.scoring]``: settings of ``[method]`` and
    ``[scoring]`` that year YYYY and its quarters are scored by (SPEC §3.16), as (name, value)
    pairs so the configuration stays hashable (a cache key)."""

    year: str
    method: tuple[tuple[str, Any], ...] = ()
    scoring: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Config:
    method: Method = field(default_factory=Method)
    scoring: Scoring = field(default_factory=Scoring)
    limits: Limits = field(default_factory=Limits)
    rules: tuple[YearRules, ...] = ()  # per-year rules, by year (assess.rules resolves them)
    # a what-if method (the CLI's --method, the dashboard's method switch): (name, value) pairs
    # applied over every period's own method; None = the official rules
    what_if: tuple[tuple[str, Any], ...] | None = None


def _fits(value: Any, default: Any) -> bool:
    """Whether ``value`` has the kind of the default (numbers interchangeable; a setting whose
    default is None takes a number)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)) or default is None:
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _toml(value: Any) -> str:
    """``value`` written as TOML (an example of the right kind in a message)."""
    if value is None:
        return "85"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return repr(value)


def _coerce(cls: type, values: Any, path: Path, table: str, problems: list[Problem]) -> Any:
    """``cls`` from the keys of the TOML table ``table``; every mistake is added to
    ``problems`` (and the defaults stand in)."""
    return cls(**_settings(cls, values, path, table, problems))


def _settings(cls: type, values: Any, path: Path, table: str, problems: list[Problem]) -> dict:
    """The valid settings of the TOML table ``table`` for ``cls`` as ``{name: value}``; every
    mistake is added to ``problems`` (and the setting left out)."""
    defaults = cls()
    if not isinstance(values, dict):
        problems.append(Problem("config_not_table", str(path), cell=table, params={"table": table}))
        return {}
    known = [f.name for f in fields(cls)]
    out = {}
    for name, value in values.items():
        where = f"{table}.{name}"
        if name not in known:
            problems.append(Problem("config_unknown_key", str(path), cell=where,
                                    params={"setting": name, "known": ", ".join(known)}))
            continue
        if isinstance(value, list):  # TOML arrays of pairs → tuples
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        default = getattr(defaults, name)
        if not _fits(value, default):
            problems.append(Problem("config_bad_value", str(path), cell=where,
                                    params={"setting": name, "example": _toml(default)}))
            continue
        checked = _checked(name, value, path, where, problems)
        if checked is None:
            continue
        out[name] = float(checked) if isinstance(default, float) and isinstance(checked, int) else checked
    if cls is Method and out.get("name", "ratio") not in METHODS:
        problems.append(Problem("config_unknown_method", str(path), cell=f"{table}.name",
                                params={"value": out.pop("name"), "known": ", ".join(METHODS)}))
    return out


def _checked(name: str, value: Any, path: Path, where: str, problems: list[Problem]) -> Any:
    """``value`` of the settings of SPEC §3.16 checked beyond its kind (None, and a problem
    added, when it is not allowed); other settings pass as they are."""
    if name == "star_quota":
        good = all(isinstance(pair, tuple) and len(pair) == 2
                   and isinstance(pair[0], int) and not isinstance(pair[0], bool) and 1 <= pair[0] <= 5
                   and isinstance(pair[1], (int, float)) and not isinstance(pair[1], bool)
                   and 0 <= pair[1] <= 1 for pair in value)
        levels = [pair[0] for pair in value] if good else []
        if not good or len(set(levels)) != len(levels):
            problems.append(Problem("config_bad_star_quota", str(path), cell=where))
            return None
        return tuple(sorted(((int(level), float(share)) for level, share in value), reverse=True))
    if name == "evaluation_weight" and not 0 <= value <= 1:
        problems.append(Problem("config_bad_weight", str(path), cell=where,
                                params={"value": value}))
        return None
    return value


def _year_rules(raw: Any, path: Path, problems: list[Problem]) -> tuple[YearRules, ...]:
    """The ``[rules.YYYY.method]`` / ``[rules.YYYY.scoring]`` tables (SPEC §3.16), sorted by
    year; every mistake (a key that is not a year, another sub-table, a bad setting) located."""
    if not isinstance(raw, dict):
        problems.append(Problem("config_not_table", str(path), cell="rules", params={"table": "rules"}))
        return ()
    out = []
    for year, tables in raw.items():
        where = f"rules.{year}"
        if not (isinstance(year, str) and len(year) == 4 and year.isascii() and year.isdigit()):
            problems.append(Problem("config_rules_year", str(path), cell=where, params={"value": year}))
            continue
        if not isinstance(tables, dict):
            problems.append(Problem("config_not_table", str(path), cell=where, params={"table": where}))
            continue
        for name in tables:
            if name not in RULE_TABLES:
                problems.append(Problem("config_unknown_table", str(path), cell=f"{where}.{name}",
                                        params={"table": f"{where}.{name}", "known": ", ".join(RULE_TABLES)}))
        method = _settings(Method, tables.get("method", {}), path, f"{where}.method", problems)
        scoring = _settings(Scoring, tables.get("scoring", {}), path, f"{where}.scoring", problems)
        out.append(YearRules(year, tuple(sorted(method.items())), tuple(sorted(scoring.items()))))
    return tuple(sorted(out, key=lambda r: r.year))


TABLES = ("method", "scoring", "limits", "access", "rules")
"""Top-level tables of the TOML file; ``access`` is read by :mod:`assess.auth`."""

RULE_TABLES = ("method", "scoring")
"""The tables of one year under ``[rules.YYYY]``."""


def load_config(path: str | os.PathLike | None = None) -> Config:
    """The configuration: defaults, overridden by the TOML file when there is one.

    The TOML file has optional tables ``[method]``, ``[scoring]`` and ``[limits]`` whose keys are
    the field names above, and ``[rules.YYYY.method]`` / ``[rules.YYYY.scoring]`` for the rules
    of one year (:mod:`assess.rules`). Raises :class:`ProblemError` with every mistake in the file (syntax,
    unknown table or setting, a value of the wrong kind, an unknown method), each located as
    ``file › table.setting``.
    """
    path = Path(path or os.environ.get("ASSESS_CONFIG") or DEFAULT_CONFIG)
    if not path.exists():
        return Config()
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProblemError([Problem("config_syntax", str(path), params={"detail": str(exc)})]) from exc
    problems = [Problem("config_unknown_table", str(path), cell=name,
                        params={"table": name, "known": ", ".join(TABLES)})
                for name in raw if name not in TABLES]
    config = Config(
        method=_coerce(Method, raw.get("method", {}), path, "method", problems),
        scoring=_coerce(Scoring, raw.get("scoring", {}), path, "scoring", problems),
        limits=_coerce(Limits, raw.get("limits", {}), path, "limits", problems),
        rules=_year_rules(raw.get("rules", {}), path, problems),
    )
    if problems:
        raise ProblemError(problems)
    return config


def with_method(config: Config, **overrides: Any) -> Config:
    """A copy of ``config`` whose method has ``overrides`` (None values are ignored)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return replace(config, method=replace(config.method, **clean)) if clean else config


def with_what_if(config: Config, **overrides: Any) -> Config:
    """A copy of ``config`` asking for a what-if method: ``overrides`` (None values ignored)
    apply over each period's own method (SPEC §3.16); none given → ``config`` unchanged."""
    clean = tuple(sorted((k, v) for k, v in overrides.items() if v is not None))
    return replace(config, what_if=clean) if clean else config


def db_path(cli_value: str | None = None) -> Path:
    """The database path: ``--db``, else ``ASSESS_DB``, else ``data/assessment.duckdb``."""
    return Path(cli_value or os.environ.get("ASSESS_DB") or DEFAULT_DB)
