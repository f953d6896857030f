"""HTTP API: POST /api/ask (an AskRequest -> an AnswerOut, or server-sent events), POST /api/match
(an enterprise profile -> the support measures that apply), GET /api/targets
(the documents' planned targets, JSON or CSV) and GET /healthz; errors become JSON sentences with
the status code that fits."""

from __future__ import annotations

import datetime
import json
import logging
import math
from collections.abc import Callable, Coroutine, Iterator, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, JsonValue
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from assistant.matcher import result_json
from assistant.profile import profile_from
from assistant.result import AnswerOut, answer_out
from core.errors import BadInputError, ChromaUnavailableError, PolicyQAError
from core.records import Evidence, Filters
from web.rate_limit import RateLimiter
from web.schemas import AskRequest, MatchOut, MatchRequest, TargetQuery, TargetsOut, validation_sentence
from web.service import BusyError, QAService
from web.targets import targets_csv

logger = logging.getLogger(__name__)
MAX_BODY_BYTES = 256_000
INDEX_DOWN = "the policy index server cannot be reached right now; retry in a few seconds"
INDEX_RETRY_S = 10  # a restarted Chroma server answers again within seconds
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


class ApiError(Exception):
    """An HTTP error whose message is a sentence for the caller."""

    def __init__(self, status: int, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ErrorOut(BaseModel):
    error: str  # what went wrong and how to fix it


def error_responses(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The error statuses a limited JSON route answers with, for /api/docs."""
    return {400: {"model": model, "description": "bad input; the message says what to fix"},
            413: {"model": model, "description": f"body over {MAX_BODY_BYTES // 1000} kB"},
            429: {"model": model, "description": "too many requests from this client; see Retry-After"},
            503: {"model": model, "description": "every answer slot stayed busy, or the index server is "
                                                 "unreachable; see Retry-After"}}


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

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return respond(request, 400, validation_sentence(error.errors()), "invalid_request_error")

    @app.exception_handler(BusyError)
    async def busy(request: Request, error: BusyError) -> JSONResponse:
        return respond(request, 503, str(error), "server_busy", retry_after=30)

    @app.exception_handler(ChromaUnavailableError)
    async def index_down(request: Request, error: ChromaUnavailableError) -> JSONResponse:
        logger.error("%s", error)  # the operator's sentence (server address, what to run) stays in the log
        return respond(request, 503, INDEX_DOWN, "server_unavailable", retry_after=INDEX_RETRY_S)


def _check_rate(limiter: RateLimiter, request: Request) -> None:
    wait = limiter.retry_after(request.client.host if request.client else "unknown")
    if wait:
        raise ApiError(429, f"too many requests: at most {limiter.per_minute} per minute from "
                            f"one client; retry in {math.ceil(wait)} s", retry_after=wait)


async def check_body(request: Request) -> None:
    """The request body must be a JSON object of a bounded size; else a 4xx that says what is wrong."""
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"the request body is larger than {MAX_BODY_BYTES // 1000} kB; "
                            "send a shorter history or profile")
    try:
        body = await request.json()  # kept on the request: FastAPI reads this parse
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        where = f" (line {error.lineno}, column {error.colno}: {error.msg})" \
            if isinstance(error, json.JSONDecodeError) else ""
        raise ApiError(400, f"the request body is not valid JSON{where}; send an object such as "
                            '{"question": "..."}') from error
    if not isinstance(body, dict):
        raise ApiError(400, 'the request body must be a JSON object such as {"question": "..."}')


def _declare_json(scope: Scope) -> None:
    # FastAPI parses a body as JSON only when Content-Type says so; callers such as `curl -d`
    # or fetch() without headers send JSON under another type, and always have been answered.
    headers = [(name, value) for name, value in scope["headers"] if name != b"content-type"]
    scope["headers"] = [*headers, (b"content-type", b"application/json")]


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def limited_json_route(limiter: RateLimiter) -> type[APIRoute]:
    """A route class that checks, before FastAPI reads the body: the client's rate (429), the
    body's size (413) and that it is a JSON object (400)."""

    class LimitedJsonRoute(APIRoute):
        def get_route_handler(self) -> Handler:
            handler = super().get_route_handler()

            async def checked(request: Request) -> Response:
                _check_rate(limiter, request)
                await check_body(request)
                _declare_json(request.scope)
                return await handler(request)

            return checked

    return LimitedJsonRoute


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
               filters: Filters | None, item_id: JsonValue) -> Iterator[str]:
    """evidence, then token events, then final (an AnswerOut); error if it fails."""
    events = service.stream(question, history, filters)
    try:
        for event in events:
            if event.kind == "evidence":
                yield _sse("evidence", {"query": event.query,
                                        "passages": passages_json(event.evidence)})
            elif event.kind == "text":
                yield _sse("token", {"text": event.text})
            elif event.kind == "final" and event.answer is not None:
                yield _sse("final", answer_out(event.answer, item_id).model_dump(mode="json"))
    except PolicyQAError as error:
        yield _sse("error", {"error": str(error)})
    finally:
        events.close()  # frees the answer slot even when the client went away


def _stream(service: QAService, body: AskRequest) -> StreamingResponse:
    events = sse_events(service, body.question, body.history, body.filters, body.id)
    return StreamingResponse(events, media_type="text/event-stream", headers=SSE_HEADERS)


SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/event-stream": {}},
          "description": "events: evidence (the passages), token..., final (an AnswerOut)"}}


