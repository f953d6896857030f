"""Refusals: every refusal the product writes is recognised, and needless ones are removed."""

from __future__ import annotations

import pytest

from assistant.verification.checked import CheckedAnswer, Citation
from assistant.verification.refusal import (
    NEAREST_SOURCE,
    NOTHING_ANSWERS,
    NOTHING_RETRIEVED,
    REFUSAL_MARKERS,
    drop_needless_refusal,
    is_refusal,
)

CITATION = Citation(1, "a.txt", "某县科技创新券办法", "二、标准", "每家企业每年最高20万元。", 0, 12, "d:00000")


def _checked(text: str) -> CheckedAnswer:
    return CheckedAnswer(text, [CITATION], [], refused=is_refusal(text))


@pytest.mark.parametrize("sentence", [NOTHING_RETRIEVED, NOTHING_ANSWERS, NOTHING_ANSWERS + NEAREST_SOURCE])
def test_the_products_own_refusals_are_recognised(sentence: str) -> None:
    assert is_refusal(sentence)


def test_each_marker_makes_a_refusal_and_ordinary_answers_are_none() -> None:
    assert all(is_refusal(f"资料{marker}补贴金额。") for marker in REFUSAL_MARKERS)
    assert not is_refusal("每家企业每年最高20万元[1]。")


def test_a_refusal_followed_by_a_sourced_answer_goes() -> None:
    answer = drop_needless_refusal(_checked("现有文件中没有找到具体规定。每家企业每年最高20万元[1]。"),
                                   "每家企业每年最高补助多少万元?")

    assert answer.text == "每家企业每年最高20万元[1]。" and not answer.refused


def test_a_refusal_that_states_the_figure_keeps_the_figure() -> None:
    answer = drop_needless_refusal(_checked("没有找到补贴上限，每家企业每年最高20万元[1]。"),
                                   "每家企业每年最高补助多少万元?")

    assert answer.text == "补贴上限，每家企业每年最高20万元[1]。" and not answer.refused


def test_a_refusal_stays_when_no_cited_sentence_gives_the_asked_figure() -> None:
    draft = _checked("现有文件中没有找到补贴金额。资料只提到每年6月30日前申请[1]。")

    assert drop_needless_refusal(draft, "创新券补贴金额是多少钱?") == draft


def test_a_refusal_without_citations_is_left_alone() -> None:
    draft = CheckedAnswer(NOTHING_RETRIEVED, [], [], refused=True)

    assert drop_needless_refusal(draft, "补贴多少?") is draft


def test_a_refusal_of_the_asked_year_stays_when_the_sourced_sentence_is_of_another_year() -> None:
    text = "现有文件没有给出2023年的这项数据。每家企业每年最高20万元[1]。"
    kept = drop_needless_refusal(_checked(text), "2023年每家企业每年最高补助多少万元?")
    assert kept.text == text and kept.refused
    gone = drop_needless_refusal(_checked("没有找到。2023年每家企业每年最高20万元[1]。"),
                                 "2023年每家企业每年最高补助多少万元?")
    assert gone.text == "2023年每家企业每年最高20万元[1]。" and not gone.refused
