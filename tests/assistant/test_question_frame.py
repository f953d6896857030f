"""Follow-ups keep their frame: only the element they name anew changes."""

from __future__ import annotations

import pytest

from assistant.question_frame import frame_of, indicator_heads, leans_on_history, spellings_of, standalone_question


def turns(*questions: str) -> list[tuple[str, str]]:
    history: list[tuple[str, str]] = []
    for question in questions:
        history += [("user", question), ("assistant", "（回答）")]
    return history


def test_frame_names_places_years_and_documents() -> None:
    frame = frame_of("《某市科技新政》里，杭州和绍兴市越城区到2025年、2027年的目标？")
    assert frame.places == ("杭州", "绍兴市", "越城区")
    assert frame.years == ("2025", "2027")
    assert frame.documents == ("《某市科技新政》",)


@pytest.mark.parametrize(("previous", "follow_up", "expected"), [
    ("嘉兴到2025年人才资源总量要达到多少？", "那杭州呢？", "杭州到2025年人才资源总量要达到多少？"),
    ("嘉兴到2025年人才资源总量要达到多少？", "2027年呢？", "嘉兴到2027年人才资源总量要达到多少？"),
    ("2007年政府工作报告的社会保障支出是多少？", "那第二年的报告呢？", "2008年政府工作报告的社会保障支出是多少？"),
    ("新昌2020年技术交易总额是多少？", "那绍兴市越城区呢？", "绍兴市越城区2020年技术交易总额是多少？"),
])
def test_a_changed_place_or_year_replaces_the_old_one(previous: str, follow_up: str, expected: str) -> None:
    assert standalone_question(follow_up, turns(previous)) == expected


def test_a_place_replacing_two_drops_the_conjunction() -> None:
    assert standalone_question("嵊州呢？", turns("新昌和湖州的研发目标分别是多少？")) == "嵊州的研发目标分别是多少？"


def test_another_aspect_keeps_the_frame_and_what_was_asked() -> None:
    resolved = standalone_question("那大学生这块呢？", turns("杭州到2025年要新引进多少行业领军人才？"))
    assert resolved == "杭州2025年大学生要新引进多少？"


def test_a_question_referring_back_is_searched_with_the_earlier_one() -> None:
    previous = "2007年政府工作报告要把新农合试点扩大到多大范围？"
    resolved = standalone_question("中央财政为此安排了多少补助资金？", turns(previous))
    assert resolved == "2007年政府工作报告要把新农合试点扩大到多大范围，中央财政为此安排了多少补助资金？"


def test_chained_follow_ups_resolve_in_order() -> None:
    history = turns("某县提出发明专利授权量2013年要达到多少件？", "2015年呢？")
    assert standalone_question("那2017年呢？", history) == "某县提出发明专利授权量2017年要达到多少件？"


def test_a_standalone_question_is_left_alone() -> None:
    question = "杭州2025年的研发投入强度目标是多少？"
    assert not leans_on_history(question)
    assert standalone_question(question, turns("某县到2025年人才资源总量要达到多少？")) == question
    assert standalone_question("那杭州呢？", []) == "那杭州呢？"


def test_a_question_asking_a_figure_of_nothing_named_leans_on_history() -> None:
    assert leans_on_history("到2025年要达到多少？")
    assert not leans_on_history("到2025年高新技术企业要达到多少家？")
    resolved = standalone_question("到2025年要达到多少？", turns("某县2020年规上工业新产品产值率是多少？"))
    assert resolved == "某县2025年规上工业新产品产值率是多少？"


def test_a_new_aspect_takes_the_earlier_asking_verbs_not_the_earlier_indicator() -> None:
    previous = "杭州规上工业企业研发经费占营业收入的比例要达到多少？"
    resolved = standalone_question("全社会劳动生产率呢？", turns(previous))
    assert resolved == "杭州全社会劳动生产率要达到多少？"


def test_a_follow_up_that_asks_in_full_gets_only_the_missing_frame() -> None:
    previous = "杭州十大创新行动里，知识产权方面有什么目标？"
    resolved = standalone_question("那发明专利授权量到2015年要达到多少件？", turns(previous))
    assert resolved == "杭州发明专利授权量到2015年要达到多少件？"
    resolved = standalone_question("城镇化率呢？", turns("2011年政府工作报告介绍的经济增长预期目标是多少？"))
    assert resolved == "2011年政府工作报告城镇化率是多少？"


@pytest.mark.parametrize(("question", "heads"), [
    ("省级财政每年安排多少专项资金？", (("专项资金",),)),
    ("科技风险投资基金规模有多大？", (("科技", "风险投资", "基金"),)),
    ("全年要实施多少农业科技项目、引进多少新技术？", (("农业", "科技", "项目"), ("技术",))),
    ("广义货币M2的增长目标是多少？", (("广义", "货币", "M2"),)),
    ("研发投入占GDP比重要达到多少？", (("GDP",),)),
])
def test_the_heads_are_the_nouns_next_to_the_question_word(
        question: str, heads: tuple[tuple[str, ...], ...]) -> None:
    assert indicator_heads(question) == heads


def test_an_indicator_has_its_other_spellings() -> None:
    assert spellings_of("GDP") == ("GDP", "国内生产总值", "地区生产总值") == spellings_of("gdp")
    assert spellings_of("国内生产总值")[0] == "GDP" and spellings_of("企业") == ("企业",)


def test_a_follow_up_changing_the_counted_group_keeps_the_indicator() -> None:
    previous = "甲、乙两个国家高新区到2022年研发投入占地区生产总值的比重要达到多少？"

    resolved = standalone_question("那两个市整体呢？", turns(previous))

    assert resolved == "甲、乙两个市到2022年研发投入占地区生产总值的比重要达到多少？"
