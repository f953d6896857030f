"""Session-wide real components: the packaged embedding model and the tiktoken counter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from settings import PROJECT_DIR, Settings
from vectorstore.models import SentenceEmbeddings, fetch_embedding_model, load_embeddings
from core.token_count import fetch_tiktoken_files, load_tiktoken_counter

POLICIES = Path(__file__).parent / "data" / "policies"
SEEDS = PROJECT_DIR / "corpus" / "seeds"


@pytest.fixture(scope="session")
def models_dir() -> Path:
    """The project's own models (fetched and verified by `python -m assistant setup`)."""
    directory = Settings().models_dir
    fetch_tiktoken_files(directory, log=lambda _: None)
    fetch_embedding_model(directory, log=lambda _: None)
    return directory


@pytest.fixture(scope="session")
def embeddings(models_dir: Path) -> SentenceEmbeddings:
    return load_embeddings("m3e-small", models_dir)


@pytest.fixture(scope="session")
def count_tiktoken(models_dir: Path) -> Callable[[str], int]:
    return load_tiktoken_counter(models_dir)
