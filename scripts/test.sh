#!/usr/bin/env bash
# Set up (first time, including chromium for the browser tests) and run the whole test suite.
# Extra arguments go to pytest, e.g. scripts/test.sh tests/test_store.py -x
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
