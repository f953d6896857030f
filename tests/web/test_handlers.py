"""web.handlers: a question streams into chat, evidence panel and status; feedback; catalog views."""

from __future__ import annotations

import dataclasses
import json
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from assistant.backends import BACKENDS
from tests.app_server import SUBSIDY_Q
from web.handlers import (
    Turn,
    backend_label,
    catalog_views,
    chat_messages,
    make_feedback,
    make_respond,
    regenerate_input,
)
from web.service import AppParts

CLIENT = SimpleNamespace(client=SimpleNamespace(host="192.0.2.1"))  # what gr.Request offers


def _answer(parts: AppParts, question: str, turns: list[Turn] | None = None) -> list[tuple[Any, ...]]:
    respond = make_respond(parts)
    return list(respond(question, turns or [], "", "", CLIENT))


def test_backend_labels_come_from_the_registry() -> None:
    assert {name: backend_label(name) for name in BACKENDS} == {n: b.label for n, b in BACKENDS.items()}
    assert backend_label("someday") == "someday"


def test_a_question_shows_its_sources_then_the_cited_answer(parts: AppParts) -> None:
    updates = _answer(parts, SUBSIDY_Q)

    assert "正在检索" in updates[0][4]
    chat, panel, turns, copy_text, status = updates[-1]
    turn = turns[-1]
    assert isinstance(turn, Turn) and turn.question == SUBSIDY_Q and "50%" in turn.result.answer
    assert chat[-1]["role"] == "assistant" and 'class="cite"' in chat[-1]["content"]
    assert "msg-sources" in chat[-1]["content"] and 'id="src-1-' in panel
    assert BACKENDS["extractive"].label in status and f'data-answer="{turn.id}"' in status
    assert "50%" in copy_text and "来源:" in copy_text and "lanxi_subsidy.txt" in copy_text


def test_a_follow_up_sends_the_earlier_turns_as_history(parts: AppParts) -> None:
    first = _answer(parts, "江山市领军人才的安家补贴是多少?")[-1][2]

    chat, panel, turns, _, status = _answer(parts, "那顶尖人才呢?", first)[-1]

    assert len(turns) == 2 and "300" in turns[-1].result.answer
    assert "检索用语:江山市顶尖人才的安家补贴是多少?" in status
    assert len(chat) == 4 and panel.count('<details class="ev-old">') == 1


@pytest.mark.parametrize(("question", "words"), [("   ", "请先输入问题"), ("问" * 1001, "1000 字以内")])
def test_a_bad_question_is_refused_in_the_users_words(parts: AppParts, question: str, words: str) -> None:
    with pytest.raises(gr.Error, match=words):
        _answer(parts, question)


def test_regenerate_takes_back_the_last_answer(parts: AppParts) -> None:
    turns = _answer(parts, SUBSIDY_Q)[-1][2]

    assert regenerate_input(turns) == (SUBSIDY_Q, [])
    with pytest.raises(gr.Error):
        regenerate_input([])


def test_feedback_stores_the_latest_answer_with_its_citations(parts: AppParts, tmp_path: Any) -> None:
    from web.feedback import FeedbackStore

    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    judged = dataclasses.replace(parts, feedback=store)
    turns = _answer(parts, SUBSIDY_Q)[-1][2]

    note, comment = make_feedback(judged, "down")(turns, "数字不对")

    row = store.rows()[-1]
    assert "已记录" in note and comment == ""
    assert (row["rating"], row["comment"], row["backend"]) == ("down", "数字不对", "extractive")
    assert json.loads(row["citations"]) == [c.model_dump() for c in turns[-1].result.citations]
    assert "还没有" in make_feedback(judged, "up")([], "")[0]


def test_catalog_views_list_the_documents_and_the_filter_choices(parts: AppParts) -> None:
    table, regions, documents = catalog_views(parts.service)

    assert "共 2 个文件" in table
    assert ("全部地区", "") in regions.choices and any("江山" in r for r, _ in regions.choices)
    assert ("全部文件", "") in documents.choices and len(documents.choices) == 3


def test_chat_messages_escape_the_question(parts: AppParts) -> None:
    turns = _answer(parts, SUBSIDY_Q + "<b>")[-1][2]

    assert chat_messages(turns)[0]["content"].endswith("&lt;b&gt;")
