"""Twenty people sign in at once (issue 14), against the real server: each session is signed in
as its own user and sees its overview, and the server's memory stays bounded while the twenty
password checks run. Spoken to over Streamlit's websocket as a browser does, by the client of
``scripts/bench_signin.py`` (which times the same crowd; this test asserts no time)."""

from __future__ import annotations

import asyncio
import importlib.util
import threading

from assess import auth, signin
from assess.config import ROOT

CROWD = 20
HASH_MIB = 64  # argon2id's memory cost per check (the library's defaults, which auth uses)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_signin", ROOT / "scripts" / "bench_signin.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _in_thread(coroutine):
    """Run ``coroutine`` on an event loop of its own thread (Playwright's sync API may hold this
    thread's loop)."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = asyncio.run(asyncio.wait_for(coroutine, timeout=240))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_twenty_people_sign_in_at_once_each_as_themselves(make_server, tmp_path):
    bench = _bench()
    hashed = auth.hash_password(bench.PASSWORD)
    users = tmp_path / "users.toml"
    users.write_text(auth.dump_users({f"user{i:02d}": auth.User(f"user{i:02d}", "viewer", password_hash=hashed)
                                      for i in range(CROWD)}), encoding="utf-8")
    config = tmp_path / "assess.toml"
    config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
    server = make_server({"ASSESS_CONFIG": str(config), "ASSESS_USERS": str(users)})

    # each session waits for the sidebar naming *its* user, then for its overview's run to end
    # with charts and no exception (StreamlitClient.sign_in raises otherwise)
    named, done, before_kib, peak_kib = _in_thread(bench.server_round(server.url, CROWD, server.proc.pid))

    assert len(named) == len(done) == CROWD
    assert all(0 < n <= d for n, d in zip(named, done))
    # bounded: one 64 MiB check per core at a time (the server's HASH_SLOTS, as this process's),
    # not twenty at once (≈ 1.3 GB before issue 14); two checks' worth for the twenty sessions
    grew_mib = (peak_kib - before_kib) / 1024
    bound = (signin.HASH_SLOTS + 2) * HASH_MIB
    assert grew_mib < bound, f"the server grew {grew_mib:.0f} MiB during {CROWD} sign-ins (bound {bound})"
