"""What the index stores: a document and its chunks, as plain records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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
    n_tiktoken: int = 0  # for the answer stage's context budget


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
