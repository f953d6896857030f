"""What every layer shares: errors, records, text units, the keyword tokenizer, model wheels.

ingest, vectorstore, assistant and web import this package; it imports none of them.
"""

from core.errors import (
    BadInputError,
    ChromaUnavailableError,
    IndexInUseError,
    IndexNotBuiltError,
    ModelMissingError,
    PolicyQAError,
)
from core.records import (
    SCORE_RANGE,
    ChunkRecord,
    DocumentRecord,
    Evidence,
    Filters,
    doc_id_of,
    make_chunk_id,
    search_text,
    text_hash,
)

__all__ = [
    "SCORE_RANGE",
    "BadInputError",
    "ChromaUnavailableError",
    "ChunkRecord",
    "DocumentRecord",
    "Evidence",
    "Filters",
    "IndexInUseError",
    "IndexNotBuiltError",
    "ModelMissingError",
    "PolicyQAError",
    "doc_id_of",
    "make_chunk_id",
    "search_text",
    "text_hash",
]
