"""Build a store for scoring tests by writing the schema's tables directly (no workbook, no ingest).

Describe the data compactly::

    db = make_db(tmp_path, [
        *simple("2025Q1", "党委A", "一支部", p=90, b=80),
        entry("2025Q1", "党委A", "二支部", "party", {"p": None}, veto="安全事故"),
    ])

``simple`` uses the one-indicator catalog :data:`SIMPLE` (each category a single indicator worth
100), so P and B are the scores themselves plus bonus minus deduction. ``entry`` writes one
(branch, quarter, category) cell with any indicators of the catalog (None = 不适用). A cell given
again in a later ``version`` replaces the earlier one from that version on; ``until`` closes a
cell without replacement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from assess.db import Database

Catalog = dict[tuple[str, str], tuple[str | None, float]]
"""(category, indicator) → (dimension or None, full mark); insertion order is column order."""

SIMPLE: Catalog = {
    ("party", "p"): ("基本组织", 100.0),
    ("business", "b"): (None, 100.0),
}

DIMENSIONS: Catalog = {
    ("party", "组织设置"): ("基本组织", 10.0),
    ("party", "班子建设"): ("基本组织", 10.0),
    ("party", "党员发展"): ("基本队伍", 20.0),
    ("party", "先锋攻坚"): (None, 10.0),  # no dimension: its own
    ("party", "制度执行"): ("基本制度", 50.0),
    ("business", "利润完成"): ("经营效益", 60.0),
    ("business", "安全生产"): ("安全生产", 40.0),
}
"""Party marks add up to 100, business marks too, so sums read as points."""


@dataclass
class Entry:
    quarter: str
    committee: str
    branch: str
    category: str
    scores: dict[str, float | None]
    bonus: float = 0.0
    deduction: float = 0.0
    veto: str | None = None
    general_branch: str | None = None
    version: int = 1
    until: int | None = None
    marks: dict[str, float] = field(default_factory=dict)  # full-mark overrides for this quarter
    note: str | None = None  # 备注


def entry(quarter: str, committee: str, branch: str, category: str,
          scores: dict[str, float | None], **kw) -> Entry:
    return Entry(quarter, committee, branch, category, dict(scores), **kw)


def simple(quarter: str, committee: str, branch: str, p: float | None = None,
           b: float | None = None, *, veto: str | None = None, version: int = 1,
           general_branch: str | None = None, p_bonus: float = 0.0, p_deduction: float = 0.0,
           b_bonus: float = 0.0, b_deduction: float = 0.0) -> list[Entry]:
    """Cells of a branch under :data:`SIMPLE`: P = p + bonus − deduction, B likewise; a None
    score writes no cell for that category; ``veto`` goes on the party cell."""
    out = []
    if p is not None:
        out.append(Entry(quarter, committee, branch, "party", {"p": p}, p_bonus, p_deduction,
                         veto, general_branch, version))
    if b is not None:
        out.append(Entry(quarter, committee, branch, "business", {"b": b}, b_bonus, b_deduction,
                         None if p is not None else veto, general_branch, version))
    return out


def make_db(tmp_path: Path, entries: list[Entry], catalog: Catalog = SIMPLE,
            name: str = "test.duckdb") -> Database:
    db = Database(tmp_path / name)
    insert(db, entries, catalog)
    return db


def insert(db: Database, entries: list[Entry], catalog: Catalog = SIMPLE) -> None:
    """Write versions, branches, indicators, entries and entry_scores for ``entries``."""
    indicator_ids = {key: i for i, key in enumerate(catalog, start=1)}
    positions = {}
    for (category, name) in catalog:
        positions[(category, name)] = sum(1 for c, _ in positions if c == category) + 1
    branch_ids: dict[tuple[str, str], int] = {}
    for e in entries:
        branch_ids.setdefault((e.committee, e.branch), len(branch_ids) + 1)

    ordered = sorted(entries, key=lambda e: (e.quarter, e.committee, e.branch, e.category,
                                             e.version))
    entry_rows, score_rows = [], []
    for n, e in enumerate(ordered, start=1):
        nxt = ordered[n] if n < len(ordered) else None
        same = nxt is not None and (nxt.quarter, nxt.committee, nxt.branch, nxt.category) == (
            e.quarter, e.committee, e.branch, e.category)
        valid_to = nxt.version if same else e.until
        applicable = []
        for indicator, score in e.scores.items():
            dimension, full_mark = catalog[(e.category, indicator)]
            full_mark = e.marks.get(indicator, full_mark)
            score_rows.append({
                "entry_id": n, "indicator_id": indicator_ids[(e.category, indicator)],
                "dimension": dimension, "full_mark": float(full_mark),
                "score": None if score is None else float(score),
                "position": positions[(e.category, indicator)],
            })
            if score is not None:
                applicable.append((float(score), float(full_mark)))
        entry_rows.append({
            "entry_id": n, "branch_id": branch_ids[(e.committee, e.branch)],
            "quarter": e.quarter, "category": e.category, "general_branch": e.general_branch,
            "bonus": float(e.bonus), "deduction": float(e.deduction), "veto_reason": e.veto,
            "note": e.note,
            "score_sum": sum(s for s, _ in applicable) if applicable else None,
            "mark_sum": sum(m for _, m in applicable) if applicable else None,
            "fingerprint": f"fixture-{n}",
            "valid_from": e.version, "valid_to": valid_to,
        })

    last = max([e.version for e in entries] + [e.until or 0 for e in entries], default=0)
    versions = pd.DataFrame([{
        "version": v, "created_at": datetime(2026, 1, 1), "user_name": "test", "action": "upload",
        "restored_version": None,
        "quarters": sorted({e.quarter for e in entries if e.version == v}),
        "entries_written": 0, "entries_unchanged": 0, "entries_closed": 0,
    } for v in range(1, last + 1)])
    branches = pd.DataFrame([{"branch_id": i, "committee": c, "branch": b}
                             for (c, b), i in branch_ids.items()])
    indicators = pd.DataFrame([{"indicator_id": i, "category": c, "name": n, "description": None}
                               for (c, n), i in indicator_ids.items()])
    with db.transaction() as cur:
        for table, frame in [("versions", versions), ("branches", branches),
                             ("indicators", indicators), ("entries", pd.DataFrame(entry_rows)),
                             ("entry_scores", pd.DataFrame(score_rows))]:
            if frame.empty:
                continue
            columns = [r[0] for r in cur.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = $t "
                "ORDER BY ordinal_position", {"t": table}).fetchall()]
            frame = frame[[c for c in columns if c in frame.columns]]
            cur.register("frame", frame)
            # the table names are the fixed ones above, never input
            cur.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
            cur.unregister("frame")
