"""Benchmark at scale: 1,000 to 100,000 branches × 40 quarters × 16 indicators (not a test).

For each size it builds (once, cached under ``bench-out/``) a store with :func:`assess.scale.
build_scale_db` and the next quarter's workbook with :func:`assess.scale.write_scale_workbook`,
then measures, every heavy part in a fresh child process of this script (so "cold" means fresh
process-level caches and a new DuckDB connection, and one part's memory does not leak into the
next):

- ingest of the workbook into a copy of the store, against a raw read of the same file;
- branch_scores for a quarter and for a year, against a plain DuckDB aggregate over the same rows;
- the data each view needs (what its page calls in ``assess.scoring`` / ``assess.views``), cold
  and warm (median), and every such function on its own;
- a full AppTest run of every page (cold, then warm median);
- a real dashboard process (``scripts/serve.py``, what ``scripts/run.sh`` starts: ``streamlit
  run dashboard.py`` warmed by ``assess.warmup``): time to ``/_stcore/health``, time to the first page drawn in
  headless chromium, every page drawn, and the process's peak memory (VmHWM);
- growth from 10,000 to 100,000 branches against the growth of the data.

Every figure sits next to a baseline measured in the same run, so ratios hold on a noisy machine.
A part that cannot run prints ``n/a (reason)``. Tables go to stdout and, with ``--out``, between
the markers of BENCHMARKS.md (the rest of the file is kept).

    .venv/bin/python scripts/bench.py [--sizes 1000,10000,100000] [--quarters 40] [--repeat 5]
                                      [--out BENCHMARKS.md] [--skip apptest,serve]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "bench-out"
PAGES = ("overview", "ranking", "integration", "trends", "profile", "indicators", "method", "data")
PARTS = ("ingest", "data", "apptest", "serve")
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BUDGET = {"view_warm": 0.100, "page_run": 1.0, "ingest_ratio": 2.0, "rss_mb": 600, "first_page": 3.0}

# the baselines: a plain DuckDB aggregate over the rows branch_scores reads (P and B per branch)
PLAIN_AGGREGATE = """
SELECT e.branch_id, e.category, sum(s.score) / sum(s.full_mark) AS rate
FROM entry_scores AS s
JOIN entries AS e ON e.entry_id = s.entry_id
WHERE list_contains($quarters, e.quarter)
  AND e.valid_from <= $as_of AND (e.valid_to IS NULL OR e.valid_to > $as_of)
GROUP BY e.branch_id, e.category
"""


# ---------------------------------------------------------------- small helpers

def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def na(reason: str) -> dict:
    return {"na": reason}


def short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"


def paths(branches: int, quarters: int, seed: int) -> tuple[Path, Path, str]:
    from assess.scale import LAST_QUARTER, next_quarter

    quarter = next_quarter(LAST_QUARTER)
    db = OUT_DIR / f"scale_{branches}x{quarters}_s{seed}.duckdb"
    wb = OUT_DIR / f"scale_{branches}_s{seed}_{quarter}.xlsx"
    return db, wb, quarter


def ensure_data(branches: int, quarters: int, seed: int) -> dict:
    """Build the store and the workbook when missing; how long each took (None: cached)."""
    from assess.db import Database
    from assess.scale import build_scale_db, write_scale_workbook

    OUT_DIR.mkdir(exist_ok=True)
    db, wb, quarter = paths(branches, quarters, seed)
    built = {"db": str(db), "workbook": str(wb), "build_db_s": None, "build_workbook_s": None}
    if not db.exists():
        tmp = db.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        built["build_db_s"] = once(lambda: build_scale_db(tmp, branches, quarters, seed))
        tmp.rename(db)
    Database(db).close()  # a store cached under an older schema is brought up to date once
    if not wb.exists():
        built["build_workbook_s"] = once(lambda: write_scale_workbook(wb, branches, quarter, seed))
    built["db_mb"] = db.stat().st_size / 1e6
    built["workbook_mb"] = wb.stat().st_size / 1e6
    return built


def run_worker(part: str, args: argparse.Namespace, branches: int, timeout: float) -> dict:
    """Run ``--worker part`` in a child process; its JSON result (or n/a)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", part, "--branches", str(branches),
           "--quarters", str(args.quarters), "--seed", str(args.seed), "--repeat", str(args.repeat),
           "--app-repeat", str(args.app_repeat), "--page-timeout", str(getattr(args, "page_timeout", 120))]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return na(f"timed out after {timeout:.0f} s")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return na(f"worker failed: {tail[:160]}")
    return json.loads(lines[-1])


# ---------------------------------------------------------------- worker: ingest

