"""Sign-in that holds a crowd (issue 14): password checks bounded in concurrency (and so in
memory), attempts limited per account and per address.

Each argon2 check takes about half a second of a core and 64 MiB (the hash parameters are the
library's RFC 9106 defaults and stay so); without a bound, twenty people signing in at once ran
twenty checks at once — over a gigabyte, 18–45 s each. :func:`hash_slot` lets at most
:data:`HASH_SLOTS` (the number of cores) run at a time, the others wait their turn.

:class:`AttemptLimiter` refuses a sign-in — before any hash is computed — for an account or an
address with :data:`MAX_FAILURES` failures in the last :data:`WINDOW` seconds, and says how long
to wait. An attempt counts as a failure from its start (so many at once cannot slip past the
limit together) against its account, and is forgotten when it succeeds; against its address it
counts once it has failed (people behind one address — a proxy, a NAT — may sign in at once).
Pure: no Streamlit; the clock is injectable.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import OrderedDict, deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping

HASH_SLOTS = max(1, int(os.environ.get("ASSESS_HASH_SLOTS") or 0) or os.cpu_count() or 1)
"""How many password checks may run at once: one per core (more only queue inside the CPU
while each holds its 64 MiB); ``$ASSESS_HASH_SLOTS`` overrides it (scripts/bench_signin.py
measures the unbounded baseline so)."""
MAX_FAILURES = 5
WINDOW = 300.0  # seconds
MAX_KEYS = 10_000  # accounts + addresses remembered (the oldest forgotten first): bounded memory

_slots = threading.BoundedSemaphore(HASH_SLOTS)


@contextmanager
def hash_slot() -> Iterator[None]:
    """Hold one of the :data:`HASH_SLOTS` while computing a password hash."""
    with _slots:
        yield


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt the limiter let through (``allowed``) or refused for ``wait`` seconds."""

    allowed: bool
    wait: float = 0.0
    keys: tuple[str, ...] = ()
    at: float = 0.0


class AttemptLimiter:
    """At most ``max_failures`` failed attempts per key (an account, an address) within
    ``window`` seconds. Thread-safe; ``clock`` returns seconds (monotonic)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS):
        self.max_failures = max_failures
        self.window = window
        self.clock = clock
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def keys(account: str, address: str | None = None) -> tuple[str, ...]:
        """The keys an attempt counts against: the account (case-insensitive) and the address."""
        keys = (f"account:{account.strip().casefold()}",)
        return keys + ((f"address:{address}",) if address else ())

    def begin(self, keys: tuple[str, ...]) -> Attempt:
        """Let an attempt through or refuse it. A let-through attempt counts as a failure of its
        account (the first key) until :meth:`succeeded`; of the other keys once :meth:`failed`."""
        with self._lock:
            now = self.clock()
            wait = self._wait(keys, now)
            if wait > 0:
                return Attempt(False, wait, keys, now)
            self._record(keys[:1], now)
            return Attempt(True, 0.0, keys, now)

    def failed(self, attempt: Attempt) -> None:
        """The attempt was wrong: it counts against its address too."""
        with self._lock:
            self._record(attempt.keys[1:], attempt.at)

    def succeeded(self, attempt: Attempt) -> None:
        """The attempt was right: it no longer counts against its account."""
        with self._lock:
            times = self._failures.get(attempt.keys[0])
            if times is not None and attempt.at in times:
                times.remove(attempt.at)

    def _record(self, keys: tuple[str, ...], at: float) -> None:
        for key in keys:
            self._failures.setdefault(key, deque()).append(at)
            self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)

    def wait(self, keys: tuple[str, ...]) -> float:
        """Seconds until an attempt on ``keys`` is allowed again (0: now)."""
        with self._lock:
            return self._wait(keys, self.clock())

    def _wait(self, keys: tuple[str, ...], now: float) -> float:
        wait = 0.0
        for key in keys:
            times = self._failures.get(key)
            if times is None:
                continue
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.max_failures:
                wait = max(wait, times[len(times) - self.max_failures] + self.window - now)
        return wait


LIMITER = AttemptLimiter()
"""The process's limiter, shared by every session."""


@dataclass(frozen=True)
class SignIn:
    """The outcome of :func:`sign_in`: the user (None when refused) and, when the limit is
    reached, the seconds to wait before the next try."""

    user: object | None
    wait: float = 0.0

    def wait_parts(self) -> tuple[int, int]:
        """The wait as (minutes, seconds), rounded up to the second."""
        total = math.ceil(self.wait)
        return total // 60, total % 60


def sign_in(users: Mapping, name: str, password: str, address: str | None = None,
            limiter: AttemptLimiter | None = None) -> SignIn:
    """The sign-in the page performs: refused at once (no hash computed) when the account or the
    address is over the limit; else the password checked (:func:`assess.auth.authenticate`,
    bounded by :func:`hash_slot`). A failure that reaches the limit says the wait at once."""
    from assess.auth import authenticate

    limiter = limiter or LIMITER
    attempt = limiter.begin(limiter.keys(name, address))
    if not attempt.allowed:
        return SignIn(None, attempt.wait)
    user = authenticate(users, name, password)
    if user is not None:
        limiter.succeeded(attempt)
        return SignIn(user)
    limiter.failed(attempt)
    return SignIn(None, limiter.wait(attempt.keys))
