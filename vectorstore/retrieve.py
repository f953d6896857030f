"""A question -> ranked evidence: dense (Chroma) and BM25 (jieba) scores, min-max fused."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator
from typing import Literal

import numpy as np

from core.places import region_stem
from core.records import DocumentRecord, Evidence, Filters, doc_id_of, interleave
from core.text import WHITESPACE, bigrams
from core.tokens import tokenize
from vectorstore.index import PolicyIndex
from vectorstore.keyword import BM25Index

Mode = Literal["hybrid", "bm25", "dense"]


# Characters of a chunk's paragraph kept from before the chunk: a paragraph's opening often frames
# what follows ("力争到2022年，……") and a chunk may start after it.
LEAD_CHARS = 300

class HybridSearcher:
    """Keeps the BM25 matrix in memory, rebuilt only when the catalog's version changes.
    `dense_weight` is the dense score's share in the fusion; `candidates` how many chunks each
    retriever proposes (Settings hold both)."""

    def __init__(self, index: PolicyIndex, *, dense_weight: float, candidates: int,
                 today: Callable[[], datetime.date] = datetime.date.today) -> None:
        self.index = index
        self.today = today  # the day a status filter reads documents' status on (POLICYQA_TODAY)
        self.dense_weight = dense_weight
        self.candidates = candidates
        self._lock = threading.Lock()
        self._version = -1
        self._bm25: BM25Index | None = None
        self._chunk_ids: list[str] = []
        self._row_of_doc: dict[str, np.ndarray] = {}
        self._documents_version = -1
        self._documents: list[DocumentRecord] = []
        self._region_docs: dict[str, set[str]] = {}

    def _keyword_index(self) -> tuple[BM25Index, list[str], dict[str, np.ndarray]]:
        with self._lock:
            version = self.index.catalog.version()
            if self._bm25 is None or version != self._version:
                chunk_ids: list[str] = []

                def token_rows() -> Iterator[list[str]]:  # streamed: the rows never all in memory
                    for chunk_id, tokens in self.index.catalog.iter_keyword_rows():
                        chunk_ids.append(chunk_id)
                        yield tokens

                self._bm25 = BM25Index(token_rows())
                self._chunk_ids = chunk_ids
                by_doc: dict[str, list[int]] = {}
                for row, chunk_id in enumerate(self._chunk_ids):
                    by_doc.setdefault(doc_id_of(chunk_id), []).append(row)
                self._row_of_doc = {doc: np.asarray(rows_, dtype=np.int64) for doc, rows_ in by_doc.items()}
                self._version = version
            return self._bm25, self._chunk_ids, self._row_of_doc

    def _bm25_scores(self, query: str, doc_ids: list[str] | None) -> dict[str, float]:
        bm25, chunk_ids, row_of_doc = self._keyword_index()
        if not chunk_ids:
            return {}
        scores = bm25.scores(tokenize(query))
        if doc_ids is not None:
            allowed = np.zeros(len(scores), dtype=bool)
            for doc_id in doc_ids:
                allowed[row_of_doc.get(doc_id, np.empty(0, dtype=np.int64))] = True
            scores = np.where(allowed, scores, 0.0)
        top = np.argsort(-scores)[: self.candidates]
        return {chunk_ids[i]: float(scores[i]) for i in top if scores[i] > 0}

    def _dense_scores(self, query: str, doc_ids: list[str] | None,
                      vector: list[float] | None = None) -> dict[str, float]:
        vector = vector if vector is not None else self.index.embeddings.embed_query(query)
        return {hit.chunk_id: hit.score for hit in self.index.store.query(vector, self.candidates, doc_ids)}

    def search(self, query: str, k: int, filters: Filters | None = None,
               mode: Mode = "hybrid") -> list[Evidence]:
        """The k best chunks for the query, near-duplicates collapsed. A query that names several
        regions ("嘉兴和丽水…分别…") gets the best chunks of each region's documents in turn, so
        that no region's answer is crowded out by another's."""
        if filters is None or filters.is_empty():
            groups = self._documents_of_named_regions(query)
            if len(groups) > 1:
                vector = self.index.embeddings.embed_query(query) if mode != "bm25" else None
                ranked = [self._ranked(query, k, doc_ids, mode, vector) for doc_ids in groups]
                return interleave(ranked, k)
        doc_ids = None if filters is None or filters.is_empty() else \
            self.index.catalog.matching_doc_ids(filters, self.today())
        return self._ranked(query, k, doc_ids, mode)

    def documents(self) -> list[DocumentRecord]:
        """Every committed document (without text), read again only when the catalog changed."""
        with self._lock:
            version = self.index.catalog.version()
            if version != self._documents_version:
                self._documents = self.index.catalog.documents()
                self._region_docs = _documents_by_region(self._documents)
                self._documents_version = version
            return self._documents

    def _documents_of_named_regions(self, query: str) -> list[list[str]]:
        """For each indexed region the query names, in the order named, the documents about it;
        regions whose documents are the same, or are all documents, count once or not at all."""
        self.documents()
        region_docs = self._region_docs
        named = sorted((query.find(stem), stem) for stem in region_docs if stem in query)
        everything = set().union(*region_docs.values()) if region_docs else set()
        groups: list[list[str]] = []
        for _, stem in named:
            docs = sorted(region_docs[stem])
            if set(docs) != everything and docs not in groups:
                groups.append(docs)
        return groups

    def _ranked(self, query: str, k: int, doc_ids: list[str] | None, mode: Mode,
                vector: list[float] | None = None) -> list[Evidence]:
        keyword = self._bm25_scores(query, doc_ids) if mode != "dense" else {}
        dense = self._dense_scores(query, doc_ids, vector) if mode != "bm25" else {}
        fused: dict[str, float] = {}
        for weight, scores in ((1.0 - self.dense_weight, keyword), (self.dense_weight, dense)):
            if mode != "hybrid":
                weight = 1.0
            for chunk_id, score in _min_max(scores).items():
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight * score
        ranked = sorted(fused, key=lambda cid: (-fused[cid], cid))
        records = self.index.catalog.chunks_by_id(ranked)  # uncommitted chunks drop out here
        chosen: list[Evidence] = []
        for chunk_id in ranked:
            if chunk_id not in records:
                continue
            chunk, document = records[chunk_id]
            if any(_near_duplicate(chunk.text, e.chunk.text) for e in chosen):
                continue
            lead = self.index.catalog.paragraph_before(chunk.doc_id, chunk.start, LEAD_CHARS)
            chosen.append(Evidence(chunk, document, round(fused[chunk_id], 4), lead))
            if len(chosen) == k:
                break
        return chosen


def _min_max(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low < 1e-9:
        return {chunk_id: 1.0 for chunk_id in scores}
    return {chunk_id: (score - low) / (high - low) for chunk_id, score in scores.items()}


def _near_duplicate(a: str, b: str, threshold: float = 0.85) -> bool:
    x, y = bigrams(a, WHITESPACE), bigrams(b, WHITESPACE)
    if not x or not y:
        return a.strip() == b.strip()
    return len(x & y) / min(len(x), len(y)) >= threshold


def _documents_by_region(documents: list[DocumentRecord]) -> dict[str, set[str]]:
    """Documents by their main region only: places a document merely mentions don't count."""
    by_region: dict[str, set[str]] = {}
    for document in documents:
        if len(stem := region_stem(document.region)) >= 2:
            by_region.setdefault(stem, set()).add(document.doc_id)
    return by_region

