"""Consistency checks of the store: what must hold after any sequence of uploads, rollbacks and
crashes (SPEC §4 "Versions": an upload lands whole or not at all, nothing is lost).

Each check is one ``queries/integrity_*.sql`` file returning one row per violation with a
``detail`` column; a consistent store returns no row from any of them. The checks only read.
"""

from __future__ import annotations

from assess.db import Database, query_names

PREFIX = "integrity_"


def check_names() -> list[str]:
    """The names of the checks: the ``queries/integrity_*.sql`` files, sorted."""
    return [name for name in query_names() if name.startswith(PREFIX)]


def check_consistency(db: Database, limit: int = 20) -> list[str]:
    """Every violation found, as ``"check: detail"`` lines; an empty list means consistent.

    At most ``limit`` lines per check, followed by ``"check: … and N more"`` when there are more.
    """
    lines: list[str] = []
    for name in check_names():
        check = name.removeprefix(PREFIX)
        details = db.query(name)["detail"].tolist()
        lines += [f"{check}: {detail}" for detail in details[:limit]]
        if len(details) > limit:
            lines.append(f"{check}: … and {len(details) - limit} more")
    return lines
