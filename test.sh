#!/usr/bin/env bash
# One command runs lint (ruff), types (mypy on core/ and assistant/), security lint (bandit) and
# every test with the real components (models, Chroma, LLM).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/mypy
# bandit warns on stderr about each justified `# nosec` inside a multi-line statement: not findings
.venv/bin/bandit -q -c pyproject.toml -r . 2> >(grep -v "nosec encountered" >&2)
exec .venv/bin/python -m pytest "$@"
