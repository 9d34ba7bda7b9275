"""Sign-in that holds a crowd (issue 14): the attempt limiter (injected clock, no sleeping), the
bound on concurrent password checks, and the page's message."""

from __future__ import annotations

import threading

import pytest

from assess import auth, signin
from assess.auth import User
from assess.i18n import t
from assess.signin import AttemptLimiter, sign_in

PASSWORD = "correct horse battery"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def users():
    hashed = auth.hash_password(PASSWORD)
    return {"zhang": User("zhang", "uploader", password_hash=hashed), "li": User("li", "viewer", password_hash=hashed)}


def test_five_failures_lock_the_account_for_the_rest_of_the_window():
    clock = Clock()
    limiter = AttemptLimiter(max_failures=5, window=300, clock=clock)
    keys = limiter.keys("Zhang", "10.0.0.1")
    for i in range(5):
        attempt = limiter.begin(keys)
        assert attempt.allowed
        limiter.failed(attempt)
        clock.now += 10  # failures at 1000, 1010, 1020, 1030, 1040
    refused = limiter.begin(keys)
    assert not refused.allowed and refused.wait == pytest.approx(1000 + 300 - 1050)
    assert limiter.begin(limiter.keys(" zhang ")).wait == pytest.approx(250)  # the account, from anywhere
    assert limiter.begin(limiter.keys("li", "10.0.0.1")).wait == pytest.approx(250)  # the address, any account
    assert limiter.begin(limiter.keys("li", "10.0.0.2")).allowed
    clock.now = 1300.0  # the first failure left the window: one more try
    limiter.failed(limiter.begin(keys))
    assert limiter.begin(keys).wait == pytest.approx(1010 + 300 - 1300)  # 1010…1040 and 1300: five


def test_a_success_does_not_count_and_refused_attempts_do_not_extend_the_lock():
    clock = Clock()
    limiter = AttemptLimiter(max_failures=2, window=60, clock=clock)
    keys = limiter.keys("zhang")
    ok = limiter.begin(keys)
    limiter.succeeded(ok)
    assert limiter.begin(keys).allowed and limiter.begin(keys).allowed  # two failures
    for _ in range(10):
        clock.now += 1
        assert limiter.begin(keys).wait == pytest.approx(60 - (clock.now - 1000))
    clock.now = 1060.0
    assert limiter.begin(keys).allowed


def test_attempts_at_once_cannot_slip_past_the_limit():
    limiter = AttemptLimiter(max_failures=5, window=300, clock=Clock())
    keys = limiter.keys("zhang")
    results = []
    threads = [threading.Thread(target=lambda: results.append(limiter.begin(keys).allowed)) for _ in range(40)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results) == [False] * 35 + [True] * 5


def test_people_behind_one_address_may_sign_in_at_once():
    """Attempts in progress count against their account only; against the address once failed."""
    limiter = AttemptLimiter(max_failures=5, window=300, clock=Clock())
    attempts = [limiter.begin(limiter.keys(f"user{i}", "10.0.0.1")) for i in range(20)]
    assert all(a.allowed for a in attempts)
    for a in attempts[:5]:
        limiter.failed(a)
    for a in attempts[5:]:
        limiter.succeeded(a)
    assert limiter.wait(limiter.keys("user99", "10.0.0.1")) == pytest.approx(300)
    assert limiter.wait(limiter.keys("user99", "10.0.0.2")) == 0


def test_memory_is_bounded_by_the_number_of_keys():
    limiter = AttemptLimiter(max_failures=5, window=300, clock=Clock(), max_keys=100)
    for i in range(1000):
        limiter.failed(limiter.begin(limiter.keys(f"user{i}", f"10.0.{i // 256}.{i % 256}")))
    assert len(limiter._failures) == 100


def test_sign_in_refuses_without_checking_the_password_once_locked(users, monkeypatch):
    clock = Clock()
    limiter = AttemptLimiter(max_failures=3, window=300, clock=clock)
    assert sign_in(users, "zhang", PASSWORD, "10.0.0.1", limiter).user is users["zhang"]
    outcomes = [sign_in(users, "zhang", "wrong", "10.0.0.1", limiter) for _ in range(3)]
    assert [o.user for o in outcomes] == [None] * 3
    assert [o.wait for o in outcomes] == [0, 0, pytest.approx(300)]  # the third says the wait at once
    checked = []
    monkeypatch.setattr(auth, "authenticate", lambda *a: checked.append(a))
    locked = sign_in(users, "zhang", PASSWORD, "10.0.0.9", limiter)  # even the right password
    assert locked.user is None and locked.wait == pytest.approx(300) and checked == []
    assert locked.wait_parts() == (5, 0)
    clock.now += 300
    monkeypatch.undo()
    assert sign_in(users, "zhang", PASSWORD, "10.0.0.9", limiter).user is users["zhang"]


def test_password_checks_run_at_most_one_per_core(users, monkeypatch):
    running, peak, lock = [0], [0], threading.Lock()
    release = threading.Event()

    class Hasher:
        def verify(self, stored, password):
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            release.wait(5)
            with lock:
                running[0] -= 1
            return True

    monkeypatch.setattr(auth, "_HASHER", Hasher())
    threads = [threading.Thread(target=auth.authenticate, args=(users, "zhang", PASSWORD)) for _ in range(8)]
    for th in threads:
        th.start()
    while True:  # wait until every slot is taken (the others queue on the semaphore)
        with lock:
            if running[0] == signin.HASH_SLOTS:
                break
    release.set()
    for th in threads:
        th.join()
    assert peak[0] == signin.HASH_SLOTS < 8


def test_the_sign_in_form_says_how_long_to_wait(make_app, sample_db, monkeypatch, tmp_path):
    from tests.test_access_pages import _fill_and_submit

    users_file = tmp_path / "users.toml"
    users_file.write_text(auth.dump_users({"viewer": User("viewer", "viewer", password_hash=auth.hash_password(PASSWORD))}),
                          encoding="utf-8")
    config = tmp_path / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    monkeypatch.setenv("ASSESS_CONFIG", str(config))
    monkeypatch.setenv("ASSESS_USERS", str(users_file))
    clock = Clock()
    monkeypatch.setattr(signin, "LIMITER", AttemptLimiter(max_failures=5, window=300, clock=clock))
    at = make_app(sample_db)
    for _ in range(4):
        at = _fill_and_submit(at, "viewer", "wrong password")
        assert [e.value for e in at.error] == [t("access.wrong_credentials", "zh")]
    clock.now += 59.5
    at = _fill_and_submit(at, "viewer", "wrong password")
    expected = t("security.sign_in.too_many", "zh", minutes=4, seconds=1, failures=5, window=5)
    assert [e.value for e in at.error] == [expected]
    at = _fill_and_submit(at, "viewer", PASSWORD)  # right, but locked: still refused
    assert [e.value for e in at.error] == [expected]
    assert len(at.metric) == 0


def test_the_server_does_not_collect_all_garbage_after_every_run():
    """Streamlit's default full collection after each script run holds the interpreter lock for
    a third of the server's CPU when a crowd signs in (BENCHMARKS.md, "Sign-in under a crowd").
    The setting is read from the project's config, as ``streamlit run`` from the root reads it."""
    import tomllib

    from assess.config import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
