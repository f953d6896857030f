"""Records every layer passes: documents, chunks, retrieved evidence, search filters; chunk ids."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.errors import BadInputError
from core.knowledge import STATUSES


def make_chunk_id(doc_id: str, ord: int) -> str:
    """A chunk's id: its document's id and its place in the document."""
    return f"{doc_id}:{ord:05d}"


def doc_id_of(chunk_id: str) -> str:
    """The document id inside a chunk id made by `make_chunk_id`."""
    return chunk_id.rsplit(":", 1)[0]


@dataclass(frozen=True)
class ChunkRecord:
    """A citable span: `text == document.clean_text[start:end]`."""

    chunk_id: str
    doc_id: str
    ord: int
    start: int
    end: int
    section: tuple[str, ...]
    text: str
    context: str = ""  # shown with the text, not part of the span (a split table's header row)
    kind: str = "text"


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str  # content hash (with the index settings): the same bytes always get the same id
    path: str
    source: str  # file name
    title: str
    clean_text: str
    region: str = ""
    regions: tuple[str, ...] = ()
    issuer: str = ""
    date: str = ""
    doc_type: str = ""
    chunks: tuple[ChunkRecord, ...] = field(default=(), repr=False)


def search_text(document: DocumentRecord, chunk: ChunkRecord) -> str:
    """What gets embedded and keyword-indexed: where the chunk sits, then the chunk. A change here
    changes what is embedded: bump the ingest PIPELINE_VERSION so every document re-ingests."""
    title = document.title if document.region[:2] in document.title else f"{document.region} {document.title}"
    return "\n".join(part for part in (title, " > ".join(chunk.section), chunk.context, chunk.text) if part)


def text_hash(text: str) -> str:
    """A search text's key: chunks with the same key get the same vector, so it is computed once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# Retrieval scores are min-max normalised per retriever and fused with weights that sum to 1, so
# every score lies in [0, 1] whatever the retrievers' raw scales; thresholds relative to the best
# score rely on that.
SCORE_RANGE = (0.0, 1.0)


@dataclass(frozen=True)
class Evidence:
    """A retrieved chunk with what a citation needs; `score` lies in SCORE_RANGE."""

    chunk: ChunkRecord
    document: DocumentRecord
    score: float
    lead: str = ""  # its paragraph's text before the chunk, when the chunk starts inside one

    @property
    def section_path(self) -> str:
        return " > ".join(self.chunk.section)

    @property
    def text_with_context(self) -> str:
        """The passage as a figure check reads it: its context line, then its text."""
        return f"{self.chunk.context}\n{self.chunk.text}"


@dataclass(frozen=True)
class Filters:
    """Narrow a search; empty fields don't filter. Dates are ISO strings (yyyy-mm-dd)."""

    region: str = ""
    document: str = ""  # file name, doc id or part of the title
    doc_type: str = ""
    date_from: str = ""
    date_to: str = ""
    status: str = ""  # comma-separated document statuses (core.knowledge.STATUSES), as of the searcher's day

    def __post_init__(self) -> None:
        if unknown := [s for s in self.statuses() if s not in STATUSES]:
            raise BadInputError(f"unknown status {', '.join(unknown)}; use one or more of {', '.join(STATUSES)}")

    def statuses(self) -> tuple[str, ...]:
        """The wanted statuses; () when status does not filter."""
        return tuple(s.strip() for s in self.status.split(",") if s.strip())

    def is_empty(self) -> bool:
        return not any((self.region, self.document, self.doc_type, self.date_from, self.date_to, self.status))


def interleave(ranked: Sequence[Sequence[Evidence]], k: int) -> list[Evidence]:
    """First of each list, then second of each, …: k in all, each chunk once."""
    chosen: list[Evidence] = []
    seen: set[str] = set()
    for rank in range(max((len(r) for r in ranked), default=0)):
        for items in ranked:
            if rank < len(items) and items[rank].chunk.chunk_id not in seen and len(chosen) < k:
                chosen.append(items[rank])
                seen.add(items[rank].chunk.chunk_id)
    return chosen
