"""Tests for assistant.history: Gradio 5 and 6 history shapes, and the errors users see."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer_policy import AnswerPolicy
from assistant.history import (
    MAX_HISTORY_TURNS,
    MAX_QUESTION_CHARS,
    BadInputError,
    check_question,
    history_for_prompt,
    keyword_follow_up_query,
    parse_history,
    usable_rewrite,
)
from core.errors import PolicyQAError

# --- parse_history -------------------------------------------------------------------------------


def test_gradio_6_content_parts_are_joined_into_text() -> None:
    history = [
        {"role": "user", "content": [{"type": "text", "text": "新昌县研发投入占比是多少？"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "4.38%，"},
                                          {"type": "text", "text": "位居全省首位。"}]},
    ]

    assert parse_history(history) == [("user", "新昌县研发投入占比是多少？"),
                                      ("assistant", "4.38%，位居全省首位。")]


def test_plain_string_content_is_accepted_and_trimmed() -> None:
    history = [{"role": "user", "content": "  湖州的科创平台有哪些？\n"},
               {"role": "assistant", "content": "西塞科学谷。"}]

    assert parse_history(history) == [
        ("user", "湖州的科创平台有哪些？"), ("assistant", "西塞科学谷。")]


def test_a_single_content_part_dict_is_accepted() -> None:
    history = [{"role": "user", "content": {"type": "text", "text": "嵊州十大行动"}}]

    assert parse_history(history) == [("user", "嵊州十大行动")]


def test_system_turns_are_ignored() -> None:
    history = [{"role": "system", "content": "你是政策助手。"},
               {"role": "user", "content": "什么是新昌模式？"}]

    assert parse_history(history) == [("user", "什么是新昌模式？")]


@pytest.mark.parametrize("history", [None, []])
def test_no_history_gives_no_turns(history: Any) -> None:
    assert parse_history(history) == []


@pytest.mark.parametrize(("history", "expected"), [
    ("新昌县研发投入占比是多少？", 'history must be a list of {"role": "user"|"assistant"'),
    ({"role": "user", "content": "hi"}, "history must be a list of"),
    ([{"content": "hi"}], 'history item 1 must be {"role": ..., "content": ...}'),
    ([{"role": "user", "content": "a"}, {"role": "assistant"}], "history item 2 must be"),
    (["hi"], "history item 1 must be"),
    ([{"role": "bot", "content": "hi"}], "item 1 has role 'bot'; use 'user' or 'assistant'"),
    ([{"role": "user", "content": 42}], "content must be text or a list of {type: text, text}"),
    ([{"role": "user", "content": None}], "content must be text or a list of"),
])
def test_wrong_shapes_say_what_shape_is_expected(history: Any, expected: str) -> None:
    with pytest.raises(BadInputError) as caught:
        parse_history(history)

    assert expected in str(caught.value)


def test_bad_input_is_a_policy_qa_error_the_ui_can_show() -> None:
    assert issubclass(BadInputError, PolicyQAError)


def test_up_to_the_turn_limit_is_accepted_and_one_more_is_refused() -> None:
    def turns(n: int) -> list[dict[str, str]]:
        return [message for i in range(n) for message in (
            {"role": "user", "content": f"问题{i}"}, {"role": "assistant", "content": f"回答{i}"})]

    assert len(parse_history(turns(MAX_HISTORY_TURNS))) == 2 * MAX_HISTORY_TURNS
    with pytest.raises(BadInputError, match=f"more than {MAX_HISTORY_TURNS} user turns"):
        parse_history(turns(MAX_HISTORY_TURNS + 1))


# --- check_question ------------------------------------------------------------------------------


def test_a_question_is_returned_trimmed() -> None:
    assert check_question("  新昌县研发投入占比是多少？\n") == "新昌县研发投入占比是多少？"


@pytest.mark.parametrize("question", ["", "   ", "\u3000\n\t", None, 42])
def test_an_empty_question_is_refused(question: Any) -> None:
    with pytest.raises(BadInputError, match="the question is empty"):
        check_question(question)


def test_a_ten_thousand_character_question_is_refused_with_its_length() -> None:
    expected = f"10000 characters; keep it under {MAX_QUESTION_CHARS}"

    with pytest.raises(BadInputError, match=expected):
        check_question("问" * 10_000)


def test_a_question_at_the_limit_is_accepted() -> None:
    assert check_question("问" * MAX_QUESTION_CHARS) == "问" * MAX_QUESTION_CHARS


# --- keyword_follow_up_query ---------------------------------------------------------------------


def test_follow_up_is_joined_to_the_previous_user_question() -> None:
    history = [("user", "湖州的科创平台有哪些？"), ("assistant", "西塞科学谷。"),
               ("user", "新昌县研发投入占比是多少？"), ("assistant", "4.38%。")]

    query = keyword_follow_up_query("2025年目标呢？", history)

    assert query == "新昌县研发投入占比是多少？ 2025年目标呢？"


def test_empty_user_turns_are_skipped_for_the_follow_up() -> None:
    history = [("user", "新昌县研发投入占比是多少？"), ("assistant", "4.38%。"), ("user", "")]

    assert keyword_follow_up_query("目标呢？", history) == "新昌县研发投入占比是多少？ 目标呢？"


def test_without_a_previous_question_the_question_is_searched_alone() -> None:
    assert keyword_follow_up_query("目标呢？", [("assistant", "您好。")]) == "目标呢？"
    assert keyword_follow_up_query("目标呢？", []) == "目标呢？"


def test_attached_files_in_gradio_content_parts_are_skipped() -> None:
    history = [{"role": "user", "content": [{"type": "file", "file": {"path": "a.pdf"}},
                                            {"type": "text", "text": "补贴标准?"}]}]

    assert parse_history(history) == [("user", "补贴标准?")]


# --- history_for_prompt, usable_rewrite ----------------------------------------------------------

POLICY = AnswerPolicy()


def test_the_prompt_shows_the_last_turns_each_cut_short() -> None:
    history = [("user", f"问题{i}") if i % 2 == 0 else ("assistant", "答" * 400) for i in range(10)]

    shown = history_for_prompt(history, POLICY).split("\n")

    assert len(shown) == 6 and shown[0] == "用户:问题4"
    assert shown[1] == "助手:" + "答" * 300
    assert history_for_prompt(history, AnswerPolicy(history_turns=2)) == "用户:问题8\n助手:" + "答" * 300


def test_a_rewrite_is_taken_without_its_label_and_quotes() -> None:
    rewrite = "改写后的问题：“某县科技创新券每年什么时候截止申请?”\n解释:补全了主题。"

    assert usable_rewrite(rewrite, "那截止时间呢?", [], POLICY) == "某县科技创新券每年什么时候截止申请?"


def test_a_rambling_or_empty_rewrite_falls_back_to_the_keyword_query() -> None:
    history = [("user", "创新券怎么申请?")]

    assert usable_rewrite("根据资料,申请需要准备很多材料。" * 20, "那截止时间呢?", history, POLICY) == \
        "创新券怎么申请? 那截止时间呢?"
    assert usable_rewrite("", "那截止时间呢?", history, POLICY) == "创新券怎么申请? 那截止时间呢?"
    assert usable_rewrite("时间", "某县科技创新券每年截止时间呢?", history, POLICY) == \
        "创新券怎么申请? 某县科技创新券每年截止时间呢?"  # under half the question: lost it


def test_how_long_a_rewrite_may_grow_is_the_policys() -> None:
    rewrite = "某县科技创新券每年什么时候截止申请?"

    assert usable_rewrite(rewrite, "呢?", [], AnswerPolicy(rewrite_slack=5)) == "呢?"
    assert usable_rewrite(rewrite, "呢?", [], POLICY) == rewrite
