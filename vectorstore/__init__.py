"""The policy index: Chroma vectors + a SQLite catalog, searched by dense and BM25 scores fused.

Names are imported on first use: `import vectorstore` loads neither chromadb nor torch.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vectorstore.index import PolicyIndex, open_index
    from vectorstore.langchain_retriever import PolicyRetriever
    from vectorstore.models import SentenceEmbeddings, fetch_embedding_model, load_embeddings
    from vectorstore.retrieve import HybridSearcher

_HOMES = {
    "HybridSearcher": "vectorstore.retrieve",
    "PolicyIndex": "vectorstore.index",
    "PolicyRetriever": "vectorstore.langchain_retriever",
    "SentenceEmbeddings": "vectorstore.models",
    "fetch_embedding_model": "vectorstore.models",
    "load_embeddings": "vectorstore.models",
    "open_index": "vectorstore.index",
}

__all__ = ["HybridSearcher", "PolicyIndex", "PolicyRetriever", "SentenceEmbeddings",
           "fetch_embedding_model", "load_embeddings", "open_index"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'vectorstore' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
