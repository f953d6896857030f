"""HTTP API: POST /api/ask (JSON, or server-sent events) and GET /healthz."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from core.errors import BadInputError
from assistant.history import check_question, parse_history
from assistant.result import answer_json
from core.records import Filters
from core.errors import PolicyQAError
from core.records import Evidence
from web.rate_limit import RateLimiter
from web.service import BusyError, QAService

MAX_BODY_BYTES = 256_000
_FILTER_FIELDS = ("region", "document", "doc_type", "date_from", "date_to")
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


class ApiError(Exception):
    """An HTTP error whose message is a sentence for the caller."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


def install_error_handlers(app: FastAPI) -> None:
    """Errors as JSON sentences; /v1 routes use the OpenAI error shape."""

    def respond(request: Request, status: int, message: str, kind: str,
                retry_after: float | None = None) -> JSONResponse:
        headers = {"Retry-After": str(math.ceil(retry_after))} if retry_after else None
        if request.url.path.startswith("/v1/"):
            content: dict[str, Any] = {"error": {"message": message, "type": kind, "code": status}}
        else:
            content = {"error": message}
        return JSONResponse(content, status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        kind = "rate_limit_error" if error.status == 429 else "invalid_request_error"
        return respond(request, error.status, str(error), kind, error.retry_after)

    @app.exception_handler(BadInputError)
    async def bad_input(request: Request, error: BadInputError) -> JSONResponse:
        return respond(request, 400, str(error), "invalid_request_error")

    @app.exception_handler(BusyError)
    async def busy(request: Request, error: BusyError) -> JSONResponse:
        return respond(request, 503, str(error), "server_busy", retry_after=30)


def rate_limit(limiter: RateLimiter) -> Callable[[Request], None]:
    """A route dependency: 429 with Retry-After once a client IP exceeds its requests per minute."""

    def check(request: Request) -> None:
        wait = limiter.retry_after(request.client.host if request.client else "unknown")
        if wait:
            raise ApiError(429, f"too many requests: at most {limiter.per_minute} per minute from "
                                f"one client; retry in {math.ceil(wait)} s", retry_after=wait)

    return check


async def read_json(request: Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 4xx that says what is wrong with it."""
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request body is larger than {MAX_BODY_BYTES // 1000} kB; "
                            "send a shorter history")
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" (line {error.lineno}, column {error.colno}: {error.msg})" \
            if isinstance(error, json.JSONDecodeError) else ""
        raise ApiError(400, f"the request body is not valid JSON{where}; send an object such as "
                            '{"question": "..."}') from error
    if not isinstance(body, dict):
        raise ApiError(400, 'the request body must be a JSON object such as {"question": "..."}')
    return body


def parse_filters(raw: Any) -> Filters | None:
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        raise BadInputError('filters must be an object such as {"region": "湖州市"}')
    unknown = sorted(set(raw) - set(_FILTER_FIELDS))
    if unknown:
        raise BadInputError(f"unknown filter {', '.join(unknown)}; use {', '.join(_FILTER_FIELDS)}")
    if not all(isinstance(value, str) for value in raw.values()):
        raise BadInputError("filter values must be strings (dates as yyyy-mm-dd)")
    return Filters(**{key: value.strip() for key, value in raw.items()})


def parse_ask(body: dict[str, Any]) -> tuple[str, list[tuple[str, str]], Filters | None]:
    """question, history and filters of an /api/ask body, validated."""
    if "question" not in body:
        raise BadInputError('the body has no "question"; send {"question": "...", "history": [], '
                            '"filters": {}}')
    question = check_question(body["question"])
    return question, parse_history(body.get("history")), parse_filters(body.get("filters"))


def passages_json(evidence: Sequence[Evidence]) -> list[dict[str, Any]]:
    """Retrieved passages, numbered as the answer's [n] markers cite them."""
    return [{"n": n, "source": e.document.source, "title": e.document.title,
             "section": e.section_path, "region": e.document.region, "date": e.document.date,
             "text": e.chunk.text, "context": e.chunk.context, "start": e.chunk.start,
             "end": e.chunk.end, "chunk_id": e.chunk.chunk_id, "score": e.score}
            for n, e in enumerate(evidence, 1)]


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def sse_events(service: QAService, question: str, history: list[tuple[str, str]],
               filters: Filters | None, item_id: Any) -> Iterator[str]:
    """evidence, then token events, then final (the answer_json object); error if it fails."""
    events = service.stream(question, history, filters)
    try:
        for event in events:
            if event.kind == "evidence":
                yield _sse("evidence", {"query": event.query,
                                        "passages": passages_json(event.evidence)})
            elif event.kind == "text":
                yield _sse("token", {"text": event.text})
            elif event.kind == "final" and event.answer is not None:
                yield _sse("final", answer_json(item_id, event.answer))
    except PolicyQAError as error:
        yield _sse("error", {"error": str(error)})
    finally:
        events.close()  # frees the answer slot even when the client went away


def api_router(service: QAService, limiter: RateLimiter) -> APIRouter:
    router = APIRouter()
    limited = [Depends(rate_limit(limiter))]

    @router.get("/healthz")
    def healthz() -> dict[str, Any]:
        """Backend, model and index size."""
        return service.health()

    async def answer(request: Request, stream: bool) -> Any:
        body = await read_json(request)
        question, history, filters = parse_ask(body)
        if stream:
            events = sse_events(service, question, history, filters, body.get("id"))
            return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)
        result = await run_in_threadpool(service.ask, question, history, filters)
        return answer_json(body.get("id"), result)

    @router.post("/api/ask", dependencies=limited)
    async def ask(request: Request, stream: bool = False) -> Any:
        """{"question", "history", "filters"} -> the `ask --json` object (SSE if ?stream=true)."""
        return await answer(request, stream)

    @router.post("/api/ask/stream", dependencies=limited)
    async def ask_stream(request: Request) -> Any:
        """Server-sent events: evidence, token..., final."""
        return await answer(request, True)

    return router
