"""What a question asks for: the kind of figure, and an achieved figure rather than a target."""

from __future__ import annotations

import pytest

from assistant.question_types import answers_question, asks_for_achieved, required_figure


@pytest.mark.parametrize(("question", "sentence", "other"), [
    ("补贴多少钱?", "最高补贴20万元。", "补贴比例为50%。"),
    ("研发投入占比是多少?", "占比达到3.5%。", "投入20亿元。"),
    ("哪一年建成?", "2025年建成。", "建成3个平台。"),
    ("新增几家企业?", "新增25家。", "新增企业若干。"),
])
def test_the_figure_a_question_asks_for_is_recognised(question: str, sentence: str, other: str) -> None:
    figure = required_figure(question)

    assert figure is not None and figure.search(sentence) and not figure.search(other)


def test_a_question_without_a_figure_asks_for_none() -> None:
    assert required_figure("怎么申请创新券?") is None
    assert answers_question("通过科技局网站提交申请。", "怎么申请创新券?")


def test_achieved_is_asked_only_when_no_plan_is() -> None:
    assert asks_for_achieved("研发投入实际达到了多少?")
    assert not asks_for_achieved("研发投入计划实际达到多少?")
    assert not asks_for_achieved("研发投入要达到多少?")


def test_a_target_does_not_answer_a_question_about_what_was_achieved() -> None:
    question = "2022年研发投入比重实际达到了多少?"

    assert not answers_question("力争到2022年研发投入比重达到5%。", question)
    assert not answers_question("研发投入比重达到5%。", question, where="一、建设目标")
    assert answers_question("2022年研发投入比重达到3.1%。", question, where="一、发展现状")


def test_a_question_about_a_plan_or_an_arrangement_asks_a_target() -> None:
    from assistant.question_types import asks_for_target

    assert asks_for_target("当年进出口总额增长的预期目标是多少？")
    assert asks_for_target("中央财政用于“三农”的安排分别是多少？")
    assert asks_for_target("拟安排的财政赤字是多少？")
    assert not asks_for_target("去年实际安排了多少资金？") and not asks_for_target("过去五年进出口年均增长多少？")


def test_a_question_for_the_plans_own_targets_is_told_apart_from_one_about_a_programme() -> None:
    from assistant.question_types import asks_what_target

    assert asks_what_target("2006年政府工作报告对单位国内生产总值能耗下降提出了什么预期目标？")
    assert asks_what_target("人才工作的主要目标是什么？") and asks_what_target("规划提出了哪些指标？")
    assert not asks_what_target("“天姥英才”计划支持哪些人才？") and not asks_what_target("申报截止时间是什么？")


def test_how_much_more_of_a_named_thing_asks_for_a_count_not_a_rate() -> None:
    figure = required_figure("要提高多少中小学教师的待遇？")

    assert figure is not None and figure.search("提高1200万中小学教师待遇")
    rate = required_figure("居民收入要提高多少？")
    assert rate is not None and not rate.search("提高1200万中小学教师待遇") and rate.search("提高5%")
