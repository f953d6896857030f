"""Thin answers: when a checked answer says too little, and which source sentences to add after 相关原文."""

from __future__ import annotations

import re
from functools import cache

from assistant.answer_policy import AnswerPolicy
from assistant.verification.checked import CheckedAnswer
from assistant.verification.refusal import NOTHING_ANSWERS
from core.text import figures_in, marker_numbers, numbers_in, sentences, strip_markers

QUOTE_LABEL = "相关原文："
_DATE_UNITS = frozenset({"年", "月", "日", "号", ""})
_ASKS_LIST = re.compile(r"哪些|哪几|哪[一二两三四五六七八九十]|有什么|什么(计划|工程|行动|政策|措施|方式|平台)")
# What an echo comparison ignores: spacing, punctuation and quotation marks.
_ECHO_NOISE = re.compile(r"[\s。，,；;！？!?“”\"]")


@cache
def _quoted_name(max_chars: int) -> re.Pattern[str]:
    return re.compile(rf"“([^“”]{{2,{max_chars}}})”")


def names_left_out(answer: CheckedAnswer, policy: AnswerPolicy) -> list[str]:
    """Quoted names (“某某计划”) in the cited passages' quotes that the answer omits."""
    said = strip_markers(answer.text)
    quoted = _quoted_name(policy.quoted_name_chars)
    names = dict.fromkeys(name for c in answer.citations for name in quoted.findall(c.quote))
    return [name for name in names if name not in said]


def is_thin(answer: CheckedAnswer, question: str, policy: AnswerPolicy) -> bool:
    """A model answer that says too little to be useful: one that lost sentences to the figure
    check, a short one without a figure other than a date ("是。", "要求一样。"), one that
    mostly repeats the question back, or a list that leaves out names its quotes give."""
    content = _ECHO_NOISE.sub("", strip_markers(answer.text))
    quantities = {unit for _, unit in figures_in(answer.text)} - _DATE_UNITS
    pairs = [content[i:i + 2] for i in range(len(content) - 1)]  # repeats count: no set
    echoed = sum(pair in question for pair in pairs) / len(pairs) if pairs else 1.0
    incomplete_list = bool(_ASKS_LIST.search(question)) and bool(names_left_out(answer, policy))
    return bool(answer.removed_sentences) or (len(content) < policy.thin_chars and not quantities) or \
        (echoed >= policy.echo_share and not quantities) or incomplete_list


def source_sentences(extracted: str, answer: CheckedAnswer) -> str:
    """The sentences of the extractive answer `extracted` that add to `answer`, labelled as the
    sources' own words; "" when the sources have nothing more for this question."""
    if extracted.startswith(NOTHING_ANSWERS):
        return ""
    plain = strip_markers(answer.text)
    cited = {c.n for c in answer.citations}
    new = [s for s in sentences(extracted) if not _already_said(s, plain, cited)]
    return f"{QUOTE_LABEL}{''.join(new)}" if new else ""


def _already_said(sentence: str, plain_answer: str, cited: set[int]) -> bool:
    """Its words are in the answer, or its figures are, from a passage the answer already cites."""
    body = strip_markers(sentence).rstrip("。；;！？!?")
    figures = numbers_in(body)
    sources = set(marker_numbers(sentence))
    return body in plain_answer or bool(figures and figures <= numbers_in(plain_answer) and sources <= cited)
