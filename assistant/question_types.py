"""What a question asks for: the kind of figure, and whether it wants an achieved (not a target) one."""

from __future__ import annotations

import re

TARGET_WORDS = re.compile(r"力争|目标|计划|到20\d\d年|确保|预计")
_ASKS_ACTUAL = re.compile(r"实际|已经|已达|实现了|完成了")
_ASKS_PLAN = re.compile(r"计划|目标|要求|要达到|要引进|力争")
_ASKS_TARGET = re.compile(r"目标|预期|计划|力争|要达到|拟|安排(?!了)")
_WHAT_TARGET = re.compile(r"什么(?:预期|主要|发展|具体|量化)?(?:目标|指标)|(?:目标|指标)(?:是|为|定为)(?:什么|多少|啥)"
                          r"|哪些(?:目标|指标)")
_ASKS_YEAR = re.compile(r"哪一年|哪年|什么时候|何时|哪个时间|什么时间")
# What kind of figure a question asks for, and how to recognise it in a sentence.
_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"多少钱|金额|多少万|多少亿|多少元|奖励多少|补贴多少|补助多少|资金多少|资助多少|标准是多少"),
     re.compile(r"\d[\d.,]*\s*(万|亿)?元")),
    # "提高多少" asks for a rate, but "提高多少中小学教师的待遇" for a count of what follows it.
    (re.compile(r"比重|比例|占比|百分之|增速|(?:增长|提高)多少(?:个百分点)?(?![\u4e00-\u9fff])"),
     re.compile(r"\d\s*(%|％|个百分点)|[(（]\s*[%％]\s*[)）].*\d")),
    (_ASKS_YEAR, re.compile(r"(19|20)\d\d\s*年")),
    (re.compile(r"多少|多大|多高|(?<!哪)几[个家项名所]"), re.compile(r"\d")),
)


def required_figure(question: str) -> re.Pattern[str] | None:
    for asks, figure in _ANSWER_TYPES:
        if asks.search(question):
            return figure
    return None


def asks_for_quantity(question: str) -> bool:
    """Does the question want a figure of some indicator (an amount, a share, a count), not a year?"""
    return required_figure(question) is not None and not _ASKS_YEAR.search(question)


def asks_what_target(question: str) -> bool:
    """'提出了什么预期目标 / 目标是什么 / 哪些指标': the plan's own commitments are asked for."""
    return bool(_WHAT_TARGET.search(question))


def asks_for_target(question: str) -> bool:
    """'当年的预期目标是多少' wants a planned figure: a result from a review of past years does not answer."""
    return bool(_ASKS_TARGET.search(question)) and not _ASKS_ACTUAL.search(question)


def asks_for_planned_figure(question: str) -> bool:
    """'拟安排多少 / 预期目标是多少': a planned figure, which a review of past years does not state."""
    return asks_for_quantity(question) and asks_for_target(question)


def asks_for_achieved(question: str) -> bool:
    """'实际达到了多少' wants an achieved figure; a question that also asks about plans does not."""
    return bool(_ASKS_ACTUAL.search(question)) and not _ASKS_PLAN.search(question)


def answers_question(sentence: str, question: str, where: str = "") -> bool:
    """Does the sentence carry the kind of figure the question asks for (and not a mere target
    when an achieved figure is asked)? `where` is its section path: a sentence under "建设目标"
    states a target even without saying 力争."""
    figure = required_figure(question)
    if figure is not None and not figure.search(sentence):
        return False
    return not (asks_for_achieved(question) and TARGET_WORDS.search(where + sentence))
