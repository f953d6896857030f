"""The ingest package: light to import, every exported name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ingest
from settings import PROJECT_DIR


def test_importing_the_package_loads_no_parser_or_index_library() -> None:
    heavy = ("bs4", "pypdf", "docx", "chromadb", "torch", "vectorstore.index")
    script = f"import sys, ingest; print(sorted(m for m in {heavy!r} if m in sys.modules))"

    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=PROJECT_DIR)

    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ingest.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    value = getattr(ingest, name)
    assert getattr(value, "__name__", name) == name
