"""Benchmark: ingest of a large quarterly workbook against a raw read of the same file.

Generates a workbook in the template's shape (党建考核 + 业务考核, 16 indicators, full marks in the
header; :func:`assess.scale.make_workbook`) with N branches, then measures, best of R runs, in
the same process:

- raw read, fastexcel (every sheet to Arrow, all rows sampled for types) — the fastest reader;
- raw read, python-calamine (every sheet to Python lists);
- read_workbook (guards, layout, validation);
- full ingest: read_workbook + store.ingest into an open, empty DuckDB file (one transaction);
- pandas.read_excel(engine="openpyxl"), the usual choice, for context (one run).

Prints seconds and the ratios against the fastest raw read. Not a test: figures, not assertions.

    .venv/bin/python scripts/bench_ingest.py [--branches 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assess import store  # noqa: E402
from assess.db import Database  # noqa: E402
from assess.scale import make_workbook  # noqa: E402
from assess.workbook import read_workbook  # noqa: E402

def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branches", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    content = make_workbook(args.branches)
    print(f"workbook: {args.branches} branches × 16 indicators, 2 sheets, {len(content) / 1e6:.1f} MB")

    import fastexcel
    import python_calamine

    def raw_fastexcel():
        reader = fastexcel.read_excel(content)
        for name in reader.sheet_names:
            reader.load_sheet(name, header_row=None, schema_sample_rows=None).to_arrow()

    def raw_calamine():
        wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    def read_only():
        result = read_workbook(content, "2025Q3_bench.xlsx")
        assert result.ok, [p.render("en") for p in result.problems[:5]]

    # the dashboard keeps its database open: open one empty store per run before timing
    tmp = Path(tempfile.mkdtemp())
    stores = iter([Database(tmp / f"bench{n}.duckdb") for n in range(args.repeat)])

    def ingest():
        db = next(stores)
        result = read_workbook(content, "2025Q3_bench.xlsx",
                               prior_full_marks=lambda q: store.prior_full_marks(db, q))
        report = store.ingest(db, [result], "bench")
        assert report.entries_written == 2 * args.branches

    figures = {
        "raw read, fastexcel": best_of(args.repeat, raw_fastexcel),
        "raw read, python-calamine": best_of(args.repeat, raw_calamine),
        "read_workbook (validate)": best_of(args.repeat, read_only),
        "ingest (read + store)": best_of(args.repeat, ingest),
    }
    import pandas as pd

    start = time.perf_counter()
    pd.read_excel(io.BytesIO(content), sheet_name=None, engine="openpyxl")
    figures["pandas.read_excel(openpyxl)"] = time.perf_counter() - start

    base = min(figures["raw read, fastexcel"], figures["raw read, python-calamine"])
    print(f"{'measure':32} {'seconds':>8} {'× fastest raw read':>20}")
    for name, secs in figures.items():
        print(f"{name:32} {secs:8.3f} {secs / base:20.2f}")
    ratio = figures["ingest (read + store)"] / base
    print(f"target: ingest ≤ 2.00 × raw read → {'met' if ratio <= 2 else 'NOT met'} ({ratio:.2f})")


if __name__ == "__main__":
    main()
