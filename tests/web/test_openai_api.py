"""web.openai_api: /v1/chat/completions and /v1/models, with the official openai client too."""

from __future__ import annotations

import httpx
import pytest

from assistant.result import AnswerOut, CitationOut, TimingsOut
from tests.app_server import SUBSIDY_Q, sse_events
from web.openai_api import closing_text, message_content


def test_openai_chat_completion_carries_citations(url: str) -> None:
    response = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
        "model": "anything", "temperature": 0.2,
        "messages": [{"role": "system", "content": "你是助手"}, {"role": "user", "content": SUBSIDY_Q}]})

    completion = response.json()
    assert completion["object"] == "chat.completion"
    content = completion["choices"][0]["message"]["content"]
    assert "50%" in content and "来源:" in content and "lanxi_subsidy.txt" in content
    assert completion["citations"][0]["source"] == "lanxi_subsidy.txt"
    assert completion["refused"] is False and completion["backend"] == "extractive"


def test_openai_client_streams_from_the_endpoint(url: str) -> None:
    from openai import OpenAI  # the official client, as portal back ends use it

    client = OpenAI(base_url=f"{url}/v1", api_key="unused")
    chunks = list(client.chat.completions.create(
        model=client.models.list().data[0].id, stream=True,
        messages=[{"role": "user", "content": [{"type": "text", "text": SUBSIDY_Q}]}]))

    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert "50%" in text and "来源:" in text
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].model_extra["citations"][0]["source"] == "lanxi_subsidy.txt"


def test_the_stream_ends_with_done(url: str) -> None:
    with httpx.stream("POST", f"{url}/v1/chat/completions", timeout=60, json={
            "stream": True, "messages": [{"role": "user", "content": SUBSIDY_Q}]}) as response:
        events = sse_events(response)

    assert events[-1] == ("message", "[DONE]")
    assert events[0][1]["choices"][0]["delta"] == {"role": "assistant", "content": ""}


def test_openai_errors_use_the_openai_shape(url: str) -> None:
    response = httpx.post(f"{url}/v1/chat/completions", json={
        "messages": [{"role": "assistant", "content": "你好"}]})

    assert response.status_code == 400
    assert "last message must come from the user" in response.json()["error"]["message"]


@pytest.mark.parametrize(("body", "words"), [
    ({}, '"messages" must be a non-empty list'),
    ({"messages": []}, '"messages" must be a non-empty list'),
    ({"messages": "hi"}, '"messages" must be a non-empty list'),
    ({"messages": [{"role": "user", "content": " "}]}, "empty"),
    ({"messages": [{"role": "user", "content": "问"}], "stream": "sometimes"}, "stream: "),
])
def test_bad_chat_requests_get_a_400_in_the_openai_shape(url: str, body: dict[str, object],
                                                         words: str) -> None:
    response = httpx.post(f"{url}/v1/chat/completions", json=body)

    error = response.json()["error"]
    assert response.status_code == 400 and words in error["message"]
    assert error["type"] == "invalid_request_error" and error["code"] == 400


def test_api_docs_show_the_chat_request_and_the_openai_error_shape(url: str) -> None:
    spec = httpx.get(f"{url}/api/openapi.json").json()
    chat = spec["paths"]["/v1/chat/completions"]["post"]
    schema = chat["requestBody"]["content"]["application/json"]["schema"]
    error = chat["responses"]["400"]["content"]["application/json"]["schema"]

    assert schema["$ref"].endswith("/ChatRequest") and error["$ref"].endswith("/OpenAIErrorOut")
    fields = spec["components"]["schemas"]["ChatRequest"]["properties"]
    assert {"model", "messages", "stream", "filters"} == set(fields)


def _answer(text: str, quote: str = "补助50%") -> AnswerOut:
    citation = CitationOut(n=1, source="a.txt", title="办法", section="一、", quote=quote, start=0,
                           end=len(quote), doc_status="in_force")
    return AnswerOut(answer=text, refused=False, backend="local", citations=[citation], query="q",
                     timings=TimingsOut())


def test_closing_text_adds_only_the_sources_when_the_draft_stood() -> None:
    answer = _answer("按50%补助[1]。")

    tail = closing_text("按 50% 补助。", answer)

    assert "核对后的回答" not in tail and tail.startswith("\n\n来源:") and "“补助50%”" in tail


def test_closing_text_repeats_a_checked_answer_that_differs_from_the_draft() -> None:
    answer = _answer("按50%补助[1]。")

    assert "核对后的回答:按50%补助[1]。" in closing_text("按80%补助。", answer)
    assert closing_text("", answer).startswith("按50%补助[1]。")


def test_message_content_lists_the_sources_under_the_answer() -> None:
    content = message_content(_answer("按50%补助[1]。"))

    assert content.startswith("按50%补助[1]。\n\n来源:\n[1] 《办法》 一、(a.txt,现行有效)")
