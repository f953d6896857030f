"""OpenAI-compatible /v1/chat/completions and /v1/models, so existing chat front ends plug in: a
ChatRequest -> a chat.completion (or its chunks) whose content lists the sources, plus `citations`."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from assistant.chain import Answer
from assistant.result import AnswerOut, answer_out
from core.errors import PolicyQAError
from core.records import Filters
from core.text import WHITESPACE, strip_markers
from web.api import SSE_HEADERS, error_responses, limited_json_route
from web.rate_limit import RateLimiter
from web.rendering import sources_text
from web.schemas import ChatRequest
from web.service import QAService


class OpenAIError(BaseModel):
    message: str
    type: str  # invalid_request_error | rate_limit_error | server_busy
    code: int  # the HTTP status


class OpenAIErrorOut(BaseModel):
    error: OpenAIError


def message_content(answer: AnswerOut) -> str:
    """The answer with its sources listed underneath (for front ends that show content only)."""
    sources = sources_text(answer.citations)
    return answer.answer + (f"\n\n{sources}" if sources else "")


def closing_text(streamed: str, answer: AnswerOut) -> str:
    """What to send after the streamed draft: the checked answer if it differs, then sources."""
    def bare(text: str) -> str:
        return WHITESPACE.sub("", strip_markers(text))

    if not streamed.strip():
        body = answer.answer
    elif bare(streamed) == bare(answer.answer):
        body = ""
    else:  # the figure check changed the draft: the checked text is the answer
        body = f"\n\n核对后的回答:{answer.answer}"
    sources = sources_text(answer.citations)
    return body + (f"\n\n{sources}" if sources else "")


def _answer_fields(answer: AnswerOut) -> dict[str, Any]:
    """What a completion adds to OpenAI's shape: the citations, whether it refused, who wrote it."""
    return {"citations": [c.model_dump() for c in answer.citations], "refused": answer.refused,
            "backend": answer.backend}


def _completion(answer: Answer, model: str) -> dict[str, Any]:
    out = answer_out(answer)
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion",
            "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": message_content(out)}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            **_answer_fields(out)}


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
                out = answer_out(event.answer)
                tail = closing_text(streamed, out)
                if tail:
                    yield chunk({"content": tail})
                yield chunk({}, "stop", **_answer_fields(out))
    except PolicyQAError as error:
        yield f"data: {json.dumps({'error': {'message': str(error), 'type': 'server_error'}})}\n\n"
    finally:
        events.close()
    yield "data: [DONE]\n\n"


def openai_router(service: QAService, limiter: RateLimiter) -> APIRouter:
    router = APIRouter()
    chats = APIRouter(route_class=limited_json_route(limiter),
                      responses=error_responses(OpenAIErrorOut))

    @router.get("/v1/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": service.model, "object": "model",
                                            "created": 0, "owned_by": "policyqa"}]}

    @chats.post("/v1/chat/completions")
    async def chat_completions(body: ChatRequest) -> Any:
        """OpenAI chat completions (stream or not); the response adds a `citations` list."""
        question, history = body.messages.question, body.messages.history
        if body.stream:
            return StreamingResponse(completion_chunks(service, question, history, body.filters),
                                     media_type="text/event-stream", headers=SSE_HEADERS)
        answer = await run_in_threadpool(service.ask, question, history, body.filters)
        return _completion(answer, service.model)

    router.include_router(chats)
    return router
