"""Benchmark: 20 people signing in at once, against a real dashboard server on 127.0.0.1.

Three levels, each with the two settings below, on the same sample store and users file:

- ``server``: N sessions spoken to over Streamlit's websocket exactly as a browser does (the
  same ``BackMsg``: a rerun with the form's name, password and submit), nothing drawn. Timed per
  person from submitting the form until the sidebar's "当前用户：<name>" arrives (``named``: the
  person is signed in and sees it) and until the overview's run has finished (``overview``:
  every tile, table and chart sent). This is the server under a crowd whose browsers run on
  their own devices: all its work (sessions, script runs, password checks, the overview computed
  and sent), none of 20 browsers' drawing. The server's CPU seconds per round are printed.
- ``browser``: one headless chromium with N contexts (N people: own cookies, own session). Each
  fills in the form; all click "登录" at once; timed until the sidebar names the user. The 20
  tabs draw the overview on the server's own two cores, so these times are mostly chromium's.
- ``code path``: N threads of this process calling :func:`assess.signin.sign_in` (what the form
  calls) at once: the password checks alone, with this process's peak memory and CPU time.

The server's peak memory is its ``VmHWM`` (peak resident set) since just before the clicks
(reset through ``clear_refs``), next to its resident set before them.

- ``baseline``: as before issue 14: password checks unbounded (``ASSESS_HASH_SLOTS=N``) and
  Streamlit's full garbage collection after every script run (its default);
- ``bounded + GC`` (server level only): one check per core, the collection still on;
- ``bounded``: the defaults: one check per core (assess.signin.HASH_SLOTS), no collection after
  each run (``runner.postScriptGC = false`` in .streamlit/config.toml).

    .venv/bin/python scripts/bench_signin.py [N] [ROUNDS] [--no-browser]

Needs Debian's chromium (/usr/bin/chromium) and playwright for the browser level.
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
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"
TIMEOUT = 180_000  # ms
GC_AFTER_EVERY_RUN = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"}
"""Streamlit's default, which .streamlit/config.toml turns off: a full collection after every
script run (``baseline`` and ``bounded + GC`` put it back)."""


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


class StreamlitClient:
    """One person's session spoken to as the browser does, over Streamlit's websocket: the same
    ``BackMsg`` a browser sends (a rerun with the form's widget values), the same ``ForwardMsg``
    stream back, but nothing drawn. What this times is all the server's work — the session, the
    script runs, the password check, the overview computed and sent — without 20 chromium tabs
    drawing it on the server's own cores (on a real crowd each draws on its own device)."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.page = ""
        self.ids: dict[str, str] = {}

    async def run(self, widgets: list | None = None) -> None:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = self.page
        for widget in widgets or []:
            msg.rerun_script.widget_states.widgets.add().CopyFrom(widget)
        await self.ws.send(msg.SerializeToString())

    async def receive(self) -> tuple[bytes, ForwardMsg]:
        raw = await self.ws.recv()
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        return raw, msg

    async def open_sign_in(self) -> None:
        """The first run: the sign-in form, whose widget ids the submit needs."""
        await self.run()
        while True:
            _, msg = await self.receive()
            kind = msg.WhichOneof("type")
            if kind == "navigation":
                self.page = next(p.page_script_hash for p in msg.navigation.app_pages if p.is_default)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                widget = getattr(element, element.WhichOneof("type"))
                if getattr(widget, "form_id", "") == "sign_in":
                    self.ids["submit" if getattr(widget, "is_form_submitter", False) else widget.id.rsplit("-", 1)[-1]] = widget.id
            elif kind == "script_finished":
                if {"_sign_in_name", "_sign_in_password", "submit"} - self.ids.keys():
                    raise RuntimeError(f"no sign-in form in the first run: {self.ids}")
                return

    async def sign_in(self, name: str, label: bytes) -> tuple[float, float]:
        """Submit the form; (seconds until the sidebar names the user, seconds until the
        overview's run has finished)."""
        widgets = []
        for key, value in (("_sign_in_name", name), ("_sign_in_password", PASSWORD)):
            widgets.append(WidgetState(id=self.ids[key], string_value=value))
        widgets.append(WidgetState(id=self.ids["submit"], trigger_value=True))
        start = time.perf_counter()
        await self.run(widgets)
        named = None
        charts = 0
        while True:
            raw, msg = await self.receive()
            kind = msg.WhichOneof("type")
            if named is None and label in raw:
                named = time.perf_counter() - start
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                if element == "exception":
                    raise RuntimeError(f"{name}: the overview raised {msg.delta.new_element.exception.message}")
                charts += element == "plotly_chart"
            if kind == "script_finished" and named is not None and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                if not charts:
                    raise RuntimeError(f"{name}: signed in, but the overview drew no chart")
                return named, time.perf_counter() - start


async def server_round(url: str, n: int, pid: int) -> tuple[list[float], list[float], int, int]:
    """``n`` sessions over the websocket submit the sign-in form at once; (seconds until each
    sidebar names its user, seconds until each overview is complete, RSS before, peak RSS)."""
    import websockets

    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    sockets = [await websockets.connect(stream, subprotocols=["streamlit"], origin=url, max_size=None)
               for _ in range(n)]
    try:
        clients = [StreamlitClient(ws) for ws in sockets]
        await asyncio.gather(*(c.open_sign_in() for c in clients))
        await asyncio.sleep(1.0)  # every session idle
        before = memory_kib(pid, "VmRSS")
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        role = t("access.role.viewer", "zh")
        results = await asyncio.gather(*(
            c.sign_in(f"user{i:02d}", t("access.signed_in_as", "zh", name=f"user{i:02d}", role=role).encode())
            for i, c in enumerate(clients)))
        peak = memory_kib(pid, "VmHWM")
        return [r[0] for r in results], [r[1] for r in results], before, peak
    finally:
        for ws in sockets:
            await ws.close()


async def measure_server(label: str, db: Path, env: dict[str, str], n: int, rounds: int, work: Path) -> list[dict]:
    proc, url = start_server(db, env, work / f"{label}.log")
    try:
        named, done, befores, peaks = [], [], [], []
        cpu0 = process_cpu(proc.pid)
        for _ in range(rounds):
            a, b, before, peak = await server_round(url, n, proc.pid)
            named += a
            done += b
            befores.append(before)
            peaks.append(peak)
        cpu = (process_cpu(proc.pid) - cpu0) / rounds
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    common = {"rss_before_mib": max(befores) / 1024, "peak_mib": max(peaks) / 1024}
    return [{"label": f"{label}: named", **stats(named), **common},
            {"label": f"{label}: overview", **stats(done), **common, "cpu": cpu}]


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stats(times: list[float]) -> dict:
    return {"p50": statistics.median(times), "p95": percentile(times, 0.95), "max": max(times)}


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
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 20
    rounds = int(args[1]) if len(args) > 1 else 1
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
        baseline = {**env, "ASSESS_HASH_SLOTS": str(n), **GC_AFTER_EVERY_RUN}
        results += asyncio.run(measure_server("server, baseline", db, baseline, n, rounds, work))
        results += asyncio.run(measure_server("server, bounded + GC", db, {**env, **GC_AFTER_EVERY_RUN}, n, rounds, work))
        results += asyncio.run(measure_server("server, bounded", db, env, n, rounds, work))
        if "--no-browser" not in sys.argv:
            results += [asyncio.run(measure("browser, baseline", db, baseline, n, rounds, work)),
                        asyncio.run(measure("browser, bounded", db, env, n, rounds, work))]
    width = max(len(r["label"]) for r in results)
    print(f"{'':{width}} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'RSS before MiB':>15} {'peak MiB':>9} {'CPU s':>6}")
    for r in results:
        cpu = f"{r['cpu']:6.2f}" if "cpu" in r else f"{'':6}"
        print(f"{r['label']:{width}} {r['p50']:7.2f} {r['p95']:7.2f} {r['max']:7.2f} {r['rss_before_mib']:15.0f} "
              f"{r['peak_mib']:9.0f} {cpu}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
