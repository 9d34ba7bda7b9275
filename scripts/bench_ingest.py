"""Benchmark: ingest of a large quarterly workbook against a raw read of the same file.

The workbook is the scale generator's next quarter (:mod:`assess.scale`: the template's shape,
党建考核 + 业务考核 + 指标说明, 16 indicators, full marks in the header) with N branches. The
store it goes into already holds ``--history`` quarters of the same branches (0: an empty
store), as the organisation department's store would. Each round measures, in this process:

- raw read, fastexcel: every sheet to Arrow, all rows sampled for types (the fastest reader);
- raw read, python-calamine: every sheet to Python lists;
- ingest, exactly what ``python -m assess ingest`` does: ``read_workbook`` (guards, layout,
  validation, full marks of the latest stored quarter, stored names for look-alikes) then
  ``store.ingest`` (one transaction)
  into a fresh copy of the store (copied before the clock starts: the dashboard keeps its store
  open).

Rounds interleave the measures so a noisy neighbour slows them alike. Prints the best and the
median of each, the ratio ingest ÷ fastest raw read (best over best, and the median of the
per-round ratios), and a pandas + openpyxl read (one run) for context. Figures, not assertions.

``--breakdown`` adds rounds that time the ingest's phases (the parse with its size checks, the
checks of each sheet, the rest of the read; the store's staging, writes and commit) by wrapping
those functions: where the time goes, for whoever works on it next.

    .venv/bin/python scripts/bench_ingest.py [--branches 10000] [--history 8] [--repeat 5]
                                             [--breakdown]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
from contextlib import contextmanager
from collections.abc import Callable
from dataclasses import replace
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess import store  # noqa: E402
from assess.workbook import reader  # noqa: E402
from assess.config import Limits  # noqa: E402
from assess.db import Database  # noqa: E402
from assess.scale import LAST_QUARTER, build_scale_db, next_quarter, scale_workbook  # noqa: E402
from assess.workbook import read_workbook  # noqa: E402

OUT = ROOT / "bench-out"


def raw_reads(content: bytes) -> dict[str, Callable[[], None]]:
    """The baselines: a raw read of every sheet with fastexcel (to Arrow, all rows sampled for
    types) and with python-calamine (to Python lists)."""
    import fastexcel
    import python_calamine

    def raw_fastexcel():
        reader = fastexcel.read_excel(content)
        for name in reader.sheet_names:
            reader.load_sheet(name, header_row=None, schema_sample_rows=None).to_arrow()

    def raw_calamine():
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()

    return {"raw read, fastexcel": raw_fastexcel, "raw read, python-calamine": raw_calamine}


def limits_for(branches: int, size: int) -> tuple[Limits, str]:
    """Upload limits that let a generated workbook of ``branches`` rows and ``size`` bytes in,
    and a note when they had to be raised."""
    limits = Limits()
    if branches + 10 > limits.max_rows or size > limits.max_file_bytes:
        return (replace(limits, max_rows=branches * 2, max_file_bytes=size * 2),
                f"upload limits raised for this size (max_rows {limits.max_rows:,} rows per "
                "sheet by default)")
    return limits, ""


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def ingest_copy(content: bytes, file_name: str, base: Path, copy: Path, limits: Limits
                ) -> tuple[float, float, store.IngestReport]:
    """What ``python -m assess ingest`` does, into a fresh copy of the store ``base`` (copied
    before the clock starts: the dashboard keeps its store open): ``read_workbook`` with the
    store's full marks and branch names, then ``store.ingest``. Returns the seconds of each and
    the report; the copy is removed."""
    shutil.copyfile(base, copy)
    try:
        with Database(copy) as db:
            store.latest_version(db)  # opened and warm, as in the dashboard or the CLI
            read_s, result = timed(lambda: read_workbook(
                content, file_name, prior_catalog=lambda q: store.prior_catalog(db, q),
                known_branches=lambda: store.known_branches(db), limits=limits))
            assert result.ok, [p.render("en") for p in result.problems[:5]]
            store_s, report = timed(lambda: store.ingest(db, [result], "bench"))
        return read_s, store_s, report
    finally:
        copy.unlink(missing_ok=True)
        Path(f"{copy}.wal").unlink(missing_ok=True)


# The ingest's phases: (label, what is timed); the read's rest and the store's rest are what the
# phases leave of read_workbook and store.ingest.
STORE_STAGE = ("store/stage_upload", "store/staged_counts")
STORE_WRITE = ("store/insert_new_branches", "store/insert_new_indicators",
               "store/update_indicator_descriptions", "store/close_replaced_entries",
               "store/insert_written_entries", "store/insert_written_scores",
               "store/insert_version", "store/insert_version_file")


def breakdown(content: bytes, file_name: str, base: Path, limits: Limits, rounds: int) -> None:
    """Time the phases of ``rounds`` ingests (medians) by wrapping the functions that do them."""
    spent: dict[str, float] = {}

    def timing(label: str, fn):
        def timed_fn(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
        return timed_fn

    transaction = Database.transaction

    def statement(method):  # Database.run or Database.execute, timed by what the file does
        def timed_statement(self, cur, name, **params):
            label = ("store: staging" if name in STORE_STAGE else
                     "store: writes" if name in STORE_WRITE else "store: lookups")
            return timing(label, method)(self, cur, name, **params)
        return timed_statement

    @contextmanager
    def transaction_timed(self):
        with transaction(self) as cur:
            yield cur
            start = time.perf_counter()  # the block is done: leaving commits
        spent["store: commit"] = spent.get("store: commit", 0.0) + time.perf_counter() - start

    patched = [(reader, "load_grids", timing("read: parse (size checks, calamine on 2 threads)",
                                              reader.load_grids)),
               (reader, "read_sheet", timing("read: each sheet's checks", reader.read_sheet)),
               (Database, "run", statement(Database.run)),
               (Database, "execute", statement(Database.execute)),
               (Database, "transaction", transaction_timed)]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    phases: dict[str, list[float]] = {}
    copy = OUT / f"ingest_breakdown_{os.getpid()}.duckdb"
    try:
        for owner, name, fn in patched:
            setattr(owner, name, fn)
        for _ in range(rounds):
            spent.clear()
            read_s, store_s, _ = ingest_copy(content, file_name, base, copy, limits)
            parts = dict(spent)
            parts["read: the rest (lookups, cross-sheet checks, frames)"] = read_s - sum(
                v for k, v in spent.items() if k.startswith("read:"))
            parts["store: the rest (Python, file records)"] = store_s - sum(
                v for k, v in spent.items() if k.startswith("store:"))
            for k, v in parts.items():
                phases.setdefault(k, []).append(v)
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)
    print(f"\nwhere the ingest's time goes (median of {rounds} rounds, functions wrapped):")
    for label in sorted(phases, key=lambda k: (not k.startswith("read"), k)):
        print(f"  {label:58} {statistics.median(phases[label]) * 1000:7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branches", type=int, default=10_000)
    ap.add_argument("--history", type=int, default=8,
                    help="quarters already in the store (0: an empty store)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--breakdown", action="store_true",
                    help="also time the ingest's phases (extra rounds, functions wrapped)")
    args = ap.parse_args()

    quarter = next_quarter(LAST_QUARTER)
    OUT.mkdir(exist_ok=True)
    base = OUT / f"ingest_{args.branches}x{args.history}.duckdb"
    if not base.exists():
        building = base.with_suffix(".building")
        building.unlink(missing_ok=True)
        if args.history:
            build_scale_db(building, args.branches, args.history)
        else:
            Database(building).close()
        building.rename(base)
    Database(base).close()  # a store cached under an older schema is brought up to date once
    content = scale_workbook(args.branches, quarter)
    file_name = f"{quarter}_{args.branches}.xlsx"
    limits, note = limits_for(args.branches, len(content))
    if note:
        print(note)
    print(f"workbook: {args.branches:,} branches × 16 indicators, quarter {quarter}, "
          f"{len(content) / 1e6:.1f} MB; store: {args.history} quarters before it")
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")

    raw_fastexcel, raw_calamine = raw_reads(content).values()

    copy = OUT / f"ingest_copy_{os.getpid()}.duckdb"
    rounds: dict[str, list[float]] = {k: [] for k in (
        "raw read, fastexcel", "raw read, python-calamine", "read_workbook", "store.ingest",
        "ingest (read + store)")}
    for _ in range(args.repeat):
        rounds["raw read, fastexcel"].append(timed(raw_fastexcel)[0])
        rounds["raw read, python-calamine"].append(timed(raw_calamine)[0])
        read_s, store_s, report = ingest_copy(content, file_name, base, copy, limits)
        assert report.entries_written == 2 * args.branches, report
        rounds["read_workbook"].append(read_s)
        rounds["store.ingest"].append(store_s)
        rounds["ingest (read + store)"].append(read_s + store_s)

    import pandas as pd

    pandas_s = timed(lambda: pd.read_excel(io.BytesIO(content), sheet_name=None,
                                           engine="openpyxl"))[0]
    raw = [min(f, c) for f, c in zip(rounds["raw read, fastexcel"],
                                     rounds["raw read, python-calamine"])]
    best_raw = min(raw)
    print(f"\n{'measure':28} {'best s':>8} {'median s':>9} {'best ÷ raw':>11}")
    for name, values in rounds.items():
        print(f"{name:28} {min(values):8.3f} {statistics.median(values):9.3f} "
              f"{min(values) / best_raw:10.2f}×")
    print(f"{'pandas.read_excel(openpyxl)':28} {pandas_s:8.3f} {'(1 run)':>9} "
          f"{pandas_s / best_raw:10.2f}×")
    ratio = min(rounds["ingest (read + store)"]) / best_raw
    per_round = statistics.median(i / r for i, r in zip(rounds["ingest (read + store)"], raw))
    print(f"\ningest ÷ fastest raw read: {ratio:.2f}× (best over best), "
          f"{per_round:.2f}× (median of the rounds); target ≤ 2.00× → "
          f"{'met' if ratio <= 2 else 'NOT met'}")
    if args.breakdown:
        breakdown(content, file_name, base, limits, args.repeat)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
