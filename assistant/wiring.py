"""Settings -> the real embedding model, index and searcher (the only place they are built)."""

from __future__ import annotations

from pathlib import Path

from assistant.backends import backend_named
from assistant.chain import PolicyAssistant
from core.token_count import load_tiktoken_counter
from settings import Settings
from core.errors import IndexNotBuiltError
from vectorstore.index import open_index
from vectorstore.models import load_embeddings
from vectorstore.retrieve import HybridSearcher


def open_searcher(settings: Settings, db: Path | None = None, *, must_exist: bool = True) -> HybridSearcher:
    """Load the embedding model once and open the index it was built with."""
    directory = db or settings.db
    if must_exist and not settings.chroma_url and not (directory / "chroma").exists():
        raise IndexNotBuiltError(directory)
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    index = open_index(directory, embeddings, chroma_url=settings.chroma_url,
                       collection=settings.collection)
    if must_exist and index.catalog.version() == 0:
        raise IndexNotBuiltError(directory)
    return HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates)


def build_assistant(settings: Settings, db: Path | None = None,
                    backend: str | None = None) -> PolicyAssistant:
    """The answering assistant for a backend in BACKENDS, models loaded once."""
    chosen = backend or settings.llm_backend
    llm = backend_named(chosen).load(settings)
    searcher = open_searcher(settings, db)
    return PolicyAssistant(searcher, llm, backend=chosen, count_tokens=load_tiktoken_counter(settings.models_dir),
                           top_k=settings.top_k, context_tokens=settings.context_tokens,
                           timeout_s=settings.llm_timeout_s)
