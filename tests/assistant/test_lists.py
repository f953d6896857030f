"""assistant.lists and the list rule of the extractive answer: a list is copied from the source's own
enumeration, the sentence listing as many items as the question names comes first, and a shorter
copied list says so."""

from __future__ import annotations

import pytest

from assistant.answer_policy import AnswerPolicy
from assistant.extractive import extractive_answer
from assistant.lists import SHORT_LIST, asked_count, asks_for_list, listed_count
from tests.assistant.test_extractive import _evidence


@pytest.mark.parametrize(("question", "is_list", "count"), [
    ("规划提出的“八大行动”分别是什么？", True, 8),
    ("要培育的“五型”企业是指哪五型？", True, 5),
    ("要求首先加快建设的五大露天煤矿是哪几个？", True, 5),
    ("要认真实施哪些重点产业的调整和振兴规划？", True, None),
    ("重点流域具体指哪些？", True, None),
    ("研发补助最高多少万元？", False, None),
    ("申报条件是什么？", False, None),
    ("用三年时间完成哪些任务？", True, None),  # a duration is no count
])
def test_list_questions_and_the_count_they_name(question: str, is_list: bool, count: int | None) -> None:
    assert asks_for_list(question) is is_list
    assert asked_count(question) == count


@pytest.mark.parametrize(("sentence", "count"), [
    ("系统推进创新提能、强基强链、平台提档、科技惠民、人才赋能、金融赋能、要素优配、创新优治八大行动。", 8),
    ("培育1家“五型”(总部型、上市型、品牌型、行标或国标型、高新技术型)企业。", 5),
    ("首先把霍林河、伊敏河、平朔、元宝山、准格尔等五大露天矿建设起来。", 5),
    ("支持企业研发和人才引进。", 0),
    ("一是加强研发投入；二是引进高端人才；三是优化创新服务。", 3),
])
def test_the_items_a_sentence_lists_are_counted(sentence: str, count: int) -> None:
    assert listed_count(sentence) == count


FIRST = "示范区实施创新提能、人才赋能、要素优配三大行动，重点推进八大行动。"
WHOLE = "八大行动包括创新提能、强基强链、平台提档、科技惠民、人才赋能、金融赋能、要素优配、创新优治。"


def test_the_sentence_listing_as_many_items_as_asked_comes_first() -> None:
    answer = extractive_answer("示范区的八大行动分别是什么？", _evidence(FIRST, WHOLE), policy=AnswerPolicy())

    assert answer.startswith(WHOLE.rstrip("。"))  # ranked second by its words, first by its count
    assert SHORT_LIST not in answer


def test_a_copied_list_shorter_than_the_asked_count_says_so_and_adds_no_item() -> None:
    answer = extractive_answer("示范区的八大行动分别是什么？", _evidence(FIRST), policy=AnswerPolicy())

    assert answer.startswith(FIRST.rstrip("。")) and answer.endswith(SHORT_LIST)
    assert "强基强链" not in answer
