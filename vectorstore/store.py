"""Chroma, embedded or a server: chunk vectors (searched) and document records (the source of truth)."""

from __future__ import annotations

import base64
import functools
import json
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from core.errors import ChromaUnavailableError, PolicyQAError

_BATCH = 500
_PACKED = "clean_text_z85"  # document records: the clean text, packed; older indexes hold it plain


@dataclass(frozen=True)
class DenseHit:
    chunk_id: str
    score: float  # cosine similarity, higher is closer


def open_chroma_client(db: Path, url: str = "") -> Any:
    """An embedded PersistentClient in `db/chroma`, or an HttpClient when `url` is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    quiet = ChromaSettings(anonymized_telemetry=False)
    if not url:
        (db / "chroma").mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(db / "chroma"), settings=quiet)
    parsed = urlparse(url)
    try:
        client = chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                     ssl=parsed.scheme == "https", settings=quiet)
        client.heartbeat()
    except Exception as error:  # chromadb raises plain ValueError/ConnectionError variants
        raise ChromaUnavailableError(url, str(error).splitlines()[0][:200]) from error
    return client


def _server_call(method: Callable[..., Any]) -> Callable[..., Any]:
    """A Chroma server that stopped answering is a ChromaUnavailableError (the API's 503), not a
    stack trace; the next call reaches it again once it is back (each request opens a connection)."""

    @functools.wraps(method)
    def call(self: ChromaStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except Exception as error:
            import httpx

            if self.url and isinstance(error, httpx.TransportError | ConnectionError | TimeoutError):
                raise ChromaUnavailableError(self.url, str(error).splitlines()[0][:200]) from error
            raise

    return call


class ChromaStore:
    """Two collections: `<name>` holds chunks with vectors; `<name>_documents` one record per
    document (its clean text), written after its chunks, so it marks the document complete."""

    def __init__(self, client: Any, name: str, embeddings: Embeddings, model_name: str, url: str = "") -> None:
        from langchain_chroma import Chroma

        self.client = client
        self.url = url  # the server's, when not embedded
        self.embeddings = embeddings
        self.search = Chroma(client=client, collection_name=name, embedding_function=embeddings,
                             collection_configuration={"hnsw": {"space": "cosine"}},
                             collection_metadata={"embedding_model": model_name})
        self.chunks = client.get_collection(name)
        built_with = (self.chunks.metadata or {}).get("embedding_model")
        if built_with and built_with != model_name:
            raise PolicyQAError(
                f"The index in Chroma collection '{name}' was built with embedding model "
                f"'{built_with}', not '{model_name}'. Set POLICYQA_EMBEDDING_MODEL={built_with}, "
                "or build a new index with another POLICYQA_DB / POLICYQA_COLLECTION.")
        self.documents = client.get_or_create_collection(f"{name}_documents")

    @_server_call
    def add_chunks(self, ids: list[str], vectors: list[list[float]],
                   metadatas: list[dict[str, Any]]) -> None:
        """Vectors and span metadata only: a chunk's text is its document's clean text[start:end].
        Chroma full-text indexes every document string (a schema cannot turn that off in the
        embedded 1.x client), which was 70% of a chunk write; "" keeps LangChain's search happy."""
        for i in range(0, len(ids), _BATCH):
            self.chunks.upsert(ids=ids[i:i + _BATCH], embeddings=vectors[i:i + _BATCH],
                               documents=[""] * len(ids[i:i + _BATCH]), metadatas=metadatas[i:i + _BATCH])

    @_server_call
    def add_documents(self, doc_ids: list[str], clean_texts: list[str],
                      metadatas: list[dict[str, Any]]) -> None:
        """One record per document, its clean text packed (see `pack_text`). Chroma wants a vector
        for every record; document records are never searched by vector."""
        for i in range(0, len(doc_ids), _BATCH):
            self.documents.upsert(
                ids=doc_ids[i:i + _BATCH], embeddings=[[0.0]] * len(doc_ids[i:i + _BATCH]),
                documents=[""] * len(doc_ids[i:i + _BATCH]),
                metadatas=[{**{k: v for k, v in m.items() if v not in ("", None)}, _PACKED: pack_text(text)}
                           for m, text in zip(metadatas[i:i + _BATCH], clean_texts[i:i + _BATCH],
                                              strict=True)])

    @_server_call
    def vectors_of(self, chunk_ids: list[str]) -> dict[str, list[float]]:
        """Stored vectors of the chunks that are in Chroma; missing ids are left out."""
        found: dict[str, list[float]] = {}
        for i in range(0, len(chunk_ids), _BATCH):
            got = self.chunks.get(ids=chunk_ids[i:i + _BATCH], include=["embeddings"])
            found.update(zip(got["ids"], (list(map(float, v)) for v in got["embeddings"]), strict=True))
        return found

    @_server_call
    def delete_document(self, doc_id: str) -> None:
        """Chunks first, the completion record last: a crash leaves it incomplete, never half-visible."""
        self.chunks.delete(where={"doc_id": doc_id})
        self.documents.delete(ids=[doc_id])

    @_server_call
    def query(self, vector: list[float], k: int, doc_ids: Sequence[str] | None = None) -> list[DenseHit]:
        # Any: langchain-chroma annotates filters as dict[str, str]; Chroma takes operators like $in.
        where: Any = None if doc_ids is None else {"doc_id": {"$in": list(doc_ids)}}
        if doc_ids is not None and not doc_ids:
            return []
        found = self.search.similarity_search_by_vector_with_relevance_scores(vector, k=k, filter=where)
        return [DenseHit(str(doc.id), 1.0 - float(distance)) for doc, distance in found]

    @_server_call
    def all_documents(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(doc_id, clean text, metadata) of every complete document."""
        found = self.documents.get(include=["documents", "metadatas"])
        records = []
        for doc_id, text, meta in zip(found["ids"], found["documents"] or [], found["metadatas"] or [],
                                      strict=True):
            meta = dict(meta or {})
            packed = meta.pop(_PACKED, None)
            records.append((doc_id, unpack_text(packed) if packed else text or "", meta))
        return records

    @_server_call
    def chunks_of(self, doc_id: str) -> list[tuple[str, dict[str, Any]]]:
        """(chunk id, metadata) of a document's chunks, in no particular order."""
        found = self.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
        return list(zip(found["ids"], found["metadatas"] or [], strict=True))


def pack_text(text: str) -> str:
    """Text as zlib + base85, for Chroma: it indexes every string it stores for full-text search,
    which for Chinese clean text was 6 ms a document record (1.0 ms packed; 1,000 news articles)."""
    return base64.b85encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpack_text(packed: str) -> str:
    return zlib.decompress(base64.b85decode(packed)).decode("utf-8")


def encode_list(values: Sequence[str]) -> str:
    """Chroma metadata holds scalars only: lists travel as JSON strings."""
    return json.dumps(list(values), ensure_ascii=False)
