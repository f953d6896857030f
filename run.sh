#!/usr/bin/env bash
# One command on a fresh machine: install, fetch models, index the sample corpus if the index is
# empty, then start the app. Arguments go to the app (e.g. ./run.sh --port 7861).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
.venv/bin/python -m ingest --if-empty
exec .venv/bin/python app.py "$@"
