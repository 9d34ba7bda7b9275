"""The ``explain`` command (SPEC §7): why each branch's C changed against the previous period.

Wired into :mod:`assess.cli` like ``scores``::

    add_explain_parser(subparsers)         # adds `explain` with the options of `scores`
    run_explain(args, db)                  # → exit code; writes to stdout

One row per branch having C in the period and in the previous one, in rank order, with exactly
the columns of :func:`explain_table`; numbers unrounded; CSV or JSON as ``scores`` writes them.

A year whose P includes the year-end evaluation (SPEC §3.16, ``evaluation_weight`` w > 0 and the
branch has an E in either year): ΔP is then ``Σ (1 − w₁)·L₁ − (1 − w₀)·L₀`` over the quarterly
means' levels plus the evaluation part ``w₁·E₁ − w₀·E₀`` (w = 0 where the branch has no E). SPEC
§7 lists the columns exactly and promises that the parts of a row sum to ``delta_party``; no
column can carry the evaluation part, and the plain ``100 × (s₁/F₁ − s₀/F₀)`` parts would not add
up. So in those rows every ``part_`` column is left empty (as where P is missing), and a note
on stderr says how many rows and why; the profile's waterfall of ΔP shows the evaluation part.
Quarters, and years without an evaluation, are split exactly as §7 says.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

import pandas as pd

from assess.config import Config
from assess.db import Database
from assess.i18n import DEFAULT_LANG, t
from assess.rules import rules_for
from assess.scoring.cli import add_view_options, version_refused, what_if_config, write_csv, write_json
from assess.scoring.explain import changes, parts

FIXED_COLUMNS = [
    "committee", "branch", "period", "previous_period", "composite", "previous_composite",
    "delta_composite", "business_part", "party_part", "delta_party", "delta_business",
    "main_driver", "stars", "previous_stars", "grade", "previous_grade",
]
"""The first columns of SPEC §7 ``explain``; then ``part_<indicator>`` per party indicator,
``part_bonus``, ``part_deduction``, ``part_floor``."""

TERM_COLUMNS = ["part_bonus", "part_deduction", "part_floor"]


def add_explain_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``explain`` sub-command to ``subparsers`` (the period, method, version and
    format options of ``scores``); returns its parser."""
    p = subparsers.add_parser(
        "explain", help="why each branch's composite changed against the previous period (SPEC §3.13)")
    add_view_options(p, "a quarter, e.g. 2025Q3 (against the one before)",
                     "a year, e.g. 2025 (against the year before)")
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="output format")
    return p


def explain_table(db: Database, period: str, config: Config, as_of: int | None = None) -> pd.DataFrame:
    """The rows of ``explain``: :data:`FIXED_COLUMNS`, then ``part_<name>`` for every party
    indicator of the two periods (column order of the sheet), then :data:`TERM_COLUMNS`. The
    parts of a row add up to ``delta_party``."""
    frame = changes(db, period, config, as_of)
    frame = frame[frame["composite"].notna() & frame["previous_composite"].notna()]
    split = parts(db, period, "party", config, as_of)
    split = split[split["branch_id"].isin(frame["branch_id"])]
    indicators = split[split["kind"] == "indicator"]
    names = (indicators.groupby("name", sort=False)["position"].min()
             .reset_index().sort_values(["position", "name"], kind="stable")["name"].tolist())
    wide = split.pivot_table(index="branch_id", columns="name", values="part", aggfunc="sum",
                             fill_value=0.0)
    wide = wide.reindex(columns=names + ["bonus", "deduction", "floor"], fill_value=0.0)
    wide.columns = [f"part_{n}" for n in names] + TERM_COLUMNS
    evaluated = set(split.loc[split["kind"] == "evaluation", "branch_id"])
    wide.loc[wide.index.isin(list(evaluated)), :] = float("nan")
    out = frame.merge(wide, left_on="branch_id", right_index=True, how="left")
    out = out[FIXED_COLUMNS + list(wide.columns)].reset_index(drop=True)
    out.attrs["evaluation_rows"] = len(evaluated)
    return out


def run_explain(args: argparse.Namespace, db: Database, out: TextIO | None = None,
                config: Config | None = None) -> int:
    """Run ``explain``: 0 on success, 2 on a usage error (message on stderr)."""
    out = out or sys.stdout
    lang = getattr(args, "lang", DEFAULT_LANG)
    if version_refused(args, db, lang):
        return 2
    config = what_if_config(args, config)
    period = args.quarter or args.year
    table = explain_table(db, period, config, args.as_of)
    if table.empty:
        print(t("explain.cli.no_rows", lang, period=period), file=sys.stderr)
    if table.attrs.get("evaluation_rows"):
        weight = rules_for(config, period).scoring.evaluation_weight
        print(t("explain.cli.evaluation_rows", lang, n=table.attrs["evaluation_rows"], w=f"{weight:g}"),
              file=sys.stderr)
    if args.format == "json":
        write_json(table, out)
    else:
        write_csv(table, out)
    return 0
