"""Settings -> the real embedding model, index and searcher (the only place they are built)."""

from __future__ import annotations

from pathlib import Path

from settings import Settings
from vectorstore.errors import IndexNotBuiltError
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
    return HybridSearcher(index, dense_weight=settings.dense_weight)


def build_assistant(settings: Settings, db: Path | None = None, backend: str | None = None):  # type: ignore[no-untyped-def]
    """The answering assistant for a backend (local | openai | extractive), models loaded once."""
    from assistant.chain import PolicyAssistant
    from assistant.llm import load_chat_model
    from vectorstore.models import load_tiktoken_counter

    chosen = backend or settings.llm_backend
    if chosen not in ("local", "openai", "extractive"):
        raise ValueError(f"unknown backend {chosen!r}: use local, openai or extractive")
    searcher = open_searcher(settings, db)
    llm = None if chosen == "extractive" else load_chat_model(
        chosen, models_dir=settings.models_dir, model_path=settings.llm_model_path,
        openai_base_url=settings.openai_base_url, openai_model=settings.openai_model,
        timeout_s=settings.llm_timeout_s, max_tokens=settings.max_answer_tokens,
        threads=settings.llm_threads)
    return PolicyAssistant(searcher, llm, backend=chosen, count_tokens=load_tiktoken_counter(settings.models_dir),
                           top_k=settings.top_k, context_tokens=settings.context_tokens,
                           timeout_s=settings.llm_timeout_s)
