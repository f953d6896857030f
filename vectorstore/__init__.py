"""The policy index: Chroma vectors + a SQLite catalog, searched by dense and BM25 scores fused.

Names are imported on first use: `import vectorstore` loads neither chromadb nor torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, _HOMES)
