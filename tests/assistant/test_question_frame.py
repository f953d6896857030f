"""Follow-ups keep their frame: only the element they name anew changes."""

from __future__ import annotations

import pytest

from assistant.question_frame import frame_of, leans_on_history, standalone_question


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
