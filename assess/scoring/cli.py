"""The ``scores`` command (SPEC §7): one row per branch of a period, as CSV or JSON.

The lead wires it into :mod:`assess.cli`::

    add_scores_parser(subparsers)          # adds `scores` with its options
    run_scores(args, db)                   # → exit code; writes to stdout

Output: exactly the §7 columns; numbers unrounded (shortest repr that round-trips), booleans
``true``/``false``, missing values empty in CSV and ``null`` in JSON, grade and quadrant in Chinese.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from typing import Any, TextIO

import pandas as pd

from assess.config import METHODS, Config, load_config, with_what_if
from assess.db import Database
from assess.periods import is_quarter, is_year
from assess.i18n import DEFAULT_LANG, t
from assess.problems import Problem
from assess.rules import rules_used
from assess.scoring.engine import branch_scores, latest_version, periods
from assess.scoring.table import COLUMNS


def add_view_options(p: argparse.ArgumentParser, quarter_help: str = "a quarter, e.g. 2025Q3",
                     year_help: str = "a year, e.g. 2025 (annual view)") -> None:
    """The options that choose a view, shared by ``scores``, ``explain`` and ``report``: the
    period (``--quarter`` or ``--year``), a what-if method and its settings, ``--as-of``."""
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", type=_quarter, help=quarter_help)
    when.add_argument("--year", type=_year, help=year_help)
    p.add_argument("--method", choices=METHODS,
                   help="what-if: how P becomes the coefficient K (default: the period's own rules)")
    p.add_argument("--slope", type=float, help="linear: slope")
    p.add_argument("--pivot", type=float, help="linear: P where K = 1")
    p.add_argument("--k-min", type=float, help="linear: lowest K")
    p.add_argument("--k-max", type=float, help="linear: highest K")
    p.add_argument("--veto-k", type=float, help="the highest K of a vetoed branch")
    p.add_argument("--tiers", type=parse_tiers, help='tiered: bands "90:1.05,80:1.0,60:0.95"')
    p.add_argument("--tier-floor", type=float, help="tiered: K below every band")
    p.add_argument("--as-of", type=_version, help="read data version N (default: the latest)")


def add_scores_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``scores`` sub-command to ``subparsers``; returns its parser."""
    p = subparsers.add_parser("scores", help="branch scores of a quarter or a year (SPEC §3)")
    add_view_options(p)
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format")
    return p


def version_refused(args: argparse.Namespace, db: Database, lang: str) -> bool:
    """``--as-of`` beyond the latest version: say so on stderr (True: the command stops, exit 2)."""
    latest = latest_version(db)
    if args.as_of is None or args.as_of <= latest:
        return False
    problem = Problem("no_versions") if latest == 0 else \
        Problem("version_not_found", params={"version": args.as_of, "latest": latest})
    print(problem.render(lang), file=sys.stderr)
    return True


def what_if_config(args: argparse.Namespace, config: Config | None = None) -> Config:
    """``config`` (default: the configuration file's) with ``--method`` and its settings as a
    what-if over each period's own rules (SPEC §3.16)."""
    return with_what_if(
        config or load_config(),
        name=args.method, slope=args.slope, pivot=args.pivot, k_min=args.k_min,
        k_max=args.k_max, veto_k=args.veto_k, tiers=args.tiers, tier_floor=args.tier_floor,
    )


def say_no_data(db: Database, args: argparse.Namespace, period: str, lang: str) -> None:
    """On stderr: ``period`` has no data, and which periods of its kind are stored."""
    stored = periods(db, args.as_of)
    have = stored.loc[stored["kind"] == ("quarter" if args.quarter else "year"), "period"].tolist()
    span = "—" if not have else have[0] if len(have) == 1 else f"{have[0]}–{have[-1]}"
    print(t("cli.scores.no_data", lang, period=period, periods=span), file=sys.stderr)


def run_scores(args: argparse.Namespace, db: Database, out: TextIO | None = None,
               config: Config | None = None) -> int:
    """Run ``scores``: 0 on success, 2 on a usage error (message on stderr)."""
    out = out or sys.stdout
    lang = getattr(args, "lang", DEFAULT_LANG)
    if version_refused(args, db, lang):
        return 2
    config = what_if_config(args, config)
    period = args.quarter or args.year
    used = rules_used(config, period)
    if used.what_if or used.year_rules:  # the rules are not the plain defaults: say which
        print(t("cli.scores.rules", lang, rules=used.label(lang)), file=sys.stderr)
    table = branch_scores(db, period, config, args.as_of)[COLUMNS]
    if table.empty:  # the header alone is the answer; say why on stderr
        say_no_data(db, args, period, lang)
    if args.format == "json":
        write_json(table, out)
    else:
        write_csv(table, out)
    return 0


def write_csv(table: pd.DataFrame, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    for row in table.itertuples(index=False):
        writer.writerow("" if v is None else _text(v) for v in map(_plain, row))


def write_json(table: pd.DataFrame, out: TextIO) -> None:
    rows = [dict(zip(table.columns, map(_plain, row))) for row in table.itertuples(index=False)]
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _plain(value: Any) -> Any:
    """A cell as a plain Python value: None, bool, int, float or str."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def parse_tiers(text: str) -> tuple[tuple[float, float], ...]:
    """``"90:1.05,80:1.0,60:0.95"`` → ``((90.0, 1.05), (80.0, 1.0), (60.0, 0.95))``, sorted by
    threshold descending (the first band P reaches wins)."""
    try:
        bands = [tuple(float(x) for x in part.split(":")) for part in text.split(",")]
    except ValueError:
        bands = []
    if not bands or any(len(band) != 2 for band in bands):
        raise argparse.ArgumentTypeError(f"expected THRESHOLD:K[,THRESHOLD:K…], got {text!r}")
    return tuple(sorted(bands, key=lambda band: -band[0]))


def _quarter(text: str) -> str:
    if not is_quarter(text):
        raise argparse.ArgumentTypeError(f"expected a quarter like 2025Q3, got {text!r}")
    return text


def _year(text: str) -> str:
    if not is_year(text):
        raise argparse.ArgumentTypeError(f"expected a year like 2025, got {text!r}")
    return text


def _version(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a data version (0, 1, 2 …), got {text!r}")
    return value
