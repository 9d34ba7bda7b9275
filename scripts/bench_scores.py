"""Benchmark: branch_scores for 10,000 branches × 16 indicators in one quarter.

Writes the rows straight into the store's tables of a temporary DuckDB file (the shape
``assess.store`` writes: a versions row, branches, indicators, entries with score_sum/mark_sum,
entry_scores), then prints the warm median time of ``branch_scores`` next to a plain DuckDB
aggregate over the same rows, and their ratio. Target: branch_scores under 100 ms warm.

    .venv/bin/python scripts/bench_scores.py [--branches N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assess.config import Config  # noqa: E402
from assess.db import Database  # noqa: E402
from assess.scoring import branch_scores  # noqa: E402

QUARTER = "2025Q3"
INDICATORS = [  # SPEC §4 default indicators: (category, dimension, name, full mark)
    ("party", "基本组织", "组织设置", 8), ("party", "基本组织", "班子建设", 7),
    ("party", "基本队伍", "党员发展", 10), ("party", "基本队伍", "教育培训", 10),
    ("party", "基本活动", "三会一课", 12), ("party", "基本活动", "主题党日", 8),
    ("party", "基本作用", "先锋攻坚", 12), ("party", "基本作用", "群众满意", 8),
    ("party", "基本制度", "制度执行", 15), ("party", "基本保障", "阵地经费", 10),
    ("business", "经营效益", "利润完成", 30), ("business", "经营效益", "收入完成", 20),
    ("business", "成本控制", "成本控制", 15), ("business", "安全生产", "安全生产", 15),
    ("business", "重点任务", "重点任务", 10), ("business", "质量服务", "质量服务", 10),
]

PLAIN_AGGREGATE = """
SELECT e.branch_id, e.category, sum(s.score) / sum(s.full_mark) AS rate
FROM entry_scores AS s
JOIN entries AS e ON e.entry_id = s.entry_id
WHERE e.quarter = $quarter
  AND e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
GROUP BY e.branch_id, e.category
"""


def populate(db: Database, n_branches: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    n_ind = len(INDICATORS)
    marks = np.array([m for *_, m in INDICATORS], dtype=float)
    scores = np.round(marks * rng.uniform(0.4, 1.0, size=(n_branches, n_ind)), 1)
    scores[rng.random((n_branches, n_ind)) < 0.03] = np.nan  # some 不适用 cells
    is_party = np.array([c == "party" for c, *_ in INDICATORS])
    dimensions = np.array([d for _, d, *_ in INDICATORS], dtype=object)

    branch_id = np.arange(1, n_branches + 1)
    branches = pd.DataFrame({
        "branch_id": branch_id,
        "committee": [f"党委{i % 100:02d}" for i in branch_id],
        "branch": [f"第{i}支部" for i in branch_id],
    })
    indicators = pd.DataFrame({
        "indicator_id": np.arange(1, n_ind + 1),
        "category": [c for c, *_ in INDICATORS],
        "name": [n for _, _, n, _ in INDICATORS],
        "description": None,
    })
    entry_frames, score_frames = [], []
    for k, (category, mask) in enumerate([("party", is_party), ("business", ~is_party)]):
        entry_id = branch_id + k * n_branches
        s = scores[:, mask]
        m = np.where(np.isnan(s), np.nan, marks[mask])
        has = ~np.isnan(s).all(axis=1)
        entry_frames.append(pd.DataFrame({
            "entry_id": entry_id, "branch_id": branch_id, "quarter": QUARTER,
            "category": category, "general_branch": None,
            "bonus": np.where(rng.random(n_branches) < 0.1, 3.0, 0.0),
            "deduction": np.where(rng.random(n_branches) < 0.1, 2.0, 0.0),
            "veto_reason": np.where(rng.random(n_branches) < 0.01, "安全生产事故", None),
            "note": None,
            "score_sum": np.where(has, np.nansum(s, axis=1), np.nan),
            "mark_sum": np.where(has, np.nansum(m, axis=1), np.nan),
            "fingerprint": "bench", "valid_from": 1, "valid_to": None,
        }))
        ind_ids = np.flatnonzero(mask) + 1
        score_frames.append(pd.DataFrame({
            "entry_id": np.repeat(entry_id, mask.sum()),
            "indicator_id": np.tile(ind_ids, n_branches),
            "dimension": np.tile(dimensions[mask], n_branches),
            "full_mark": np.tile(marks[mask], n_branches),
            "score": s.reshape(-1),
            "position": np.tile(np.arange(1, mask.sum() + 1), n_branches),
        }))
    versions = pd.DataFrame([{
        "version": 1, "created_at": datetime(2026, 1, 1), "user_name": "bench", "action": "upload",
        "restored_version": None, "quarters": [QUARTER], "entries_written": 2 * n_branches,
        "entries_unchanged": 0, "entries_closed": 0,
    }])
    tables = [("versions", versions), ("branches", branches), ("indicators", indicators),
              ("entries", pd.concat(entry_frames)), ("entry_scores", pd.concat(score_frames))]
    with db.transaction() as cur:
        for table, frame in tables:
            columns = [r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $t",
                {"t": table}).fetchall()]
            cur.register("frame", frame[[c for c in frame.columns if c in columns]])
            cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")  # fixed table names
            cur.unregister("frame")


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
    with tempfile.TemporaryDirectory() as tmp, Database(Path(tmp) / "bench.duckdb") as db:
        start = time.perf_counter()
        populate(db, args.branches)
        print(f"populated {args.branches} branches × {len(INDICATORS)} indicators "
              f"in {time.perf_counter() - start:.2f} s")
        table = branch_scores(db, QUARTER, config)
        assert len(table) == args.branches, len(table)

        def plain():
            with db.cursor() as cur:
                return cur.execute(PLAIN_AGGREGATE, {"quarter": QUARTER, "as_of": 1}).df()

        ours = timed(lambda: branch_scores(db, QUARTER, config), args.runs)
        base = timed(plain, args.runs)
        print(f"branch_scores   {ours * 1000:8.1f} ms  (median of {args.runs}, warm)")
        print(f"plain aggregate {base * 1000:8.1f} ms")
        print(f"ratio           {ours / base:8.1f} ×")
        print("target < 100 ms:", "met" if ours < 0.1 else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
