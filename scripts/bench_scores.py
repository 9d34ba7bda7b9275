"""Benchmark: branch_scores for 10,000 branches × 16 indicators in one quarter.

Writes the rows straight into the store's tables of a temporary DuckDB file with
:func:`assess.scale.build_scale_db` (one quarter, the shape ``assess.store`` writes), then
prints the warm median time of ``branch_scores`` (uncached, and cached by data version) next to
a plain DuckDB aggregate over the same rows, and their ratio. Target: under 100 ms warm.
``scripts/bench.py`` measures every view at 1,000 to 100,000 branches × 40 quarters.

    .venv/bin/python scripts/bench_scores.py [--branches N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assess.config import Config  # noqa: E402
from assess.db import Database  # noqa: E402
from assess.scale import build_scale_db  # noqa: E402
from assess.scoring import branch_scores  # noqa: E402
from assess.scoring.cache import clear  # noqa: E402

QUARTER = "2025Q3"

PLAIN_AGGREGATE = """
SELECT e.branch_id, e.category, sum(s.score) / sum(s.full_mark) AS rate
FROM entry_scores AS s
JOIN entries AS e ON e.entry_id = s.entry_id
WHERE e.quarter = $quarter
  AND e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
GROUP BY e.branch_id, e.category
"""


def timed(fn, runs: int) -> float:
    """Median seconds of ``runs`` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--branches", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    config = Config()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        path = build_scale_db(Path(tmp) / "bench.duckdb", args.branches, quarters=1,
                              last_quarter=QUARTER, correction_share=0)
        print(f"populated {args.branches} branches × 16 indicators "
              f"in {time.perf_counter() - start:.2f} s")
        db = Database(path)
        table = branch_scores(db, QUARTER, config)
        assert len(table) == args.branches, len(table)

        def plain():
            with db.cursor() as cur:
                return cur.execute(PLAIN_AGGREGATE, {"quarter": QUARTER, "as_of": 1}).df()

        def uncached():
            clear(db)  # the scores cache keeps results per data version: measure the work
            return branch_scores(db, QUARTER, config)

        ours = timed(uncached, args.runs)
        cached = timed(lambda: branch_scores(db, QUARTER, config), args.runs)
        base = timed(plain, args.runs)
        db.close()
        print(f"branch_scores   {ours * 1000:8.1f} ms  (median of {args.runs}, DuckDB warm, uncached)")
        print(f"  … cached      {cached * 1000:8.1f} ms  (same data version)")
        print(f"plain aggregate {base * 1000:8.1f} ms")
        print(f"ratio           {ours / base:8.1f} ×")
        print("target < 100 ms (uncached):", "met" if ours < 0.1 else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
