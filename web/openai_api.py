"""OpenAI-compatible /v1/chat/completions and /v1/models, so existing chat front ends plug in."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.chain import Answer
from core.errors import BadInputError
from assistant.history import check_question, parse_history
from assistant.result import answer_json
from core.records import Filters
from core.errors import PolicyQAError
from web.api import SSE_HEADERS, parse_filters, rate_limit, read_json
from web.rate_limit import RateLimiter
from web.rendering import sources_text
from web.service import QAService

_MARKER = re.compile(r"\[\d{1,2}\]")


def parse_chat(body: dict[str, Any]) -> tuple[str, list[tuple[str, str]], Filters | None]:
    """The last user message is the question; the messages before it are the history."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadInputError('"messages" must be a non-empty list of {"role": ..., "content": ...}')
    last = parse_history(messages[-1:])
    if not last or last[0][0] != "user":
        raise BadInputError("the last message must come from the user: it is the question")
    question = check_question(last[0][1])
    return question, parse_history(messages[:-1]), parse_filters(body.get("filters"))


def _citations(answer: Answer) -> list[dict[str, Any]]:
    return answer_json(None, answer)["citations"]


def message_content(answer: Answer) -> str:
    """The answer with its sources listed underneath (for front ends that show content only)."""
    sources = sources_text(_citations(answer))
    return answer.answer + (f"\n\n{sources}" if sources else "")


def closing_text(streamed: str, answer: Answer) -> str:
    """What to send after the streamed draft: the checked answer if it differs, then sources."""
    def bare(text: str) -> str:
        return re.sub(r"\s+", "", _MARKER.sub("", text))

    if not streamed.strip():
        body = answer.answer
    elif bare(streamed) == bare(answer.answer):
        body = ""
    else:  # the figure check changed the draft: the checked text is the answer
        body = f"\n\n核对后的回答:{answer.answer}"
    sources = sources_text(_citations(answer))
    return body + (f"\n\n{sources}" if sources else "")


def _completion(answer: Answer, model: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": message_content(answer)}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            "citations": _citations(answer), "refused": answer.refused, "backend": answer.backend}


def completion_chunks(service: QAService, question: str, history: list[tuple[str, str]],
                      filters: Filters | None) -> Iterator[str]:
    """chat.completion.chunk events; the last one carries `citations`; then [DONE]."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": service.model}

    def chunk(delta: dict[str, str], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return f"data: {json.dumps({**head, 'choices': [choice], **extra}, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    streamed = ""
    events = service.stream(question, history, filters)
    try:
        for event in events:
            if event.kind == "text":
                streamed += event.text
                yield chunk({"content": event.text})
            elif event.kind == "final" and event.answer is not None:
                tail = closing_text(streamed, event.answer)
                if tail:
                    yield chunk({"content": tail})
                yield chunk({}, "stop", citations=_citations(event.answer),
                            refused=event.answer.refused, backend=event.answer.backend)
    except PolicyQAError as error:
        yield f"data: {json.dumps({'error': {'message': str(error), 'type': 'server_error'}})}\n\n"
    finally:
        events.close()
    yield "data: [DONE]\n\n"


def openai_router(service: QAService, limiter: RateLimiter) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": service.model, "object": "model",
                                            "created": 0, "owned_by": "policyqa"}]}

    @router.post("/chat/completions", dependencies=[Depends(rate_limit(limiter))])
    async def chat_completions(request: Request) -> Any:
        """OpenAI chat completions (stream or not); the response adds a `citations` list."""
        body = await read_json(request)
        question, history, filters = parse_chat(body)
        if body.get("stream"):
            return StreamingResponse(completion_chunks(service, question, history, filters),
                                     media_type="text/event-stream", headers=SSE_HEADERS)
        answer = await run_in_threadpool(service.ask, question, history, filters)
        return _completion(answer, service.model)

    return router