def worker_ingest(args: argparse.Namespace) -> dict:
    from bench_ingest import ingest_copy, limits_for, raw_reads  # the quick bench's definitions

    db_path, wb_path, quarter = paths(args.branches, args.quarters, args.seed)
    content = wb_path.read_bytes()
    limits, note = limits_for(args.branches, len(content))
    raw_fastexcel, raw_calamine = raw_reads(content).values()

    repeat = max(1, min(args.repeat, 3 if args.branches >= 100_000 else args.repeat))
    best = {"raw_fastexcel": float("inf"), "raw_calamine": float("inf"), "read": float("inf"),
            "store": float("inf")}
    copy = OUT_DIR / f"ingest_copy_{args.branches}.duckdb"
    written = None
    for _ in range(repeat):  # interleaved, so a noisy neighbour slows every measure alike
        best["raw_fastexcel"] = min(best["raw_fastexcel"], once(raw_fastexcel))
        best["raw_calamine"] = min(best["raw_calamine"], once(raw_calamine))
        read_s, store_s, report = ingest_copy(content, wb_path.name, db_path, copy, limits)
        best["read"], best["store"] = min(best["read"], read_s), min(best["store"], store_s)
        written = report.entries_written
    raw = min(best["raw_fastexcel"], best["raw_calamine"])
    ingest = best["read"] + best["store"]
    return {**best, "raw": raw, "ingest": ingest, "ratio": ingest / raw,
            "ratio_calamine": ingest / best["raw_calamine"], "written": written, "repeat": repeat,
            "quarter": quarter, "note": note}


# ---------------------------------------------------------------- worker: data functions

def view_plans(ctx: dict):
    """What each page computes before drawing: (view, [(label, fn(db) → value)]), in page order.

    Mirrors ``dashboard.py`` (every page: versions, periods, branches) and ``pages/*.py``: the
    engine's reads, then the page's one view function (:mod:`assess.views`)."""
    from dataclasses import replace

    from assess import scoring
    from assess.config import Method
    from assess.views import common, data, display, indicators, integration, method, overview, profile, ranking, trends

    config, quarter, year, previous = ctx["config"], ctx["quarter"], ctx["year"], ctx["previous"]
    committee, branch = ctx["committee"], ctx["branch"]
    tiered = replace(config, method=Method(name="tiered"))
    key = f"{committee}/{branch}"

    def scores(db, period=quarter, cfg=config):
        return scoring.branch_scores(db, period, cfg)

    def sel(db, period=quarter, cfg=config) -> common.Selection:  # what the sidebar hands a page
        latest = scoring.latest_version(db)
        return common.Selection(period=period, config=cfg, default_config=config, as_of=latest, latest=latest,
                                period_options=tuple(common.period_options(scoring.periods(db))))

    def trend_quarters(db):  # assess.views.common.trend_quarters: up to the period, 12 at most
        return common.quarters_up_to(common.period_options(scoring.periods(db)), quarter)

    startup = [
        ("latest_version", lambda db: scoring.latest_version(db)),
        ("periods", lambda db: common.period_options(scoring.periods(db))),
        ("branches (view_branches)", lambda db: common.branch_keys(scoring.branches(db))),
    ]
    plans = [
        ("start-up (every page)", startup),
        ("overview", [
            ("branch_scores(quarter)", scores),
            ("branch_scores(previous)", lambda db: scores(db, previous)),
            ("kpis ×2", lambda db: (scoring.kpis(scores(db), config), scoring.kpis(scores(db, previous), config))),
            ("committee_summary", lambda db: scoring.committee_summary(scores(db), config)),
            ("changes", lambda db: scoring.changes(db, quarter, config)),
            ("views.overview.build", lambda db: overview.build(db, sel(db))),
        ]),
        ("ranking", [
            ("branch_scores", scores),
            ("changes", lambda db: scoring.changes(db, quarter, config)),
            ("views.ranking.build", lambda db: ranking.build(db, sel(db))),
        ]),
        ("ranking export", [
            ("display.to_xlsx(display_table)", lambda db: display.to_xlsx(display.display_table(
                ranking.build(db, sel(db)).table, "zh"))),
            ("display.to_csv(display_table)", lambda db: display.to_csv(display.display_table(
                ranking.build(db, sel(db)).table, "zh"))),
        ]),
        ("integration", [
            ("branch_scores", scores),
            ("correlations", lambda db: scoring.correlations(scores(db), config)),
            ("views.integration.build", lambda db: integration.build(db, sel(db))),
        ]),
        ("trends", [
            ("quarter_summary (12 quarters)", lambda db: scoring.quarter_summary(db, trend_quarters(db), config)),
            ("views.trends.build", lambda db: trends.build(db, sel(db))),
        ]),
        ("trends (2 branches)", [
            ("quarter_scores (12 quarters) + of_branches", lambda db: common.of_branches(
                scoring.quarter_scores(db, trend_quarters(db), config), [key, ctx["key2"]])),
            ("views.trends.build", lambda db: trends.build(db, sel(db), [key, ctx["key2"]])),
        ]),
        ("profile", [
            ("branch_scores", scores),
            ("dimension_rates", lambda db: scoring.dimension_rates(db, quarter)),
            ("quarter_scores (12 quarters)", lambda db: scoring.quarter_scores(db, trend_quarters(db), config)),
            ("indicator_rates", lambda db: scoring.indicator_rates(db, quarter)),
            ("views.profile.build", lambda db: profile.build(db, sel(db), key)),
        ]),
        ("indicators", [
            ("indicator_rates", lambda db: scoring.indicator_rates(db, quarter)),
            ("views.indicators.build", lambda db: indicators.build(db, sel(db), "party")),
        ]),
        ("method", [
            ("branch_scores(tiered)", lambda db: scores(db, quarter, tiered)),
            ("branch_scores(default)", scores),
            ("views.method.build", lambda db: method.build(db, sel(db, cfg=tiered))),
        ]),
        ("data", [
            ("views.data.build", lambda db: data.build(db, sel(db))),
        ]),
        ("year view (overview)", [
            ("branch_scores(year)", lambda db: scores(db, year)),
            ("changes(year)", lambda db: scoring.changes(db, year, config)),
            ("committee_summary(year)", lambda db: scoring.committee_summary(scores(db, year), config)),
        ]),
    ]
    return plans


