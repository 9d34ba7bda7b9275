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
class Config:
    method: Method = field(default_factory=Method)
    scoring: Scoring = field(default_factory=Scoring)
    limits: Limits = field(default_factory=Limits)


def _check_type(name: str, value: Any, default: Any, where: str) -> Any:
    """``value`` if it has the kind of the default (numbers interchangeable), else ValueError."""
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(value, bool) and isinstance(default, bool)
    elif isinstance(default, (int, float)) or default is None:
        ok = isinstance(value, (int, float)) or (default is None and value is None)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ValueError(f"{where}: {name} = {value!r} is not a {type(default).__name__}")
    return float(value) if isinstance(default, float) and isinstance(value, int) else value


def _coerce(cls: type, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"{where}: unknown setting(s) {sorted(unknown)}")
    defaults = cls()
    out = {}
    for name, value in values.items():
        if isinstance(value, list):  # TOML arrays of pairs → tuples
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        out[name] = _check_type(name, value, getattr(defaults, name), where)
    if cls is Method and out.get("name", "ratio") not in METHODS:
        raise ValueError(f"{where}: name = {out['name']!r} is not one of {', '.join(METHODS)}")
    return cls(**out)


TABLES = ("method", "scoring", "limits", "access")
"""Top-level tables of the TOML file; ``access`` is read by :mod:`assess.auth`."""


def load_config(path: str | os.PathLike | None = None) -> Config:
    """The configuration: defaults, overridden by the TOML file when there is one.

    The TOML file has optional tables ``[method]``, ``[scoring]`` and ``[limits]`` whose keys are
    the field names above.
    """
    path = Path(path or os.environ.get("ASSESS_CONFIG") or DEFAULT_CONFIG)
    if not path.exists():
        return Config()
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    unknown = set(raw) - set(TABLES)
    if unknown:
        raise ValueError(f"{path}: unknown table(s) {sorted(unknown)}; expected {', '.join(TABLES)}")
    return Config(
        method=_coerce(Method, raw.get("method", {}), f"{path} [method]"),
        scoring=_coerce(Scoring, raw.get("scoring", {}), f"{path} [scoring]"),
        limits=_coerce(Limits, raw.get("limits", {}), f"{path} [limits]"),
    )


def with_method(config: Config, **overrides: Any) -> Config:
    """A copy of ``config`` whose method has ``overrides`` (None values are ignored)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return replace(config, method=replace(config.method, **clean)) if clean else config


def db_path(cli_value: str | None = None) -> Path:
    """The database path: ``--db``, else ``ASSESS_DB``, else ``data/assessment.duckdb``."""
    return Path(cli_value or os.environ.get("ASSESS_DB") or DEFAULT_DB)
