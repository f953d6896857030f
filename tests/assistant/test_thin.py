"""Thin answers: which checked answers say too little, and which source sentences are added."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.verification.checked import CheckedAnswer, Citation
from assistant.verification.refusal import NEAREST_SOURCE, NOTHING_ANSWERS
from assistant.verification.thin import QUOTE_LABEL, is_thin, names_left_out, source_sentences

POLICY = AnswerPolicy()
TALENT = "深入实施“鲲鹏行动”等各类引才计划,优化提升“某市精英计划”“某市特支计划”等高层次人才引育工程。"


def _answer(text: str, quote: str = "每家企业每年最高20万元。", removed: tuple[str, ...] = ()) -> CheckedAnswer:
    citation = Citation(1, "a.txt", "某市人才新政", "二、人才", quote, 0, len(quote), "d:00000")
    return CheckedAnswer(text, [citation], list(removed), refused=False)


def test_a_bare_yes_is_thin() -> None:
    assert is_thin(_answer("有[1]。"), "购买检验检测服务有补助吗?", POLICY)


def test_a_figure_makes_a_short_answer_full() -> None:
    assert not is_thin(_answer("最高20万元[1]。"), "每家企业每年最高补助多少?", POLICY)


def test_a_date_is_no_figure_that_makes_an_answer_full() -> None:
    assert is_thin(_answer("2025年[1]。"), "哪一年完成?", POLICY)


def test_an_answer_that_lost_a_sentence_is_thin() -> None:
    full = "购买检验检测服务按实际支出的50%给予补助,每家企业每年最高20万元[1]。"

    assert is_thin(_answer(full, removed=("另有配套资金9亿元。",)), "补助多少?", POLICY)
    assert not is_thin(_answer(full), "补助多少?", POLICY)


def test_an_answer_repeating_the_question_is_thin_by_the_echo_share() -> None:
    question = "我们企业购买检验检测服务,政府有没有补助政策?"
    answer = _answer("我们企业购买检验检测服务,政府有没有补助政策?政府有补助政策,我们企业购买检验检测服务可以[1]。")

    assert is_thin(answer, question, POLICY)
    assert not is_thin(answer, question, AnswerPolicy(echo_share=0.95))


def test_the_length_below_which_an_answer_is_thin_is_the_policys() -> None:
    answer = _answer("要求与往年一样,向科技局提出申请[1]。")

    assert is_thin(answer, "申请要求有变化吗?", POLICY)
    assert not is_thin(answer, "申请要求有变化吗?", AnswerPolicy(thin_chars=5))


def test_a_list_answer_leaving_out_quoted_names_is_thin() -> None:
    answer = _answer("主要靠“鲲鹏行动”等各类引才计划[1]。", quote=TALENT)

    assert names_left_out(answer, POLICY) == ["某市精英计划", "某市特支计划"]
    assert is_thin(answer, "某市引进人才主要靠哪些计划和工程?", POLICY)
    assert names_left_out(answer, AnswerPolicy(quoted_name_chars=4)) == []  # names too long to count


def test_source_sentences_add_only_what_the_answer_lacks() -> None:
    extracted = "按实际支出的50%给予补助[1]。每年6月30日前提交申请[2]。"

    added = source_sentences(extracted, _answer("有,按实际支出的50%给予补助[1]。"))

    assert added == f"{QUOTE_LABEL}每年6月30日前提交申请[2]。"


def test_no_source_sentences_when_the_extractive_answer_refuses() -> None:
    assert source_sentences(f"{NOTHING_ANSWERS}{NEAREST_SOURCE}", _answer("有[1]。")) == ""
    assert source_sentences("按实际支出的50%给予补助[1]。", _answer("按实际支出的50%给予补助[1]。")) == ""
