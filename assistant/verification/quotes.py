"""Kept sentences + the passages backing each -> the answer text with markers and exact quotes."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.verification.checked import CheckedAnswer, Citation
from assistant.verification.grounding import overlap
from assistant.verification.refusal import is_refusal
from core.records import Evidence
from core.text import sentence_spans, with_marker


def best_quote(sentences: Sequence[str], evidence: Evidence) -> tuple[int, int]:
    """Offsets within the chunk of the shortest run of its sentences that best supports them."""
    text = evidence.chunk.text
    units = [(m.start(), m.end()) for m in sentence_spans(text)]
    if not units:
        return 0, len(text)
    picked = [max(units, key=lambda u: overlap(sentence, text[u[0]:u[1]])) for sentence in sentences]
    start = min(s for s, _ in picked)
    end = max(e for _, e in picked)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def cite(kept: list[tuple[str, list[int]]], evidence: Sequence[Evidence],
         removed: list[str]) -> CheckedAnswer:
    """Markers keep the evidence numbers the user already sees in the sources panel."""
    parts = [with_marker(body, "".join(f"[{n}]" for n in cited)) for body, cited in kept]
    citations = []
    for n in sorted({n for _, cited in kept for n in cited}):
        item = evidence[n - 1]
        start, end = best_quote([body for body, cited in kept if n in cited], item)
        citations.append(Citation(n, item.document.source, item.document.title, item.section_path,
                                  item.chunk.text[start:end], item.chunk.start + start,
                                  item.chunk.start + end, item.chunk.chunk_id))
    text = "".join(parts).strip()
    return CheckedAnswer(text, citations, removed, refused=is_refusal(text) or not text)
