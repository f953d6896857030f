#!/usr/bin/env bash
# Idempotent set-up: a Python 3.11 venv with the pinned requirements, then every model fetched and
# verified. Re-running costs a few seconds when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade "pip>=24"
fi
want=$(sha256sum requirements.txt | cut -d' ' -f1)
have=$(cat .venv/.requirements.sha256 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  echo "== installing requirements (llama-cpp-python builds from source the first time: ~5-10 min)"
  .venv/bin/python -m pip install --disable-pip-version-check -q -r requirements.txt
  echo "$want" > .venv/.requirements.sha256
fi
# Browser tests drive Debian's Chromium (playwright cannot download browsers here); CJK and
# emoji fonts make the UI legible in screenshots.
if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q . || ! fc-list | grep -qi emoji; then
  echo "== installing chromium and CJK/emoji fonts (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk fonts-noto-color-emoji >/dev/null
fi
echo "== fetching and verifying models"
.venv/bin/python -m assistant setup
