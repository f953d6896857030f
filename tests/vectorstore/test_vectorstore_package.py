"""The vectorstore package: light to import, every exported name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import vectorstore
from settings import PROJECT_DIR

_HEAVY = ("chromadb", "torch", "sentence_transformers")


def test_importing_the_package_loads_neither_chroma_nor_torch() -> None:
    script = ("import sys, vectorstore, vectorstore.lock; "
              f"print(sorted(m for m in {_HEAVY!r} if m in sys.modules))")

    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=PROJECT_DIR)

    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("name", vectorstore.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(vectorstore, name).__name__ == name


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        vectorstore.nothing  # type: ignore[attr-defined]  # noqa: B018
