"""web.schemas: request bodies -> typed requests; bad input -> the sentence assistant.history says."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from core.records import Filters
from web.schemas import AskRequest, ChatRequest, Conversation, TargetQuery, validation_sentence


def _sentence(model: type[AskRequest] | type[ChatRequest] | type[TargetQuery], body: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(body)
    return validation_sentence(caught.value.errors())


def test_an_ask_body_becomes_a_question_history_and_filters() -> None:
    body = AskRequest.model_validate({
        "id": 7, "question": " 补贴多少? ", "filters": {"region": " 某市 ", "date_from": "2023-01-01"},
        "history": [{"role": "system", "content": "x"}, {"role": "user", "content": "前一问"},
                    {"role": "assistant", "content": [{"type": "text", "text": "答"}, {"type": "image"}]}]})

    assert (body.id, body.question) == (7, "补贴多少?")
    assert body.history == [("user", "前一问"), ("assistant", "答")]
    assert body.filters == Filters(region="某市", date_from="2023-01-01")


def test_absent_and_empty_parts_take_their_defaults() -> None:
    body = AskRequest.model_validate({"question": "问", "filters": {}, "stream": True})

    assert (body.id, body.history, body.filters) == (None, [], None)


@pytest.mark.parametrize(("body", "sentence"), [
    ({}, 'the body has no "question"; send {"question": "...", "history": [], "filters": {}}'),
    ({"question": ""}, "the question is empty: type a question about the policies"),
    ({"question": "问", "history": [1]}, 'history item 1 must be {"role": ..., "content": ...}'),
    ({"question": "问", "filters": "某市"}, 'filters must be an object such as {"region": "某市"}'),
    ({"question": "问", "filters": {"city": "x"}},
     "unknown filter city; use region, document, doc_type, date_from, date_to, status"),
])
def test_bad_ask_bodies_fail_with_the_sentence_for_the_caller(body: dict[str, Any], sentence: str) -> None:
    assert _sentence(AskRequest, body) == sentence


def test_a_chat_request_takes_the_last_user_message_as_the_question() -> None:
    body = ChatRequest.model_validate({"model": "gpt-x", "temperature": 0, "messages": [
        {"role": "system", "content": "你是助手"}, {"role": "user", "content": "甲?"},
        {"role": "assistant", "content": "乙"},
        {"role": "user", "content": [{"type": "text", "text": "丙?"}]}]})

    assert body.messages == Conversation("丙?", [("user", "甲?"), ("assistant", "乙")])
    assert not body.stream and body.filters is None


@pytest.mark.parametrize(("body", "words"), [
    ({}, '"messages" must be a non-empty list'),
    ({"messages": [{"role": "user", "content": "问"}, {"role": "system", "content": "x"}]},
     "the last message must come from the user"),
    ({"messages": [{"role": "user", "content": "问"}], "stream": "often"}, "stream: Input should be"),
])
def test_bad_chat_requests_fail_with_a_sentence(body: dict[str, Any], words: str) -> None:
    assert words in _sentence(ChatRequest, body)


def test_a_non_object_body_is_named_as_the_request_body() -> None:
    assert _sentence(AskRequest, ["question"]).startswith("the request body: ")


def test_a_targets_query_becomes_filters_and_a_year() -> None:
    query = TargetQuery.model_validate({"region": " 某县 ", "document": "plan.txt", "year": " 2025 "})

    assert (query.filters(), query.year, query.format) == (Filters(region="某县", document="plan.txt"),
                                                           2025, "json")
    assert TargetQuery.model_validate({"year": ""}).year is None


@pytest.mark.parametrize(("query", "sentence"), [
    ({"year": "二〇二五"}, "year must be a whole year such as 2025, not '二〇二五'"),
    ({"year": "-1"}, "year must be a whole year such as 2025, not '-1'"),
    ({"format": "xlsx"}, "format: Input should be 'json' or 'csv'"),
    ({"city": "某县"}, "unknown query parameter city; use region, document, status, year, format"),
])
def test_bad_targets_queries_fail_with_a_sentence(query: dict[str, Any], sentence: str) -> None:
    assert _sentence(TargetQuery, query) == sentence
