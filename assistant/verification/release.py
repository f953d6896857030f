"""Streamed answer text -> the clauses that may be shown now: complete, and with figures the sources have."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.injection import foreign_links_removed, is_instruction, without_instructions_in
from core.records import Evidence
from core.text import CLAUSE, CLAUSE_END, numbers_in


class Release:
    """Feed model tokens in; get back the clauses to show. Held-back text waits for the final check."""

    def __init__(self, evidence: Sequence[Evidence], question: str) -> None:
        readable = [without_instructions_in(e) for e in evidence]  # a figure an order plants is unknown
        self._known = numbers_in(question).union(*(numbers_in(e.chunk.context + e.chunk.text) for e in readable))
        self._sources = "\n".join(e.text_with_context for e in evidence)
        self._pending = ""

    def feed(self, token: str) -> str:
        """The complete clauses so far whose figures are all in the question or the sources, without
        orders to the model a source smuggled in, or links and images to addresses the sources lack."""
        self._pending += token
        last_end = 0
        for match in CLAUSE_END.finditer(self._pending):
            last_end = match.end()
        if not last_end:
            return ""
        ready, self._pending = self._pending[:last_end], self._pending[last_end:]
        shown = "".join(s for s in CLAUSE.findall(ready) if numbers_in(s) <= self._known and not is_instruction(s))
        return foreign_links_removed(shown, self._sources)
