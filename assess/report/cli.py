"""The ``report`` command (SPEC §7): the 通报 of a period as Word, PDF or Excel, the same file
the dashboard's 通报 page makes for that view.

    python -m assess report --quarter 2025Q4 [--method …] [--committee C …] [--as-of N]
                            --format docx|pdf|xlsx --out FILE [--base-url URL]
"""

from __future__ import annotations

import argparse
import sys

from assess.config import METHODS, load_config, with_method
from assess.db import Database
from assess.i18n import DEFAULT_LANG, t
from assess.problems import Problem
from assess.report.make import FORMATS


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``report`` sub-command to ``subparsers``; returns its parser."""
    from assess.scoring.cli import _quarter, _version, _year, parse_tiers

    p = subparsers.add_parser("report", help="the quarterly 通报 of a period as Word, PDF or Excel (SPEC §5)")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", type=_quarter, help="a quarter, e.g. 2025Q4")
    when.add_argument("--year", type=_year, help="a year, e.g. 2025 (annual report)")
    p.add_argument("--method", choices=METHODS, help="how P becomes the coefficient K")
    p.add_argument("--slope", type=float, help="linear: slope")
    p.add_argument("--pivot", type=float, help="linear: P where K = 1")
    p.add_argument("--k-min", type=float, help="linear: lowest K")
    p.add_argument("--k-max", type=float, help="linear: highest K")
    p.add_argument("--veto-k", type=float, help="the highest K of a vetoed branch")
    p.add_argument("--tiers", type=parse_tiers, help='tiered: bands "90:1.05,80:1.0,60:0.95"')
    p.add_argument("--tier-floor", type=float, help="tiered: K below every band")
    p.add_argument("--committee", action="append", default=[], metavar="C",
                   help="only this committee's branches (repeat for several; default: all)")
    p.add_argument("--as-of", type=_version, help="read data version N (default: the latest)")
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

    lang = getattr(args, "lang", DEFAULT_LANG)
    latest = scoring.latest_version(db)
    if args.as_of is not None and args.as_of > latest:
        problem = Problem("no_versions") if latest == 0 else \
            Problem("version_not_found", params={"version": args.as_of, "latest": latest})
        print(problem.render(lang), file=sys.stderr)
        return 2
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
        stored = scoring.periods(db, args.as_of)
        have = stored.loc[stored["kind"] == ("quarter" if args.quarter else "year"), "period"].tolist()
        span = "—" if not have else have[0] if len(have) == 1 else f"{have[0]}–{have[-1]}"
        print(t("cli.scores.no_data", lang, period=period, periods=span), file=sys.stderr)
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
