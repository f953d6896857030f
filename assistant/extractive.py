"""A question + evidence -> an answer made of the evidence's own best sentences (no LLM)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.citations import numbers_in
from vectorstore.keyword import tokenize
from vectorstore.retrieve import Evidence

_UNIT = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_TARGET_WORDS = re.compile(r"力争|目标|计划|到20\d\d年|确保|预计")
_ASKS_ACTUAL = re.compile(r"实际|已经|已达|实现了|完成了")
_ASKS_PLAN = re.compile(r"计划|目标|要求|要达到|要引进|力争")
# What kind of figure a question asks for, and how to recognise it in a sentence.
_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"多少钱|金额|多少万|多少亿|多少元|奖励多少|补贴多少|补助多少|资金多少|资助多少|标准是多少"),
     re.compile(r"\d[\d.,]*\s*(万|亿)?元")),
    (re.compile(r"比重|比例|占比|百分之|增长多少|增速|提高多少"),
     re.compile(r"\d\s*(%|％|个百分点)|[(（]\s*[%％]\s*[)）].*\d")),
    (re.compile(r"哪一年|哪年|什么时候|何时|哪个时间|什么时间"), re.compile(r"(19|20)\d\d\s*年")),
    (re.compile(r"多少|(?<!哪)几[个家项名所]"), re.compile(r"\d")),
)
_GENERIC = frozenset("湖州 新昌 嵊州 宁波 温州 浙江 省 市 县 年 要 达到 计划 提高 多少 什么 目标 要求 政策 "
                     "文件 里 方面 主要 有 哪些 哪个 分别 现在 今年 当前".split())
REFUSAL = "现有文件中没有找到能回答这个问题的内容。"


@dataclass(frozen=True)
class Pick:
    evidence_number: int  # 1-based position in the evidence list
    sentence: str
    score: float


def _required_figure(question: str) -> re.Pattern[str] | None:
    for asks, figure in _ANSWER_TYPES:
        if asks.search(question):
            return figure
    return None


def answers_question(sentence: str, question: str) -> bool:
    """Does the sentence carry the kind of figure the question asks for (and not a mere target
    when an achieved figure is asked)?"""
    figure = _required_figure(question)
    if figure is not None and not figure.search(sentence):
        return False
    asks_actual = bool(_ASKS_ACTUAL.search(question)) and not _ASKS_PLAN.search(question)
    return not (asks_actual and _TARGET_WORDS.search(sentence))


def _candidates(question: str, evidence: Sequence[Evidence]) -> list[Pick]:
    wanted = [t for t in dict.fromkeys(tokenize(question)) if t not in _GENERIC and len(t) > 1]
    wanted = wanted or list(dict.fromkeys(tokenize(question)))
    picks = []
    for number, item in enumerate(evidence, 1):
        for match in _UNIT.finditer(item.chunk.text):
            sentence = match.group().strip()
            if len(sentence) < 6:
                continue
            if not answers_question(sentence, question):
                continue
            present = set(tokenize(item.chunk.context + sentence))
            coverage = sum(len(t) for t in wanted if t in present) / max(1, sum(len(t) for t in wanted))
            picks.append(Pick(number, sentence, coverage + 0.02 * (len(evidence) - number)))
    return sorted(picks, key=lambda p: -p.score)


def extractive_answer(question: str, evidence: Sequence[Evidence], *, min_coverage: float = 0.35,
                      max_sentences: int = 3) -> str:
    """Up to three evidence sentences that cover the question, each with its marker; else a refusal
    that points at the nearest passage."""
    picks = _candidates(question, evidence)
    chosen: list[Pick] = []
    for pick in picks:
        if pick.score < min_coverage or len(chosen) == max_sentences:
            break
        if any(pick.sentence == c.sentence for c in chosen):
            continue
        if chosen and not (numbers_in(pick.sentence) - set().union(*(numbers_in(c.sentence) for c in chosen))):
            continue  # nothing new to add
        chosen.append(pick)
    if not chosen:
        if not evidence:
            return REFUSAL
        return f"{REFUSAL}最接近的内容见来源[1]。"
    return "".join(_with_marker(p.sentence, p.evidence_number) for p in chosen)


def _with_marker(sentence: str, number: int) -> str:
    match = re.search(r"[。！？；!?;]+$", sentence)
    if not match:
        return f"{sentence}[{number}]。"
    return f"{sentence[:match.start()]}[{number}]{match.group()}"
