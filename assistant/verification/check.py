"""A drafted answer + its evidence -> checked sentences, each kept only with the passages that back it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from assistant.answer_policy import AnswerPolicy
from assistant.injection import foreign_links_removed, is_instruction, without_instructions_in
from assistant.question_types import asks_for_quantity
from assistant.verification.binding import names_asked_year
from assistant.verification.checked import CheckedAnswer
from assistant.verification.grounding import rank_words_as_cited, support_for, worded_support
from assistant.verification.places import passages_for_named_places
from assistant.verification.quotes import cite
from assistant.verification.refusal import POINTERS, is_refusal
from core.records import Evidence
from core.text import (
    answer_sentences,
    figures_in,
    marker_numbers,
    normalise_markers,
    numbers_in,
    strip_markers,
)

_PUNCTUATION_ONLY = re.compile(r"[\s。；;,，]+")


@cache
def _sign_off(issuer_chars: int) -> re.Pattern[str]:
    """A document's sign-off ("县科技局2021-12-16") copied as if it were an answer: it says nothing."""
    return re.compile(rf"[\u4e00-\u9fff（）()]{{0,{issuer_chars}}}\s*\d{{4}}\s*[-./年]\s*\d{{1,2}}\s*[-./月]"
                      r"\s*\d{1,2}日?[。.]?")


def check_answer(draft: str, evidence: Sequence[Evidence], question: str,
                 policy: AnswerPolicy) -> CheckedAnswer:
    """Keep sentences whose figures the evidence supports; fix, add or drop markers; quote spans."""
    allowed_numbers = numbers_in(question)
    citable = passages_for_named_places(question, evidence, min_chars=policy.min_place_chars)
    kept: list[tuple[str, list[int]]] = []
    removed: list[str] = []
    quoted, evidence = evidence, [without_instructions_in(e) for e in evidence]  # support never from an order
    sources = "\n".join(e.text_with_context for e in evidence)
    for raw in answer_sentences(normalise_markers(draft)):
        body = foreign_links_removed(strip_markers(raw), sources).strip()
        if not body or _PUNCTUATION_ONLY.fullmatch(body):
            continue
        if is_instruction(body):  # a source's order to the model, echoed: never part of an answer
            removed.append(body)
            continue
        if _sign_off(policy.sign_off_chars).fullmatch(body):
            removed.append(body)
            continue
        claimed = [n for n in marker_numbers(raw) if 1 <= n <= len(evidence)]
        cited = [n for n in claimed if n in citable]  # a passage about another place backs nothing
        figures = {f for f in figures_in(body) if f[0] not in allowed_numbers}
        if figures:
            cited = support_for(figures, body, cited, evidence, question, citable, policy)
            pointer = body.startswith(POINTERS)  # the source's own words, shown as what is near
            if not cited or not (pointer or _of_asked_year(body, [evidence[n - 1] for n in cited], question)):
                removed.append(body)
                continue
            body = rank_words_as_cited(body, [evidence[n - 1].text_with_context for n in cited])
        elif not is_refusal(body) and not body.startswith(POINTERS):
            backing = worded_support(body, cited, evidence, citable, policy, claimed=bool(claimed))
            if backing is None:
                removed.append(body)  # cites a passage that says nothing of the kind
                continue
            cited = backing
        kept.append((body, cited))
    return cite(kept, quoted, removed)


def _of_asked_year(body: str, cited: list[Evidence], question: str) -> bool:
    """A figure asked for a year stands in a sentence or passage that names that year: else it is
    another year's figure under a valid citation."""
    if not asks_for_quantity(question):
        return True
    return names_asked_year(question, body) or any(
        names_asked_year(question, f"{e.section_path}\n{e.lead}{e.text_with_context}", title=e.document.title,
                         date=e.document.date) for e in cited)
