"""Benchmark of the 通报 (not a test): the time to make the report of the latest quarter as
Word, PDF and Excel — what one click on the 通报 page does — for 300 and 10,000 branches.

Stores are built once with :func:`assess.scale.build_scale_db` (8 quarters, about 25 branches
per committee) and cached under ``bench-out/``. Each run is a fresh child process, so the
times are cold: new process, new DuckDB connection, empty result caches, fonts read anew; the
fastest of ``--repeat`` runs is shown (the others were slowed by whatever else ran).
Targets: ≤ 5 s for 300 branches, ≤ 60 s for 10,000. Wall-clock times, with the process's CPU
time beside them: on a shared machine the two differ by the time others held the cores.

    .venv/bin/python scripts/bench_report.py [--sizes 300,10000] [--quarters 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "bench-out"
TARGETS = {300: 5.0, 10_000: 60.0}


def store_for(branches: int, quarters: int) -> Path:
    from assess.scale import build_scale_db

    OUT_DIR.mkdir(exist_ok=True)
    path = OUT_DIR / f"report-{branches}-{quarters}q.duckdb"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build_scale_db(partial, branches, quarters=quarters)
        partial.rename(path)
    return path


def measure(path: str) -> dict:
    """In this process: each step of one report, cold. Seconds, and the files' sizes."""
    from assess import scoring
    from assess.config import load_config
    from assess.db import Database
    from assess.report import build_report, make
    from assess.report.figures import all_figures
    from assess.report.pdf import _PDF  # noqa: F401  (import time is not the report's)

    out: dict = {}
    start, cpu = time.perf_counter(), time.process_time()
    with Database(path, read_only=True) as db:
        config = load_config()
        periods = scoring.periods(db)
        quarter = periods.loc[periods["kind"] == "quarter", "period"].iloc[-1]
        t = time.perf_counter()
        report = build_report(db, quarter, config, link="bench")
        out["gather"] = time.perf_counter() - t
        t = time.perf_counter()
        figures = all_figures(report, "zh")
        out["charts"] = time.perf_counter() - t
        for fmt in ("docx", "pdf", "xlsx"):
            t = time.perf_counter()
            data = make(report, fmt, "zh", figures)
            out[fmt] = time.perf_counter() - t
            out[f"{fmt}_kb"] = len(data) // 1024
        out["branches"] = len(report.scores)
        out["committees"] = len(report.summary)
        out["period"] = quarter
    out["total"] = time.perf_counter() - start
    out["cpu"] = time.process_time() - cpu
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="300,10000")
    ap.add_argument("--quarters", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; the fastest is shown")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"# 通报 benchmark · {platform.python_version()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"load {load:.1f} at start · {time.strftime('%Y-%m-%d %H:%M')} · best of {args.repeat}\n")
    print("| branches | committees | gather | charts | Word | PDF | Excel | all three (one click) | CPU | target | sizes (KB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        path = store_for(size, args.quarters)
        runs = []
        for _ in range(args.repeat):
            result = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True)
            if result.returncode:
                break
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        if not runs:
            print(f"| {size} | n/a ({result.stderr.strip().splitlines()[-1]}) |")
            continue
        r = min(runs, key=lambda run: run["total"])
        target = TARGETS.get(size)
        verdict = "" if target is None else f"≤ {target:g} s {'✓' if r['total'] <= target else '✗'}"
        print(f"| {r['branches']:,} | {r['committees']} | {r['gather']:.2f} s | {r['charts']:.2f} s | "
              f"{r['docx']:.2f} s | {r['pdf']:.2f} s | {r['xlsx']:.2f} s | **{r['total']:.1f} s** | {r['cpu']:.1f} s | {verdict} | "
              f"docx {r['docx_kb']:,} · pdf {r['pdf_kb']:,} · xlsx {r['xlsx_kb']:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
