"""A checked answer + the stored targets of the documents it cites -> the other value the same
document gives for a stated target, named as a conflict with its own citation.

A plan's prose and its indicator table sometimes disagree ("力争倍增" in one, "确保30件" in the
other). An answer that copies one of them reads as the document's whole word on it; the reader is
told about the other, from the targets read at ingest (core.knowledge.Target.conflict).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.verification import CheckedAnswer, Citation
from core.knowledge import Target
from core.records import doc_id_of
from core.text import bigrams, numbers_in, share_of

TargetsOf = Callable[[str], list[Target]]  # a document id -> its stored targets
ChunkAt = Callable[[str, int], "str | None"]  # a document id and an offset -> the chunk holding it

# Share of the shorter indicator's wording the other must contain to be the same indicator
# ("每万人高价值发明专利" and "每万人高价值发明专利拥有量(件/万人)").
_SAME_INDICATOR = 0.6


def _same_indicator(a: Target, b: Target) -> bool:
    words_a, words_b = bigrams(a.indicator), bigrams(b.indicator)
    shorter, longer = sorted((words_a, words_b), key=len)
    return a.target_year == b.target_year and share_of(shorter, longer, empty=0.0) >= _SAME_INDICATOR


def _stated_in(target: Target, text: str) -> bool:
    figures = numbers_in(target.value)
    return bool(figures & numbers_in(text)) if figures else target.value in text


def conflicts_named(answer: CheckedAnswer, targets_of: TargetsOf, chunk_at: ChunkAt) -> CheckedAnswer:
    """The answer, with a note and a citation for each other value its cited documents give for a
    target the answer states; unchanged when there is none (or the answer is a refusal)."""
    if answer.refused or not answer.citations:
        return answer
    citations, notes = list(answer.citations), []
    shown = {(c.chunk_id, c.start) for c in citations}
    for citation in answer.citations:
        doc_id = doc_id_of(citation.chunk_id)
        disputed = [t for t in targets_of(doc_id) if t.conflict]
        for target in disputed:
            if not (target.start < citation.end and citation.start < target.end and _stated_in(target, answer.text)):
                continue
            for other in disputed:
                chunk_id = chunk_at(doc_id, other.start)
                if other.value == target.value or not _same_indicator(target, other) or chunk_id is None \
                        or (chunk_id, other.start) in shown or other.value in answer.text:
                    continue
                shown.add((chunk_id, other.start))
                citations.append(Citation(len(citations) + 1, citation.source, citation.title, other.section,
                                          other.quote, other.start, other.end, chunk_id))
                notes.append(f"注意：同一文件另一处对“{other.indicator}”写作“{other.value}”[{len(citations)}]，"
                             f"与“{target.value}”不一致。")
    if not notes:
        return answer
    return CheckedAnswer(answer.text + "".join(notes), citations, answer.removed_sentences, answer.refused)
