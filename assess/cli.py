"""``python -m assess COMMAND`` (SPEC §7).

Exit codes: 0 done; 1 refused (every problem on stderr, one located line each, nothing stored);
2 usage error. Messages follow ``--lang`` (or ``ASSESS_LANG``), Chinese by default.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Sequence

from assess import store
from assess.config import db_path, load_config
from assess.db import Database, DatabaseBusy, DatabaseUnreadable
from assess.i18n import t
from assess.problems import Problem, ProblemError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assess", description="党建×业务 assessment store and scores")
    p.add_argument("--db", help="database file (default: $ASSESS_DB or data/assessment.duckdb)")
    p.add_argument("--lang", choices=("zh", "en"), default=os.environ.get("ASSESS_LANG", "zh"),
                   help="language of messages (default zh)")
    p.add_argument("--config", help="TOML configuration (default: $ASSESS_CONFIG or config/assess.toml)")
    sub = p.add_subparsers(dest="command", required=True)

    ing = sub.add_parser("ingest", help="validate workbooks and store them as one new data version")
    ing.add_argument("files", nargs="+", metavar="FILE")
    ing.add_argument("--quarter", help="quarter YYYYQn when the workbook does not say it")
    ing.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")
    ing.add_argument("--user", default=None, help="who uploads (default: the login name)")

    from assess.scoring.cli import add_scores_parser

    add_scores_parser(sub)

    from assess.scoring.explain_cli import add_explain_parser

    add_explain_parser(sub)

    from assess.report.cli import add_report_parser

    add_report_parser(sub)

    sub.add_parser("versions", help="list the data versions")
    rb = sub.add_parser("rollback", help="make a new version equal to version N")
    rb.add_argument("version", type=int, metavar="N")
    rb.add_argument("--user", default=None)

    tp = sub.add_parser("template", help="write the blank quarterly template")
    tp.add_argument("out", metavar="OUT.xlsx")
    tp.add_argument("--quarter", help="quarter YYYYQn for the title")
    tp.add_argument("--evaluation", action="store_true",
                    help="write the year-end evaluation (群众评价) template instead")
    tp.add_argument("--year", help="evaluation: the year YYYY for the title and the 年度 column")

    sp = sub.add_parser("sample", help="write realistic sample workbooks")
    sp.add_argument("outdir", metavar="OUTDIR")
    sp.add_argument("--seed", type=int, default=2025)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    before = os.environ.get("ASSESS_CONFIG")
    if args.config:  # for this command only: a caller in the same process keeps its own
        os.environ["ASSESS_CONFIG"] = args.config
    try:
        return _run(args)
    finally:
        if before is None:
            os.environ.pop("ASSESS_CONFIG", None)
        else:
            os.environ["ASSESS_CONFIG"] = before


def _run(args: argparse.Namespace) -> int:
    """The chosen command: its exit code, a located problem on stderr instead of a traceback."""
    commands = {
        "ingest": _ingest, "versions": _versions, "rollback": _rollback,
        "template": _template, "sample": _sample, "scores": _scores,
        "explain": _explain,
        "report": _report,
    }
    try:
        return commands[args.command](args)
    except DatabaseBusy as exc:
        _err(Problem("database_busy", params={"path": str(exc.path)}).render(args.lang))
        return 1
    except DatabaseUnreadable as exc:
        _err(exc.problem.render(args.lang))
        return 1
    except ProblemError as exc:
        for problem in exc.problems:
            _err(problem.render(args.lang))
        return 1
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _user(args: argparse.Namespace) -> str:
    if args.user:
        return args.user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def _open(args: argparse.Namespace, read_only: bool = False) -> Database:
    path = db_path(args.db)
    if read_only and not path.exists():
        return Database(":memory:")  # an empty store: nothing to read, no file created
    return Database(path, read_only=read_only)


def read_files(paths: Sequence[str], db: Database, quarter: str | None):
    """Read and validate every file; returns (results, problems) with every problem found."""
    from assess.workbook import read_workbook

    limits = load_config().limits
    results, problems = [], []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            problems.append(Problem("file_not_found", path.name, params={"path": name}))
            continue
        result = read_workbook(
            path.read_bytes(), path.name, quarter_hint=quarter,
            prior_catalog=lambda q: store.prior_catalog(db, q),
            known_branches=lambda: store.known_branches(db), limits=limits,
        )
        results.append(result)
        problems.extend(result.problems)
    return results, problems


def _ingest(args: argparse.Namespace) -> int:
    db = _open(args, read_only=args.dry_run)
    with db:
        results, problems = read_files(args.files, db, args.quarter)
        if problems:
            raise ProblemError(problems)
        for r in results:
            for w in r.warnings:
                _err(w.render(args.lang))
        report = store.ingest(db, results, _user(args), dry_run=args.dry_run)
    lang = args.lang
    for name, version in report.duplicates.items():
        print(t("cli.ingest.duplicate", lang, file=name, version=version))
    if not report.files:
        return 0
    key = "cli.ingest.dry_run" if args.dry_run else "cli.ingest.stored"
    print(t(key, lang, version=report.version or "", files=len(report.files),
            quarters=", ".join(report.quarters), written=report.entries_written,
            unchanged=report.entries_unchanged))
    return 0


def _versions(args: argparse.Namespace) -> int:
    with _open(args, read_only=True) as db:
        df = store.versions(db)
    if df.empty:
        print(t("cli.versions.empty", args.lang))
        return 0
    for r in df.itertuples():
        files = ", ".join(_texts(r.file_names))
        restored = f" ← {int(r.restored_version)}" if r.action == "rollback" else ""
        print(f"{r.version}\t{r.created_at:%Y-%m-%d %H:%M:%S}\t{r.user_name}\t{r.action}{restored}\t"
              f"{','.join(_texts(r.quarters))}\t{r.entries_written}/{r.entries_unchanged}/{r.entries_closed}\t{files}")
    return 0


def _texts(value) -> list[str]:
    """A list column's value as texts: a version without files (a rollback) holds NA there."""
    if value is None or isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return []
    return [str(v) for v in value]


