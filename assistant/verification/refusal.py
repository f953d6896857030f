"""Refusals: the words that mark one, the product's own refusal sentences, and needless refusals removed."""

from __future__ import annotations

import re

from assistant.question_types import answers_question
from assistant.verification.binding import names_asked_year
from assistant.verification.checked import CheckedAnswer
from core.text import MARKER, answer_sentences, numbers_in, strip_markers

# A sentence holding one of these says the sources lack the answer.
REFUSAL_MARKERS = ("没有找到", "未找到", "没有提及", "未提及", "没有相关", "无法回答", "没有给出",
                   "未给出", "没有具体", "未涉及", "没有涉及", "没有明确", "未明确")
# The product's own refusals: each must be recognised by is_refusal (tests/assistant/test_refusal.py).
NOTHING_RETRIEVED = "现有文件中没有找到与这个问题相关的内容。"  # retrieval found no passage
NOTHING_ANSWERS = "现有文件中没有找到能回答这个问题的内容。"  # passages found, none answers
NEAREST_SOURCE = "最接近的内容见来源[1]。"  # follows NOTHING_ANSWERS when there are passages
# The figure is there, but for other years than the one asked: said, then the source's own sentence.
NO_FIGURE_FOR_YEAR = "现有文件没有给出{years}的这项数据。"
NEAREST_WORDS = "文件中相近的内容："
# Sentences that only point at the sources ("资料中相近的内容是…") answer nothing themselves.
POINTERS = ("资料中相近", "相近", "最接近", "相关内容", NEAREST_WORDS)
_REFUSAL_OPENING = re.compile(rf"^[^，,。]*?({'|'.join(REFUSAL_MARKERS)})(关于|有关)?")


def is_refusal(text: str) -> bool:
    return any(marker in text for marker in REFUSAL_MARKERS)


def drop_needless_refusal(answer: CheckedAnswer, question: str) -> CheckedAnswer:
    """Small models often open with "没有找到" and then answer from the sources anyway: when a
    cited sentence does answer the question, the refusal sentence goes."""
    if not answer.refused or not answer.citations:
        return answer
    sentences = answer_sentences(answer.text)
    # "没有找到X要达到8%以上[1]" contradicts itself: the sourced figure wins.
    sentences = [_strip_refusal(s) if is_refusal(s) and _answers_with_figure(s, question) else s
                 for s in sentences]
    substantive = [s for s in sentences if not is_refusal(s) and MARKER.search(s) and numbers_in(s)
                   and not s.startswith(POINTERS)]
    if not any(answers_question(strip_markers(s), question) and names_asked_year(question, s)
               for s in substantive):
        return answer
    text = "".join(s for s in sentences if not is_refusal(s) and not s.startswith(POINTERS))
    return CheckedAnswer(text.strip(), answer.citations, answer.removed_sentences, refused=False)


def _answers_with_figure(sentence: str, question: str) -> bool:
    return bool(MARKER.search(sentence) and numbers_in(sentence)
                and answers_question(strip_markers(sentence), question))


def _strip_refusal(sentence: str) -> str:
    return _REFUSAL_OPENING.sub("", sentence, count=1).lstrip("，,：: ")
