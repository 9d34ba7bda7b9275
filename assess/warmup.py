"""Warm the dashboard process before its first visitor.

A fresh process pays, on its first page, for importing pandas and plotly and for the store's
first queries (the latest quarter's branch table, the previous quarter's, the periods, the
branches and the explanations behind the 需关注 list: what the overview, the default page,
shows). :func:`prepare` imports before the server starts; :func:`start` runs the queries on a
background thread while the server starts and the visitor's browser loads the app, into the same
caches the pages read (:func:`assess.db.shared`, :mod:`assess.scoring.cache`), so the first page
costs what any later one does. A page that asks for a result the warm-up is computing waits for
it rather than computing it twice.
"""

from __future__ import annotations

import sys
import threading
import traceback

from assess.config import db_path, load_config


def prepare() -> None:
    """Import what the pages use, on this thread, before the server starts: imports must not
    race with a session's (a module imported from two threads at once can be seen half
    initialised). Also runs the scoring code once on an empty in-memory store, so the modules
    it loads on first use are loaded here too."""
    import plotly.graph_objects as go

    from assess import charts, scoring  # noqa: F401 - imported for their import cost
    from assess.db import Database
    from assess.views import (common, data, display, indicators, integration, method,  # noqa: F401
                              overview, profile, ranking, trends)

    for trace in (go.Bar, go.Scatter, go.Box, go.Heatmap):  # plotly loads validators lazily
        go.Figure(trace()).to_plotly_json()
    with Database(":memory:") as empty:
        scoring.branch_scores(empty, "2025Q1", load_config())
        scoring.periods(empty)


def start() -> threading.Thread:
    """Run :func:`warm` on a daemon thread (after :func:`prepare`); returns it."""
    thread = threading.Thread(target=_run, name="warm-up", daemon=True)
    thread.start()
    return thread


def _run() -> None:
    try:
        warm()
    except Exception:  # noqa: BLE001 - the warm-up is an optimisation: the pages still work
        print("warm-up failed (the first page will be slower):", file=sys.stderr)
        traceback.print_exc()


def warm() -> list[str]:
    """Compute the default view's data of the store into the caches the pages read; returns
    what was done."""
    from assess import scoring
    from assess.scoring import explain
    from assess.views import common
    from assess.db import shared
    from assess.periods import previous_period

    done: list[str] = []
    db = shared(db_path())
    config = load_config()
    as_of = scoring.latest_version(db)
    if not as_of:
        return done
    options = common.period_options(scoring.periods(db, as_of=as_of))
    scoring.branches(db, as_of=as_of)
    done.append("periods and branches")
    if not options:
        return done
    period = options[0]
    scoring.branch_scores(db, period, config, as_of=as_of)
    before = previous_period(period)
    if before in options:
        scoring.branch_scores(db, before, config, as_of=as_of)
    scoring.changes(db, period, config, as_of=as_of)
    done.append(f"scores of {period}")
    # the overview's 需关注 list: each change split into its parts, the 两张皮 streaks and the
    # dimension rates (at 10,000 branches 1.1 s, the most of a cold overview)
    explain.changes(db, period, config, as_of)
    explain.two_skins_streaks(db, period, config, as_of)
    explain.dimension_points(db, period, as_of)
    done.append(f"explanations of {period}")
    return done
