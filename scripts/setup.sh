#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment with the pinned requirements, and with
# the Debian packages the dashboard and (with --browser) the tests need.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    echo "$want" > "$stamp"
fi

# Debian packages, installed once in one apt run:
# - fonts-noto-cjk: the 通报 (assess/report/) embeds it in its PDF and draws its charts with it,
#   so it is needed at run time too (without --browser);
# - with --browser (the tests): chromium for the browser tests and screenshots, poppler-utils
#   (pdftotext, pdffonts, pdftoppm) to read the PDFs back, zbar-tools to read the share
#   control's QR code back.
need=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ "${1:-}" = "--browser" ]; then
    [ -x /usr/bin/chromium ] || need+=(chromium)
    command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
    [ -x /usr/bin/zbarimg ] || need+=(zbar-tools)
fi
if [ ${#need[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
