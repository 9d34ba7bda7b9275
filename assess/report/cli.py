"""The ``report`` command (SPEC §7): the 通报 of a period as Word, PDF or Excel, the same file
the dashboard's 通报 page makes for that view.

    python -m assess report --quarter 2025Q4 [--method …] [--committee C …] [--as-of N]
                            --format docx|pdf|xlsx --out FILE [--base-url URL]
"""

from __future__ import annotations

import argparse
import sys

from assess.config import load_config, with_method
from assess.db import Database
from assess.i18n import DEFAULT_LANG, t
from assess.report.make import FORMATS


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``report`` sub-command to ``subparsers``; returns its parser."""
    from assess.scoring.cli import add_view_options

    p = subparsers.add_parser("report", help="the quarterly 通报 of a period as Word, PDF or Excel (SPEC §5)")
    add_view_options(p, "a quarter, e.g. 2025Q4", "a year, e.g. 2025 (annual report)")
    p.add_argument("--committee", action="append", default=[], metavar="C",
                   help="only this committee's branches (repeat for several; default: all)")
    p.add_argument("--format", choices=FORMATS, required=True, help="docx, pdf or xlsx")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    p.add_argument("--base-url", default="", metavar="URL",
                   help="the dashboard's address, for the view's link in the report (default: a relative link)")
    return p


def run_report(args: argparse.Namespace, db: Database) -> int:
    """Run ``report``: 0 when written, 2 on a usage error (message on stderr). Raises
    :class:`assess.problems.ProblemError` (exit 1) when the file cannot be written."""
    from assess import scoring
    from assess.report.content import build_report, view_link
    from assess.report.make import make
    from assess.report.pdf import FontMissing

    from assess.scoring.cli import say_no_data, version_refused

    lang = getattr(args, "lang", DEFAULT_LANG)
    if version_refused(args, db, lang):
        return 2
    latest = scoring.latest_version(db)
    base = load_config()
    config = with_method(base, name=args.method, slope=args.slope, pivot=args.pivot, k_min=args.k_min,
                         k_max=args.k_max, veto_k=args.veto_k, tiers=args.tiers, tier_floor=args.tier_floor)
    if config.method != base.method:  # a method asked for is a what-if over the year's own rules too
        from assess.rules import with_what_if_method

        config = with_what_if_method(base, config.method)
    period = args.quarter or args.year
    known = set(scoring.branches(db, args.as_of)["committee"].astype(str)) if latest else set()
    unknown = [c for c in args.committee if c not in known]
    if unknown:
        print(t("report.cli.unknown_committee", lang, committees=("、" if lang == "zh" else ", ").join(unknown),
                known=("、" if lang == "zh" else ", ").join(sorted(known)) or "—"), file=sys.stderr)
        return 2
    link = view_link(args.base_url, period, args.committee, config.method, base.method, args.as_of, latest, lang)
    if not args.base_url:
        link += " " + t("report.cli.link_note", lang)
    report = build_report(db, period, config, committees=args.committee, as_of=args.as_of, link=link,
                          default_method=base.method)
    if report.empty:
        say_no_data(db, args, period, lang)
    try:
        data = make(report, args.format, lang)
    except FontMissing as exc:
        print(t("report.cli.fonts_missing", lang, detail=str(exc)), file=sys.stderr)
        return 1
    from assess.cli import _writing

    with _writing(args.out):
        with open(args.out, "wb") as fh:
            fh.write(data)
    print(t("report.cli.done", lang, path=args.out))
    return 0
