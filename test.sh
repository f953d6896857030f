#!/usr/bin/env bash
# One command runs every test with the real components (models, Chroma, LLM).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
exec .venv/bin/python -m pytest "$@"
