#!/usr/bin/env bash
# One command runs lint (ruff), types (mypy on core/ and assistant/) and every test with the real
# components (models, Chroma, LLM).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