def worker_data(args: argparse.Namespace) -> dict:
    import gc

    from assess import scoring
    from assess.config import Config
    from assess.db import Database
    from assess.periods import period_quarters, previous_period
    from assess.scoring import cache

    db_path, _, _ = paths(args.branches, args.quarters, args.seed)
    with Database(db_path, read_only=True) as db:
        periods = scoring.periods(db)
        quarter = sorted(periods.loc[periods["kind"] == "quarter", "period"])[-1]
        catalog = db.query("view_branches", as_of=scoring.latest_version(db))
        first, second = catalog.iloc[0], catalog.iloc[min(len(catalog) - 1, len(catalog) // 2)]
        with db.cursor() as cur:
            counts = cur.execute("SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM entry_scores)").fetchone()
    ctx = {"config": Config(), "quarter": quarter, "year": quarter[:4], "previous": previous_period(quarter),
           "committee": first["committee"], "branch": first["branch"],
           "key2": f"{second['committee']}/{second['branch']}"}
    out: dict = {"quarter": quarter, "year": ctx["year"], "entries": counts[0], "score_rows": counts[1],
                 "views": {}, "functions": {}, "scores": {}}

    def fresh() -> Database:
        cache.clear()
        gc.collect()
        return Database(db_path, read_only=True)

    # scores for a quarter and a year against a plain aggregate over the same rows
    for kind, period in (("quarter", quarter), ("year", ctx["year"])):
        db = fresh()
        as_of = scoring.latest_version(db)
        cold = once(lambda: scoring.branch_scores(db, period, ctx["config"]))
        warm = median_time(lambda: scoring.branch_scores(db, period, ctx["config"]), args.repeat)

        def uncached():
            cache.clear()
            scoring.branch_scores(db, period, ctx["config"])

        uncached_warm = median_time(uncached, args.repeat)

        def plain():
            with db.cursor() as cur:
                cur.execute(PLAIN_AGGREGATE, {"quarters": period_quarters(period), "as_of": as_of}).df()

        plain()
        base = median_time(plain, args.repeat)
        db.close()
        out["scores"][kind] = {"period": period, "cold": cold, "warm": warm, "uncached": uncached_warm,
                               "plain": base}

    for view, steps in view_plans(ctx):
        db = fresh()
        notes = []

        def run_all(steps=steps, db=db, notes=notes, record=None):
            for label, fn in steps:
                try:
                    start = time.perf_counter()
                    fn(db)
                    if record is not None:
                        record.setdefault(label, []).append(time.perf_counter() - start)
                except Exception as exc:  # noqa: BLE001 - reported as n/a
                    if record is not None:
                        notes.append(f"{label}: {short(exc)}")
                        record.setdefault(label, []).append(None)

        per: dict = {}
        cold = once(lambda: run_all(record=per))
        warm_runs = [once(run_all) for _ in range(args.repeat)]
        warm_each: dict = {}
        for _ in range(args.repeat):
            run_all(record=warm_each)
        db.close()
        out["views"][view] = {"cold": cold, "warm": statistics.median(warm_runs), "notes": sorted(set(notes))}
        for label, times in per.items():
            w = [t for t in warm_each.get(label, []) if t is not None]
            out["functions"][f"{view} › {label}"] = {
                "cold": times[0], "warm": statistics.median(w) if w else None}

    # uncached (DuckDB warm, process cache emptied before each call): the cost a new data version pays
    db = fresh()
    uncached = {}
    for name, fn in (
        ("branch_scores(quarter)", lambda: scoring.branch_scores(db, quarter, ctx["config"])),
        ("branch_scores(year)", lambda: scoring.branch_scores(db, ctx["year"], ctx["config"])),
        ("changes(quarter)", lambda: scoring.changes(db, quarter, ctx["config"])),
        ("dimension_rates(quarter)", lambda: scoring.dimension_rates(db, quarter)),
        ("indicator_rates(quarter)", lambda: scoring.indicator_rates(db, quarter)),
        ("indicator_rates(year)", lambda: scoring.indicator_rates(db, ctx["year"])),
        ("periods", lambda: scoring.periods(db)),
        ("branches (view_branches)", lambda: scoring.branches(db)),
        ("quarter_scores (12 quarters)", lambda: scoring.quarter_scores(
            db, [q for q in sorted(periods.loc[periods["kind"] == "quarter", "period"]) if q <= quarter][-12:],
            ctx["config"])),
        ("committee_summary", lambda s=scoring.branch_scores(db, quarter, ctx["config"]):
            scoring.committee_summary(s, ctx["config"])),
        ("correlations", lambda s=scoring.branch_scores(db, quarter, ctx["config"]):
            scoring.correlations(s, ctx["config"])),
    ):
        def step(fn=fn):
            cache.clear()
            fn()

        step()
        uncached[name] = median_time(step, args.repeat)
    db.close()
    out["uncached"] = uncached
    import resource

    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---------------------------------------------------------------- worker: AppTest

def worker_apptest(args: argparse.Namespace) -> dict:
    import logging

    db_path, _, _ = paths(args.branches, args.quarters, args.seed)
    if not (ROOT / "dashboard.py").exists():
        return na("dashboard.py missing")
    os.environ["ASSESS_DB"] = str(db_path)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from assess.db import Database
    from assess.links import branch_key
    from assess.scoring import cache, latest_version

    with Database(db_path, read_only=True) as db:
        first = db.query("view_branches", as_of=latest_version(db)).iloc[0]
    key = branch_key(first["committee"], first["branch"])
    out = {}
    for page in PAGES:
        if not (ROOT / "pages" / f"{page}.py").exists():
            out[page] = na(f"pages/{page}.py missing")
            continue
        st.cache_data.clear()
        st.cache_resource.clear()  # closes nothing, but the next run opens a new Database
        cache.clear()
        try:
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
            if page == "profile":
                at.query_params["branch"] = key
            if page != "overview":
                at.switch_page(f"pages/{page}.py")
            cold = once(at.run)
            if at.exception:
                exc = at.exception[0]
                detail = (getattr(exc, "stack_trace", None) or [str(exc.value)])[-1]
                out[page] = na(f"exception in the page: {str(detail).strip()[:140]}")
                continue
            warm = median_time(at.run, args.app_repeat)
            out[page] = {"cold": cold, "warm": warm}
        except Exception as exc:  # noqa: BLE001 - reported as n/a
            out[page] = na(short(exc))
    import resource

    out["_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# ---------------------------------------------------------------- worker: a real server + browser

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_memory(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, amount = line.split(":", 1)
            values[key] = int(amount.split()[0]) / 1024
    return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))


def worker_serve(args: argparse.Namespace) -> dict:
    import urllib.request

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        return na("no /usr/bin/chromium (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return na("playwright not installed")
    db_path, _, _ = paths(args.branches, args.quarters, args.seed)
    from assess.db import Database
    from assess.links import branch_key
    from assess.scoring import latest_version

    with Database(db_path, read_only=True) as db:
        first = db.query("view_branches", as_of=latest_version(db)).iloc[0]
    key = branch_key(first["committee"], first["branch"])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    ready = '[data-testid="stApp"][data-test-script-state="notRunning"] h1'

    def drawn(page, timeout: float) -> None:
        """Until the script has run and the page's title is drawn. Polled from here: Playwright's
        own wait polls inside the page and stalls while the page's main thread draws charts."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if page.evaluate("s => document.querySelector(s) !== null", ready):
                return
            time.sleep(0.1)
        raise TimeoutError(f"page not drawn within {timeout:.0f} s")
    out: dict = {"pages": {}}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=["--disable-dev-shm-usage", "--disable-gpu"])
        env = {**os.environ, "ASSESS_DB": str(db_path)}
        cmd = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.headless=true",  # as scripts/run.sh
               f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none"]
        log = open(OUT_DIR / f"serve_{args.branches}.log", "wb")  # a pipe nobody reads would block the server
        start = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = start + 120
            while time.perf_counter() < deadline:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as r:
                        if r.read().strip() == b"ok":
                            break
                except OSError:
                    time.sleep(0.05)
            else:
                return na("server not healthy within 120 s")
            out["health_s"] = time.perf_counter() - start
            out["rss_idle_mb"] = proc_memory(server.pid)[0]
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base + "/", wait_until="domcontentloaded")
            drawn(page, max(args.page_timeout, 120))
            out["first_page_s"] = time.perf_counter() - start
            out["first_page_after_health_s"] = out["first_page_s"] - out["health_s"]
            for name in PAGES:
                url = f"{base}/{name}" + (f"?branch={key}" if name == "profile" else "")
                t0 = time.perf_counter()
                try:
                    page.goto(url, wait_until="domcontentloaded")
                    drawn(page, args.page_timeout)
                    out["pages"][name] = time.perf_counter() - t0
                except Exception as exc:  # noqa: BLE001
                    out["pages"][name] = None
                    out.setdefault("notes", []).append(f"{name}: {short(exc)}")
            # the trends and ranking pages again: a second visit is served from the caches
            for name in ("ranking", "trends") if all(out["pages"].values()) else ():
                t0 = time.perf_counter()
                page.goto(f"{base}/{name}", wait_until="domcontentloaded")
                drawn(page, args.page_timeout)
                out["pages"][f"{name} (again)"] = time.perf_counter() - t0
            out["rss_mb"], out["peak_rss_mb"] = proc_memory(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            browser.close()
            log.close()
    return out


# ---------------------------------------------------------------- report

def fmt_s(value, unit: str = "ms") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, dict):
        return f"n/a ({value['na']})" if "na" in value else "?"
    return f"{value * 1000:.1f}" if unit == "ms" else f"{value:.2f}"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def report(results: dict, args: argparse.Namespace) -> str:
    sizes = [int(s) for s in results["sizes"]]
    R = results["runs"]
    parts = []
    label = {s: f"{s:,}" for s in sizes}

    # data
    rows = []
    for s in sizes:
        b, d = R[str(s)]["build"], R[str(s)].get("data", {})
        when = R[str(s)].get("measured", {})
        when = "; ".join(f"{k} {v}" for k, v in when.items())
        rows.append([label[s], when or "—", args.quarters, f"{d.get('entries', '?'):,}" if isinstance(d.get("entries"), int) else "?",
                     f"{d.get('score_rows', '?'):,}" if isinstance(d.get("score_rows"), int) else "?",
                     f"{b['db_mb']:.0f}", fmt_s(b["build_db_s"], "s") if b["build_db_s"] else "cached",
                     f"{b['workbook_mb']:.1f}", fmt_s(b["build_workbook_s"], "s") if b["build_workbook_s"] else "cached"])
    parts.append("### Data\n\n" + table(
        ["branches", "parts measured at", "quarters", "entry rows", "score rows", "store MB", "build s",
         "workbook MB", "workbook s"], rows))

    # ingest
    rows = []
    for s in sizes:
        g = R[str(s)].get("ingest") or na("not run")
        if "na" in g:
            rows.append([label[s]] + [fmt_s(g)] + [""] * 7)
            continue
        rows.append([label[s], fmt_s(g["raw_fastexcel"], "s"), fmt_s(g["raw_calamine"], "s"), fmt_s(g["read"], "s"),
                     fmt_s(g["store"], "s"), fmt_s(g["ingest"], "s"), f"{g['ratio']:.2f}×",
                     f"{g['ratio_calamine']:.2f}×", verdict(g["ratio"] <= BUDGET["ingest_ratio"]) +
                     (f" ({g['note']})" if g.get("note") else "")])
    parts.append("### Ingest of one quarter's workbook (best of runs) against a raw read of the same file\n\n"
                 "Store: a copy of the scale store (40 quarters), the workbook is the next quarter "
                 "(every cell new). Ingest is what `python -m assess ingest` does: read_workbook with the store's "
                 "full marks and branch names, then store.ingest. Ratio = (read_workbook + store.ingest) ÷ "
                 "fastest raw read.\n\n" + table(
                     ["branches", "raw fastexcel s", "raw calamine s", "read_workbook s", "store.ingest s",
                      "ingest s", "÷ raw read", "÷ calamine", "≤ 2× budget"], rows))

    # scores
    rows = []
    for s in sizes:
        d = R[str(s)].get("data") or na("not run")
        if "na" in d:
            rows.append([label[s], fmt_s(d)] + [""] * 6)
            continue
        for kind in ("quarter", "year"):
            sc = d["scores"][kind]
            rows.append([label[s], f"{kind} {sc['period']}", fmt_s(sc["cold"]), fmt_s(sc["uncached"]), fmt_s(sc["warm"]),
                         fmt_s(sc["plain"]), f"{sc['uncached'] / sc['plain']:.1f}×", f"{sc['warm'] / sc['plain']:.3f}×"])
    parts.append("### branch_scores against a plain DuckDB aggregate over the same rows (ms)\n\n"
                 "cold: new connection, empty caches; uncached: DuckDB warm, the scores cache emptied "
                 "before each call (what a new data version costs); warm: median of runs (cached by "
                 "data version).\n\n" + table(
                     ["branches", "period", "cold", "uncached", "warm", "plain aggregate", "uncached ÷ plain",
                      "warm ÷ plain"], rows))

    # views
    views = []
    for s in sizes:
        views += [v for v in (R[str(s)].get("data") or {}).get("views", {}) if v not in views]
    header = ["view"] + [f"{label[s]} cold" for s in sizes] + [f"{label[s]} warm" for s in sizes] + \
        [f"≤100 ms warm @ {label[s]}" for s in sizes if s == 10_000]
    rows = []
    for view in views:
        row = [view]
        cells = [(R[str(s)].get("data") or {}).get("views", {}).get(view) for s in sizes]
        row += [fmt_s(c["cold"]) if c else "n/a" for c in cells]
        row += [fmt_s(c["warm"]) if c else "n/a" for c in cells]
        if 10_000 in sizes:
            c = cells[sizes.index(10_000)]
            row.append(verdict(c["warm"] <= BUDGET["view_warm"] if c else None) if view != "ranking export" else "—")
        rows.append(row)
    notes = sorted({f"{v}: {n}" for s in sizes for v, c in ((R[str(s)].get("data") or {}).get("views", {})).items()
                    for n in c.get("notes", [])})
    parts.append("### Each view's data (ms): what its page computes before drawing, cold and warm (median)\n\n"
                 "Cold: fresh process caches and a new DuckDB connection (OS file cache warm). "
                 "\"start-up\" runs on every page; \"ranking export\" runs only when the Excel/CSV "
                 "download is built.\n\n" + table(header, rows) + ("\n\n" + "\n".join(f"- n/a: {n}" for n in notes) if notes else ""))

    # functions
    names = []
    for s in sizes:
        names += [n for n in (R[str(s)].get("data") or {}).get("functions", {}) if n not in names]
    rows = []
    for n in names:
        cells = [(R[str(s)].get("data") or {}).get("functions", {}).get(n) for s in sizes]
        rows.append([n] + [f"{fmt_s(c['cold'])} / {fmt_s(c['warm'])}" if c else "n/a" for c in cells])
    parts.append("<details><summary>Every data function, cold / warm (ms)</summary>\n\n" +
                 table(["view › function"] + [label[s] for s in sizes], rows) + "\n\n</details>")
    names = []
    for s in sizes:
        names += [n for n in (R[str(s)].get("data") or {}).get("uncached", {}) if n not in names]
    rows = [[n] + [fmt_s((R[str(s)].get("data") or {}).get("uncached", {}).get(n)) for s in sizes] for n in names]
    parts.append("### Uncached cost of each scoring function (ms, median; DuckDB warm, scores cache emptied)\n\n" +
                 table(["function"] + [label[s] for s in sizes], rows))

    # AppTest
    rows = []
    for page in PAGES:
        row = [page]
        for s in sizes:
            a = (R[str(s)].get("apptest") or na("not run"))
            c = a.get(page) if "na" not in a else a
            row.append(fmt_s(c) if c is None or "na" in c else f"{fmt_s(c['cold'], 's')} / {fmt_s(c['warm'], 's')}")
        if 10_000 in sizes:
            a = R[str(10_000)].get("apptest") or {}
            c = a.get(page)
            row.append(verdict(c["warm"] <= BUDGET["page_run"] if c and "na" not in c else None))
        rows.append(row)
    parts.append("### Full AppTest run of each page (s): cold / warm (median)\n\n"
                 "Cold: Streamlit and scores caches cleared, new AppTest; warm: the same AppTest run again.\n\n" +
                 table(["page"] + [label[s] for s in sizes] + (["≤ 1 s warm @ 10,000"] if 10_000 in sizes else []), rows))

    # serve
    rows = []
    for s in sizes:
        sv = R[str(s)].get("serve") or na("not run")
        if "na" in sv:
            rows.append([label[s], fmt_s(sv)] + [""] * 5)
            continue
        pages = sv.get("pages", {})
        rows.append([label[s], fmt_s(sv["health_s"], "s"), fmt_s(sv["first_page_s"], "s"),
                     fmt_s(sv["first_page_after_health_s"], "s"),
                     f"{sv['peak_rss_mb']:.0f}", f"{sv['rss_idle_mb']:.0f}",
                     ", ".join(f"{k} {fmt_s(v, 's')}" for k, v in pages.items())])
    parts.append("### A real dashboard process (`scripts/serve.py`, as `scripts/run.sh` starts it) and headless chromium\n\n"
                 "Time from process start to `/_stcore/health`, and to the first page drawn "
                 "(`stApp` script state notRunning with its title); then every page opened by URL; "
                 "peak RSS (VmHWM) after all pages.\n\n" + table(
                     ["branches", "health s", "first page s", "first page after health s", "peak RSS MB",
                      "RSS at health MB", "each page (s)"], rows))

    # growth
    if 10_000 in sizes and 100_000 in sizes:
        a, b = R["10000"], R["100000"]
        da, db = a.get("data") or {}, b.get("data") or {}
        rows = []
        data_growth = (db.get("score_rows") or 0) / (da.get("score_rows") or 1)

        def grow(name, x, y):
            if not isinstance(x, (int, float)) or not isinstance(y, (int, float)) or not x:
                rows.append([name, "n/a", "n/a", f"{data_growth:.1f}×", "n/a"])
                return
            rows.append([name, fmt_s(x), fmt_s(y), f"{data_growth:.1f}×", f"{y / x:.1f}× " +
                         verdict(y / x <= data_growth * 1.1)])

        ga, gb = a.get("ingest") or {}, b.get("ingest") or {}
        grow("ingest (read + store)", ga.get("ingest"), gb.get("ingest"))
        grow("raw read (baseline)", ga.get("raw"), gb.get("raw"))
        for kind in ("quarter", "year"):
            for m in ("cold", "uncached", "plain"):
                grow(f"branch_scores({kind}) {m}" if m != "plain" else f"plain aggregate ({kind})",
                     (da.get("scores", {}).get(kind) or {}).get(m), (db.get("scores", {}).get(kind) or {}).get(m))
        for view in views:
            grow(f"view data cold: {view}", (da.get("views", {}).get(view) or {}).get("cold"),
                 (db.get("views", {}).get(view) or {}).get("cold"))
        for page in PAGES:
            pa, pb = (a.get("apptest") or {}).get(page) or {}, (b.get("apptest") or {}).get(page) or {}
            grow(f"AppTest {page} cold", pa.get("cold"), pb.get("cold"))
        sa, sb = a.get("serve") or {}, b.get("serve") or {}
        grow("first page", sa.get("first_page_s"), sb.get("first_page_s"))
        parts.append("### Growth from 10,000 to 100,000 branches against the growth of the data (ms)\n\n"
                     "\"met\" when a time grows by at most the data's factor (+10 % for noise).\n\n" + table(
                         ["measure", "10,000", "100,000", "data ×", "time ×"], rows))

    # budgets
    rows = []
    if "10000" in R:
        r = R["10000"]
        d = r.get("data") or {}
        vw = {k: v["warm"] for k, v in d.get("views", {}).items() if k != "ranking export"}
        worst = max(vw.items(), key=lambda kv: kv[1]) if vw else None
        rows.append(["every view's data ≤ 100 ms warm @ 10,000 × 40",
                     f"slowest: {worst[0]} {fmt_s(worst[1])} ms" if worst else "n/a",
                     verdict(worst[1] <= BUDGET["view_warm"] if worst else None)])
        at = r.get("apptest") or {}
        pw = {k: v["warm"] for k, v in at.items() if isinstance(v, dict) and "warm" in v}
        worst = max(pw.items(), key=lambda kv: kv[1]) if pw else None
        rows.append(["a full page run ≤ 1 s @ 10,000 × 40 (AppTest, warm)",
                     f"slowest: {worst[0]} {fmt_s(worst[1], 's')} s" if worst else "n/a",
                     verdict(worst[1] <= BUDGET["page_run"] if worst else None)])
        g = r.get("ingest") or {}
        rows.append(["ingest ≤ 2× the raw read @ 10,000",
                     f"{g['ratio']:.2f}× ({fmt_s(g['ingest'], 's')} s vs {fmt_s(g['raw'], 's')} s)" if "ratio" in g else "n/a",
                     verdict(g["ratio"] <= BUDGET["ingest_ratio"] if "ratio" in g else None)])
        sv = r.get("serve") or {}
        rows.append(["the app under 600 MB @ 10,000 (peak RSS)",
                     f"{sv['peak_rss_mb']:.0f} MB" if "peak_rss_mb" in sv else fmt_s(sv) if sv else "n/a",
                     verdict(sv["peak_rss_mb"] < BUDGET["rss_mb"] if "peak_rss_mb" in sv else None)])
        rows.append(["first page ≤ 3 s @ 10,000",
                     f"{fmt_s(sv['first_page_s'], 's')} s" if "first_page_s" in sv else "n/a",
                     verdict(sv["first_page_s"] <= BUDGET["first_page"] if "first_page_s" in sv else None)])
    parts.insert(0, "### Budgets (measured in this run)\n\n" + table(["budget", "measured", "verdict"], rows))
    return "\n\n".join(parts)


def machine() -> str:
    import duckdb
    import pandas as pd
    import streamlit

    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next((int(ln.split()[1]) / 1024 / 1024 for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), float("nan"))
    load = os.getloadavg()
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores ({cpu}) · "
            f"{mem:.1f} GiB RAM · load average at start {load[0]:.2f} · Python {platform.python_version()} · "
            f"duckdb {duckdb.__version__} · pandas {pd.__version__} · streamlit {streamlit.__version__} · "
            f"{platform.system()} {platform.release()}")


def write_out(path: Path, text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    if path.exists() and START in (old := path.read_text(encoding="utf-8")) and END in old:
        new = old[:old.index(START)] + block + old[old.index(END) + len(END):]
    else:
        new = (path.read_text(encoding="utf-8") + "\n\n" if path.exists() else "# Benchmarks\n\n") + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="branch counts, comma-separated")
    ap.add_argument("--quarters", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=5, help="runs per warm median")
    ap.add_argument("--app-repeat", type=int, default=3, help="warm AppTest runs per page")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--skip", default="", help=f"parts to skip: {','.join(PARTS)}")
    ap.add_argument("--out", type=Path, help="write the tables into this markdown file (between markers)")
    ap.add_argument("--json", type=Path, default=OUT_DIR / "bench.json", help="raw results")
    ap.add_argument("--only", default="", help=f"run only these parts ({','.join(PARTS)}); "
                    "with --merge the other parts' earlier results are kept")
    ap.add_argument("--merge", action="store_true",
                    help="add these sizes to the results already saved in --json")
    ap.add_argument("--page-timeout", type=float, default=120, help="seconds a page may take in the browser")
    ap.add_argument("--from-json", action="store_true",
                    help="only print (and --out) the report of the results saved in --json")
    ap.add_argument("--worker", choices=PARTS, help=argparse.SUPPRESS)
    ap.add_argument("--branches", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        try:
            result = globals()[f"worker_{args.worker}"](args)
        except Exception as exc:  # noqa: BLE001 - the parent prints n/a (reason)
            traceback.print_exc()
            result = na(short(exc))
        print(json.dumps(result, default=str))
        return 0

    if args.from_json:
        results = json.loads(args.json.read_text(encoding="utf-8"))
        results["sizes"] = [s for s in results["sizes"] if str(s) in results["runs"]]
        args.sizes = ",".join(str(s) for s in results["sizes"])
        return finish(results, args)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    results = {"machine": machine(), "sizes": sizes, "runs": {}}
    if args.merge and args.json.exists():
        old = json.loads(args.json.read_text(encoding="utf-8"))
        kept = {k: v for k, v in old["runs"].items() if int(k) not in sizes or args.only}
        results = {"machine": old["machine"].split("; sizes")[0],
                   "sizes": sorted({int(k) for k in kept} | set(sizes)), "runs": kept}
    print(results["machine"], flush=True)
    for size in sizes:
        print(f"\n== {size:,} branches × {args.quarters} quarters", flush=True)
        start = time.perf_counter()
        run = dict(results["runs"].get(str(size), {}))
        run["build"] = {**run.get("build", {}), **ensure_data(size, args.quarters, args.seed)}
        run.setdefault("measured", {})
        if args.only:
            skip |= set(PARTS) - {p.strip() for p in args.only.split(",")}
        print(f"   data ready ({time.perf_counter() - start:.1f} s)", flush=True)
        for part in PARTS:
            if part in skip:
                run.setdefault(part, na("skipped"))
                continue
            run["measured"][part] = f"{datetime.now(timezone.utc):%H:%M} UTC, load {os.getloadavg()[0]:.1f}"
            start = time.perf_counter()
            run[part] = run_worker(part, args, size, timeout=3600)
            print(f"   {part}: {time.perf_counter() - start:.1f} s"
                  + (f" — n/a ({run[part]['na']})" if "na" in run[part] else ""), flush=True)
        results["runs"][str(size)] = run
        args.json.parent.mkdir(exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return finish(results, args)


def finish(results: dict, args: argparse.Namespace) -> int:
    sizes = ",".join(str(s) for s in results["sizes"])
    text = f"Machine: {results['machine']}\n\nCommand: `.venv/bin/python scripts/bench.py --sizes {sizes} " \
           f"--quarters {args.quarters} --repeat {args.repeat}` (sizes measured at the times in the Data " \
           "table, with the load average then)\n\n" + report(results, args)
    print("\n" + text)
    if args.out:
        write_out(args.out, text)
        print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
