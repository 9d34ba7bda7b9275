#!/usr/bin/env bash
# Set up (first time) and start the dashboard on the bundled sample data.
# The database is an embedded DuckDB file; on first start it is built from data/sample/*.xlsx.
# Usage: scripts/run.sh [PORT]     (ASSESS_DB=path to use another database)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

DB=${ASSESS_DB:-data/assessment.duckdb}
if [ ! -f "$DB" ]; then
    echo "building the sample database $DB from data/sample/ …"
    # built aside and renamed when complete: an interrupted first start leaves no empty store
    # behind (which would be served as "no data" from then on)
    rm -f "$DB.building" "$DB.building.wal"
    .venv/bin/python -m assess --db "$DB.building" ingest data/sample/*.xlsx --user sample
    mv "$DB.building" "$DB"
fi
export ASSESS_DB="$DB"
# `streamlit run dashboard.py`, warmed: imports and the default view's queries before the first visit.
# Without a users file (local mode: anyone may upload) serve.py listens on 127.0.0.1 only and says
# so; with config/users.toml (or $ASSESS_USERS) it listens on every interface.
exec .venv/bin/python scripts/serve.py \
    --server.headless=true --server.port="${1:-8501}" \
    --browser.gatherUsageStats=false --server.fileWatcherType=none
