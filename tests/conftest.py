"""Session-wide real components (the packaged embedding model, the tiktoken counter) and an index
in tmp_path with the ingest that fills it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from core.records import search_text
from core.token_count import fetch_tiktoken_files, load_tiktoken_counter
from ingest.config import IngestConfig
from ingest.pipeline import IngestReport, ingest_paths
from settings import PROJECT_DIR, Settings
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings, fetch_embedding_model, load_embeddings

POLICIES = Path(__file__).parent / "data" / "policies"
SEEDS = PROJECT_DIR / "corpus" / "seeds"
# Small chunks, so the two tiny policies make several each.
TEST_CONFIG = IngestConfig(chunk_tokens=120, embedding_model="m3e-small")


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


def ingest_into(index: PolicyIndex, *paths: Path, prune: bool = False) -> IngestReport:
    """Ingest as the CLI does (its model's token counts), with TEST_CONFIG, quietly."""
    return ingest_paths(paths, index, config=TEST_CONFIG, count_tokens=index.embeddings.count_tokens,
                        count_many=index.embeddings.count_tokens_many, prune=prune, progress=False)


@pytest.fixture
def index(tmp_path: Path, embeddings: SentenceEmbeddings) -> PolicyIndex:
    """An empty embedded index in tmp_path/db."""
    return open_index(tmp_path / "db", embeddings)


@pytest.fixture
def ingest(index: PolicyIndex) -> Callable[..., IngestReport]:
    """`ingest(*paths, prune=False)` into the `index` fixture."""
    def run(*paths: Path, prune: bool = False) -> IngestReport:
        return ingest_into(index, *paths, prune=prune)
    return run


def search_texts(index: PolicyIndex) -> dict[str, str]:
    """chunk id -> the text its vector was made from, for every committed chunk."""
    chunk_ids = [chunk_id for chunk_id, _ in index.catalog.iter_keyword_rows()]
    return {cid: search_text(d, c) for cid, (c, d) in index.catalog.chunks_by_id(chunk_ids).items()}


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (
        sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5)
