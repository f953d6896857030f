"""Ranked evidence -> the numbered passages the answer stage sees, within a token budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vectorstore.retrieve import Evidence


def passage_header(number: int, evidence: Evidence) -> str:
    document = evidence.document
    where = f" {evidence.section_path}" if evidence.section_path else ""
    return f"[{number}] 《{document.title}》{where}"


def pack_evidence(ranked: Sequence[Evidence], *, budget_tokens: int, count_tokens: Callable[[str], int],
                  max_passages: int = 5, min_relative_score: float = 0.35) -> list[Evidence]:
    """Best passages first, while they fit the budget and stay near the best one's score."""
    packed: list[Evidence] = []
    used = 0
    best = ranked[0].score if ranked else 0.0
    for evidence in ranked:
        if len(packed) == max_passages or (packed and evidence.score < min_relative_score * best):
            break
        cost = count_tokens(passage_header(len(packed) + 1, evidence)) + (
            evidence.chunk.n_tiktoken or count_tokens(evidence.chunk.context + evidence.chunk.text))
        if packed and used + cost > budget_tokens:
            continue  # a smaller passage further down may still fit
        packed.append(evidence)
        used += cost
    return packed


def format_context(packed: Sequence[Evidence]) -> str:
    """What the model reads: header line, the table header if split off, then the passage."""
    blocks = []
    for number, evidence in enumerate(packed, 1):
        lines = [passage_header(number, evidence)]
        if evidence.chunk.context:
            lines.append(evidence.chunk.context)
        lines.append(evidence.chunk.text)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
