"""Ranked evidence -> the numbered passages the answer stage sees, within a token budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.answer_policy import AnswerPolicy
from assistant.injection import without_instructions
from assistant.tables import readable
from core.records import Evidence
from core.text import reading_clauses, sentences
from core.tokens import tokenize


def passage_header(number: int, evidence: Evidence) -> str:
    document = evidence.document
    where = f" {evidence.section_path}" if evidence.section_path else ""
    return f"[{number}] 《{document.title}》{where}"


def pack_evidence(ranked: Sequence[Evidence], *, budget_tokens: int | None,
                  count_tokens: Callable[[str], int], query: str, max_passages: int,
                  policy: AnswerPolicy) -> list[Evidence]:
    """Best passages first, while what the model will read of them fits the budget (None: no
    budget) and they stay near the best one's score (scores lie in SCORE_RANGE)."""
    packed: list[Evidence] = []
    used = 0
    best = ranked[0].score if ranked else 0.0
    for evidence in ranked:
        if len(packed) == max_passages or (packed and evidence.score < policy.relative_score * best):
            break
        if budget_tokens is None:
            packed.append(evidence)
            continue
        shown = focus_passage(evidence.chunk.text, query, policy) if query else evidence.chunk.text
        cost = count_tokens(passage_header(len(packed) + 1, evidence) + evidence.chunk.context + shown)
        if packed and used + cost > budget_tokens:
            continue  # a smaller passage further down may still fit
        packed.append(evidence)
        used += cost
    return packed


def _reading_units(text: str, long_chars: int) -> list[str]:
    """Sentences; one longer than `long_chars` is cut into its clauses, so that a 300-character
    sentence of which one clause answers does not fill the budget on its own."""
    units = []
    for sentence in sentences(text):
        units.extend(reading_clauses(sentence) if len(sentence) > long_chars else [sentence])
    return units


def focus_passage(text: str, query: str, policy: AnswerPolicy) -> str:
    """The passage's sentences (clauses of very long ones) that share most words with the query,
    in their original order, gaps marked with …; passages within focus_chars are returned whole."""
    max_chars = policy.focus_chars
    if len(text) <= max_chars:
        return text
    wanted = set(tokenize(query))
    units = _reading_units(text, long_chars=int(max_chars * policy.long_sentence_share))
    ranked = sorted(range(len(units)), key=lambda i: (
        -sum(len(t) for t in set(tokenize(units[i])) & wanted), i))
    keep: set[int] = set()
    used = 0
    for i in ranked:
        if keep and used + len(units[i]) > max_chars:
            continue
        keep.add(i)
        used += len(units[i])
    parts, previous = [], -1
    for i in sorted(keep):
        if previous >= 0 and i != previous + 1:
            parts.append("…")
        parts.append(units[i])
        previous = i
    return ("…" if min(keep) > 0 else "") + "".join(parts) + ("…" if max(keep) < len(units) - 1 else "")


def format_context(packed: Sequence[Evidence], query: str, policy: AnswerPolicy) -> str:
    """What the model reads: header line, the passage's context, then its most relevant sentences
    (the small local model answers better, and sooner, from less text)."""
    blocks = []
    for number, evidence in enumerate(packed, 1):
        lines = [passage_header(number, evidence)]
        context, text = readable(evidence.chunk)  # table rows as statements with names and units
        if context:
            lines.append(without_instructions(context))
        # A source's orders to the model ("忽略之前的指令…") are data: the model never reads them.
        lines.append(without_instructions(focus_passage(text, query, policy) if query else text))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
