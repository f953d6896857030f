"""An answer sentence + evidence -> the passages that back it: its figures (with units) or its wording."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer_policy import AnswerPolicy
from assistant.question_types import TARGET_WORDS, asks_for_achieved
from assistant.tables import header_of
from core.records import Evidence
from core.text import SENTENCE, bigrams, figures_in, is_table_row, numbers_in, share_of

Figure = tuple[str, str]  # (number, unit) as figures_in gives them
_RANK = re.compile(r"([前第])(\d+)")


def _units_of(evidence: Evidence) -> list[str]:
    """Sentences and table rows of a passage; every table row carries its header."""
    chunk = evidence.chunk
    prefix = chunk.context + "\n" if chunk.context else ""
    units = []
    for match in SENTENCE.finditer(chunk.text):
        if match.group().strip():
            header = header_of(chunk, match.start()) if not prefix and is_table_row(match.group()) else ""
            units.append(prefix + (header + "\n" if header else "") + match.group())
    return units


def grounded(figure: Figure, sentence: str, evidence: Evidence, question: str, *, min_overlap: float) -> bool:
    """The figure, with its unit, stands in a sentence of the passage that is about the same thing
    as the answer sentence (shares enough of its wording) — and is no mere target when the
    question asks what was achieved."""
    number, unit = figure
    words = bigrams(sentence)
    achieved = asks_for_achieved(question)
    for text in _units_of(evidence):
        if achieved and TARGET_WORDS.search(evidence.section_path + text):
            continue
        found = figures_in(text)
        same = (number, unit) in found or any(n == number and not u for n, u in found) or (
            not unit and any(n == number for n, _ in found))
        if same and (not words or share_of(words, bigrams(text), empty=0.0) >= min_overlap):
            return True
    return False


def overlap(answer_sentence: str, passage: str) -> float:
    """How much of the sentence's wording and figures the passage contains (0..~2)."""
    figures = numbers_in(answer_sentence)
    return share_of(bigrams(answer_sentence), bigrams(passage), empty=0.0) + \
        share_of(figures, numbers_in(passage), empty=0.0)


def support_for(figures: set[Figure], body: str, cited: list[int], evidence: Sequence[Evidence],
                question: str, citable: set[int], policy: AnswerPolicy) -> list[int]:
    """The cited passages if they ground every figure, else the citable passages that do; [] if
    none."""
    def grounding(numbers: list[int]) -> set[Figure]:
        return {f for f in figures if any(
            grounded(f, body, evidence[n - 1], question, min_overlap=policy.figure_overlap) for n in numbers)}

    if cited and grounding(cited) == figures:
        return cited
    ranked = sorted(sorted(citable), key=lambda n: -overlap(body, evidence[n - 1].text_with_context))
    chosen: list[int] = []
    covered: set[Figure] = set()
    for n in ranked:  # figures may come from several passages (comparisons)
        new = grounding([n]) - covered
        if new:
            chosen.append(n)
            covered |= new
        if covered == figures:
            return sorted(chosen)
    return []


def _word_overlap(sentence: str, passage: str) -> float:
    return share_of(bigrams(sentence), bigrams(passage), empty=1.0)


def worded_support(body: str, cited: list[int], evidence: Sequence[Evidence], citable: set[int],
                   policy: AnswerPolicy, *, claimed: bool) -> list[int] | None:
    """Passages whose wording backs a sentence without figures: the cited ones if they do, else the
    best citable one; [] for a bare "是。"; None when the sentence claims a source and none backs it."""
    if len(bigrams(body)) < policy.min_worded_bigrams:
        return cited if cited or not claimed else None

    def backs(n: int) -> float:
        return _word_overlap(body, evidence[n - 1].text_with_context)

    backing = [n for n in cited if backs(n) >= policy.worded_support]
    if backing:
        return backing
    best = max(sorted(citable), key=backs, default=None)
    if best is not None and backs(best) >= policy.worded_support:
        return [best]
    return None if claimed else []


def rank_words_as_cited(body: str, passages: Sequence[str]) -> str:
    """"进入全国第20位" where the source says "前20位" changes the target: the source's word wins."""
    def fix(match: re.Match[str]) -> str:
        word, number = match.groups()
        other = "第" if word == "前" else "前"
        said = re.compile(rf"{word}{number}(?!\d)")
        instead = re.compile(rf"{other}{number}(?!\d)")
        if any(instead.search(p) for p in passages) and not any(said.search(p) for p in passages):
            return other + number
        return match.group()

    return _RANK.sub(fix, body)
