"""Tests for assistant.history: Gradio 5 and 6 history shapes, and the errors users see."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.history import (
    MAX_HISTORY_TURNS,
    MAX_QUESTION_CHARS,
    BadInputError,
    check_question,
    parse_history,
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


def test_attached_files_in_gradio_content_parts_are_skipped() -> None:
    history = [{"role": "user", "content": [{"type": "file", "file": {"path": "a.pdf"}},
                                            {"type": "text", "text": "补贴标准?"}]}]

    assert parse_history(history) == [("user", "补贴标准?")]