TARGETS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}},
          "description": "JSON, or with format=csv a targets.csv download (header: the Target fields)"},
    400: {"model": ErrorOut, "description": "bad query; the message says what to fix"}}


def targets_response(service: QAService, query: TargetQuery, today: datetime.date) -> Any:
    """The targets the query asks for, with their documents' status as of `today`."""
    targets = [p.target for p in service.targets(query.filters(), query.year, today)]
    if query.format == "csv":
        return Response(targets_csv(targets), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": "attachment; filename=targets.csv"})
    return TargetsOut(targets=targets)


def api_router(service: QAService, limiter: RateLimiter) -> APIRouter:
    router = APIRouter()
    asks = APIRouter(route_class=limited_json_route(limiter), responses=error_responses(ErrorOut))

    @router.get("/healthz")
    def healthz() -> dict[str, Any]:
        """Backend, model and index size."""
        return service.health()

    @router.get("/api/targets", response_model=TargetsOut, responses=TARGETS_RESPONSES)
    def targets(query: Annotated[TargetQuery, Query()]) -> Any:
        """Quantified targets read out of the documents (indicator, value, year, baseline, the exact
        quote and where it stands); `doc_status` is the document's status today."""
        return targets_response(service, query, service.today())

    @asks.post("/api/ask", response_model=AnswerOut)
    async def ask(body: AskRequest, stream: bool = False) -> Any:
        """The answer, as `python -m assistant ask --json` prints it (SSE if ?stream=true)."""
        if stream:
            return _stream(service, body)
        result = await run_in_threadpool(service.ask, body.question, body.history, body.filters)
        return answer_out(result, body.id)

    @asks.post("/api/match", response_model=MatchOut)
    async def match(body: MatchRequest) -> Any:
        """Support measures that apply to an enterprise profile, grouped by verdict with each condition
        met, unmet or unknown, and the clarifying questions; as `python -m assistant match --json`."""
        profile = profile_from(body.profile, today=service.today())
        result = await run_in_threadpool(service.match, profile, body.k)
        return result_json(result, identifier=body.id)

    @asks.post("/api/ask/stream", response_class=StreamingResponse, responses=SSE_RESPONSE)
    async def ask_stream(body: AskRequest) -> StreamingResponse:
        """Server-sent events: evidence, token..., final."""
        return _stream(service, body)

    router.include_router(asks)
    return router
