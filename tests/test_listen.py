"""SPEC §8: without a users file (local mode, anyone may upload) the server listens on the
loopback address only and says how to serve other machines; with a users file it listens on every
interface. The pure choice (assess.listen) and the real server started by scripts/serve.py, whose
listening socket is read from /proc/net/tcp*."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assess import listen

ROOT = Path(__file__).resolve().parent.parent
USERS = Path("config/users.toml")


@pytest.mark.parametrize("argv, expected", [
    (["--server.port=8501"], ["--server.port=8501", "--server.address=127.0.0.1"]),
    (["--server.address=0.0.0.0", "--server.port=1"], ["--server.port=1", "--server.address=127.0.0.1"]),
    (["--server.address", "::", "--server.port=1"], ["--server.port=1", "--server.address=127.0.0.1"]),
])
def test_local_mode_listens_on_the_loopback_address_whatever_was_asked(argv, expected):
    options, notice = listen.server_args(argv, USERS, has_users=False)
    assert options == expected
    zh, en = notice.split("\n")[0], [line for line in notice.split("\n") if line.startswith("local mode")][0]
    assert "127.0.0.1" in zh and "config/users.toml" in zh and "其他电脑" in zh
    assert "other machines" in en and "config/users.toml" in en
    assert ("is ignored" in notice) == (listen.given_address(argv) is not None)


def test_with_a_users_file_the_options_are_kept():
    argv = ["--server.port=8501", "--server.address=0.0.0.0"]
    assert listen.server_args(argv, USERS, has_users=True) == (argv, None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port`` (hex, as /proc/net shows them)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


LOOPBACK_V4 = "0100007F"
ANY = {"00000000", "0" * 32}


@pytest.mark.parametrize("with_users", [False, True])
def test_the_server_listens_where_its_mode_says(tmp_path, with_users):
    users = tmp_path / "users.toml"
    if with_users:
        users.write_text("", encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, ASSESS_USERS=str(users), ASSESS_DB=str(tmp_path / "x.duckdb"),
               ASSESS_CONFIG=str(tmp_path / "none.toml"))
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
         f"--server.port={port}", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the server did not start")
        addresses = _listening(port)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    if with_users:
        assert addresses and addresses <= ANY, addresses
        assert "本机模式" not in err and "local mode" not in err
    else:
        assert addresses == {LOOPBACK_V4}, addresses
        assert "本机模式" in err and "other machines" in err
