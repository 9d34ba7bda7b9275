"""Benchmark: 20 people signing in at once, against a real dashboard server on 127.0.0.1.

What is measured (browser-level, the honest end-to-end path): one headless chromium with N
browser contexts (N separate people: own cookies, own Streamlit session). Each opens the sign-in
page and fills in its own user name and password; then all N click "登录" at the same moment.
A sign-in's time is from its click until its sidebar says "当前用户：<name>" (the run after the
password check has drawn the signed-in sidebar). The server's peak memory is its process's
``VmHWM`` (peak resident set) since just before the clicks (reset through ``clear_refs``), next
to its resident set before them.

Two servers are measured in the same run, on the same sample store and users file:

- ``baseline``: password checks unbounded (``ASSESS_HASH_SLOTS=N``), as before issue 14;
- ``bounded``: the default, one check per core (assess.signin.HASH_SLOTS).

The browser figures include what 20 chromium tabs on the same two cores cost (each draws the
overview after signing in). So the same two settings are also measured at the code path alone:
N threads of this process calling :func:`assess.signin.sign_in` — the function the sign-in form
calls — at once, timed per call, with this process's peak memory and the CPU time all the
checks took (``code path`` rows; on an idle machine the last of N finishes after about
CPU s ÷ cores).

    .venv/bin/python scripts/bench_signin.py [N] [ROUNDS]

Needs Debian's chromium (/usr/bin/chromium) and playwright.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess import auth  # noqa: E402
from assess.i18n import t  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
TIMEOUT = 180_000  # ms


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [str(ROOT / ".venv/bin/python"), str(ROOT / "scripts" / "serve.py"), "--server.headless=true",
           f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ, ASSESS_DB=str(db), **env),
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace")[-3000:])
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read().strip() == b"ok":
                return proc, url
        except OSError:
            pass
        time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


def memory_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


async def one_round(browser, url: str, n: int, pid: int) -> tuple[list[float], int, int]:
    """Sign ``n`` people in at once; (seconds per sign-in, RSS before in KiB, peak RSS in KiB)."""
    contexts = [await browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
                for _ in range(n)]
    try:
        pages = [await ctx.new_page() for ctx in contexts]
        for p in pages:
            p.set_default_timeout(TIMEOUT)

        async def ready(i: int, page) -> None:
            await page.goto(url + "/", wait_until="domcontentloaded")
            await page.locator(".st-key-_sign_in_name input").first.fill(f"user{i:02d}")
            await page.locator(".st-key-_sign_in_password input").first.fill(PASSWORD)

        await asyncio.gather(*(ready(i, p) for i, p in enumerate(pages)))
        await asyncio.sleep(1.0)  # every session idle
        before = memory_kib(pid, "VmRSS")
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset VmHWM to the current RSS
        times: list[float] = [0.0] * n

        async def sign_in(i: int, page) -> None:
            label = t("access.signed_in_as", "zh", name=f"user{i:02d}", role=t("access.role.viewer", "zh"))
            button = page.get_by_role("button", name=t("access.sign_in", "zh"), exact=True)
            start = time.perf_counter()
            await button.click()
            await page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).wait_for()
            times[i] = time.perf_counter() - start

        await asyncio.gather(*(sign_in(i, p) for i, p in enumerate(pages)))
        peak = memory_kib(pid, "VmHWM")
        return times, before, peak
    finally:
        for ctx in contexts:
            await ctx.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


async def measure(label: str, db: Path, env: dict[str, str], n: int, rounds: int, work: Path) -> dict:
    from playwright.async_api import async_playwright

    proc, url = start_server(db, env, work / f"{label}.log")
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--disable-dev-shm-usage", "--disable-gpu", "--no-sandbox"])
            try:
                times, befores, peaks = [], [], []
                for _ in range(rounds):
                    t_, before, peak = await one_round(browser, url, n, proc.pid)
                    times += t_
                    befores.append(before)
                    peaks.append(peak)
            finally:
                await browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"label": label, "p50": statistics.median(times), "p95": percentile(times, 0.95),
            "max": max(times), "rss_before_mib": max(befores) / 1024, "peak_mib": max(peaks) / 1024}


def code_path(label: str, n: int, slots: int, users: dict) -> dict:
    """``n`` threads call :func:`assess.signin.sign_in` at once with ``slots`` hash slots."""
    import threading

    from assess import signin

    signin._slots = threading.BoundedSemaphore(slots)
    limiter = signin.AttemptLimiter()
    barrier = threading.Barrier(n)
    times = [0.0] * n

    def run(i: int) -> None:
        barrier.wait()
        start = time.perf_counter()
        assert signin.sign_in(users, f"user{i:02d}", PASSWORD, "127.0.0.1", limiter).user is not None
        times[i] = time.perf_counter() - start

    import resource

    before = memory_kib(os.getpid(), "VmRSS")
    Path("/proc/self/clear_refs").write_text("5")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = usage.ru_utime + usage.ru_stime
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    peak = memory_kib(os.getpid(), "VmHWM")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"label": label, "p50": statistics.median(times), "p95": percentile(times, 0.95), "max": max(times),
            "rss_before_mib": before / 1024, "peak_mib": peak / 1024, "cpu": usage.ru_utime + usage.ru_stime - cpu0}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "bench.duckdb"
        samples = sorted(str(p) for p in (ROOT / "data" / "sample").glob("*.xlsx"))
        subprocess.run([sys.executable, "-m", "assess", "--db", str(db), "ingest", *samples, "--user", "bench"],
                       cwd=ROOT, check=True, capture_output=True)
        hashed = auth.hash_password(PASSWORD)  # one hash for all: each check costs the same
        users = work / "users.toml"
        users.write_text(auth.dump_users({f"user{i:02d}": auth.User(f"user{i:02d}", "viewer", password_hash=hashed)
                                          for i in range(n)}), encoding="utf-8")
        config = work / "assess.toml"
        config.write_text("[access]\nrequire_login = true\n", encoding="utf-8")
        env = {"ASSESS_CONFIG": str(config), "ASSESS_USERS": str(users)}
        print(f"{n} simultaneous sign-ins × {rounds} round(s), browser contexts in one chromium, "
              f"{os.cpu_count()} cores; load average before: {os.getloadavg()[0]:.1f}")
        people = auth.load_users(users)
        results = []
        for _ in range(rounds):
            results.append(code_path("code path, baseline", n, n, people))
            results.append(code_path("code path, bounded", n, os.cpu_count() or 1, people))
        results += [asyncio.run(measure("browser, baseline", db, {**env, "ASSESS_HASH_SLOTS": str(n)}, n, rounds, work)),
                    asyncio.run(measure("browser, bounded", db, env, n, rounds, work))]
    print(f"{'':22} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'RSS before MiB':>15} {'peak MiB':>9} {'CPU s':>6}")
    for r in results:
        cpu = f"{r['cpu']:6.2f}" if "cpu" in r else f"{'':6}"
        print(f"{r['label']:22} {r['p50']:7.2f} {r['p95']:7.2f} {r['max']:7.2f} {r['rss_before_mib']:15.0f} "
              f"{r['peak_mib']:9.0f} {cpu}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
