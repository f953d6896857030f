"""A document's chunks -> the heading path that stands over any offset of its clean text."""

from __future__ import annotations

import bisect

from core.records import DocumentRecord


class SectionIndex:
    """Heading paths by offset, from the document's chunks."""

    def __init__(self, document: DocumentRecord) -> None:
        chunks = sorted(document.chunks, key=lambda c: c.start)
        self._starts = [c.start for c in chunks]
        self._sections = [c.section for c in chunks]

    def at(self, offset: int) -> tuple[str, ...]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._sections[index] if index >= 0 else ()