def _rollback(args: argparse.Namespace) -> int:
    with _open(args) as db:
        report = store.rollback(db, args.version, _user(args))
    print(t("cli.rollback.done", args.lang, version=report.version, target=args.version,
            written=report.entries_written, closed=report.entries_closed))
    return 0


@contextmanager
def _writing(path: str):
    """Writing to ``path``: a path that cannot be written (no such folder, no permission, a
    file where a folder should be) is a located problem, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise ProblemError([Problem("output_unwritable", path, params={
            "detail": exc.strerror or type(exc).__name__})]) from exc


def _template(args: argparse.Namespace) -> int:
    from assess.template import write_template

    if args.evaluation:
        return _evaluation_template(args)
    with _writing(args.out):
        write_template(args.out, quarter=args.quarter)
    print(t("cli.template.done", args.lang, path=args.out))
    return 0


def _evaluation_template(args: argparse.Namespace) -> int:
    from assess.evaluation_template import write_evaluation_template
    from assess.periods import is_year

    if args.year is not None and not is_year(args.year):
        _err(Problem("evaluation_year_invalid", params={"value": args.year}).render(args.lang))
        return 2
    with _writing(args.out):
        write_evaluation_template(args.out, args.year)
    print(t("cli.template.evaluation_done", args.lang, path=args.out))
    return 0


def _sample(args: argparse.Namespace) -> int:
    from assess.sample import write_sample

    with _writing(args.outdir):
        paths = write_sample(args.outdir, seed=args.seed)
    print(t("cli.sample.done", args.lang, count=len(paths), path=args.outdir))
    return 0


def _scores(args: argparse.Namespace) -> int:
    from assess.scoring.cli import run_scores

    with _open(args, read_only=True) as db:
        return run_scores(args, db)


def _explain(args: argparse.Namespace) -> int:
    from assess.scoring.explain_cli import run_explain

    with _open(args, read_only=True) as db:
        return run_explain(args, db)


def _report(args: argparse.Namespace) -> int:
    from assess.report.cli import run_report

    with _open(args, read_only=True) as db:
        return run_report(args, db)
