"""Plain-text files (.txt, .md) -> text, their encoding detected."""

from __future__ import annotations

from ingest.encoding import decode_bytes
from ingest.formats.base import LoadedText


def load_plain_text(raw: bytes) -> LoadedText:
    """Raises UndecodableTextError when the bytes are no text in any encoding we detect."""
    text, _ = decode_bytes(raw)
    return LoadedText(text=text)
