"""Real files through the real cleaning and chunking, once per test session (shared by extractor tests)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from core.records import DocumentRecord
from ingest.load import load_text
from ingest.pipeline import prepare_document


@cache
def prepared(path: Path) -> DocumentRecord:
    loaded = load_text(path)
    document = prepare_document(path, loaded.text, loaded.title_hint, path.stem, chunk_tokens=400, count_tokens=len)
    assert document is not None
    return document
