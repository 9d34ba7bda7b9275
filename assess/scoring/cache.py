"""A small process-level cache of scoring results, keyed by data version.

What a data version shows never changes: an upload or a rollback writes a new version and only
closes rows *at* that version, so every result "as of N" can be kept for as long as the
:class:`~assess.db.Database` object lives. Entries are kept per Database object (weakly, so a
closed store drops its cache), least recently used first out, within a count and a byte budget.
Only versions that exist are cached (``as_of`` ≤ the latest): a result for a future version
could still change.

Callers get a shallow copy: pandas' copy-on-write keeps the cached frame intact whatever the
caller does with it.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any, Callable, Hashable

import pandas as pd

MAX_ENTRIES = 96
MAX_BYTES = 256 * 1024 * 1024  # the dashboard keeps no other copies: pages read through here
# At 100,000 branches a page's working set (a period's branch table, its indicator and dimension
# rates, twelve quarters' scores) is ≈150 MB: a smaller budget evicts one for the other on every run.

_lock = threading.Lock()
_stores: "weakref.WeakKeyDictionary[Any, _Store]" = weakref.WeakKeyDictionary()
_pending: dict[tuple[int, Hashable], threading.Event] = {}  # being computed now


class _Store:
    def __init__(self) -> None:
        self.items: OrderedDict[Hashable, tuple[pd.DataFrame, int]] = OrderedDict()
        self.bytes = 0


def _size(frame: pd.DataFrame) -> int:
    try:
        return int(frame.memory_usage(index=True, deep=False).sum())
    except Exception:  # noqa: BLE001 - a size estimate only
        return 0


def cached(db: Any, key: Hashable, cacheable: bool, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``compute()``, or its kept result for ``key`` on ``db`` (when ``cacheable``). While one
    thread computes a key, others asking for it wait for that result instead of computing it
    again (twenty sessions opening the dashboard after an upload pay for one query)."""
    if not cacheable:
        return compute()
    pending_key = (id(db), key)
    while True:
        with _lock:
            store = _stores.get(db)
            hit = store.items.get(key) if store is not None else None
            if hit is not None:
                store.items.move_to_end(key)
                break
            running = _pending.get(pending_key)
            if running is None:
                mine = _pending[pending_key] = threading.Event()
                break
        running.wait()  # then look again: kept, or (too large to keep, failed) compute it here
    if hit is not None:
        return hit[0].copy(deep=False)
    try:
        frame = compute()
        size = _size(frame)
        if size <= MAX_BYTES // 2:
            with _lock:
                store = _stores.setdefault(db, _Store())
                if key not in store.items:
                    store.items[key] = (frame.copy(deep=False), size)
                    store.bytes += size
                while store.items and (len(store.items) > MAX_ENTRIES or store.bytes > MAX_BYTES):
                    _, (_, dropped) = store.items.popitem(last=False)
                    store.bytes -= dropped
        return frame
    finally:
        with _lock:
            _pending.pop(pending_key, None)
        mine.set()


def clear(db: Any | None = None) -> None:
    """Forget the kept results of ``db`` (of every store when None)."""
    with _lock:
        if db is None:
            _stores.clear()
        else:
            _stores.pop(db, None)
