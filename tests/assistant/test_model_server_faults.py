"""The OpenAI-compatible path when its server is down, slow, stalls mid-answer or answers garbage:
the sources' own answer is given, it says why, and it arrives within the configured timeout.
The misbehaving servers are small real HTTP servers on loopback; the index and retrieval are real."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from assistant.wiring import build_assistant
from settings import Settings
from tests.app_server import serve
from tests.conftest import POLICIES, ingest_into
from tests.processes import free_port
from vectorstore.index import open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher

TIMEOUT_S = 4.0
QUESTION = "兰溪市科技创新券怎么申请?"  # worded: the model is asked (figure and list questions are not)


def _chunk(text: str) -> str:
    payload = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
               "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


async def _slow(request: Request) -> Response:
    await asyncio.sleep(60)  # nothing before the answer's deadline
    return PlainTextResponse("late")


async def _stalls(request: Request) -> Response:
    async def events() -> AsyncIterator[str]:
        yield _chunk("企业于每年6月30日前")
        await asyncio.sleep(60)  # then nothing more
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream")


async def _garbage(request: Request) -> Response:
    return Response(b"\x00<html>502 Bad Gateway</html>\xff{", media_type="application/json")


SERVERS = {"slow": _slow, "stalls": _stalls, "garbage": _garbage}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> HybridSearcher:
    index = open_index(tmp_path_factory.mktemp("faults-db"), embeddings)
    ingest_into(index, POLICIES)
    return HybridSearcher(index, dense_weight=0.4, candidates=40)


@pytest.fixture(params=["down", *SERVERS])
def model_server(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    if request.param == "down":
        yield "down", f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
        return
    app = Starlette(routes=[Route("/v1/chat/completions", SERVERS[request.param], methods=["POST"]),
                            Route("/healthz", lambda request: PlainTextResponse("ok"))])  # serve() waits for it
    with serve(app) as url:
        yield request.param, f"{url}/v1"


def test_a_failing_model_server_gets_the_sources_answer_with_the_reason_within_the_timeout(
        searcher: HybridSearcher, model_server: tuple[str, str], models_dir: Path) -> None:
    kind, base_url = model_server
    settings = replace(Settings(), models_dir=models_dir, llm_backend="openai", openai_base_url=base_url,
                       llm_timeout_s=TIMEOUT_S)
    assistant = build_assistant(settings, searcher=searcher)

    answer = assistant.ask(QUESTION)

    assert answer.backend == "extractive" and answer.fallback_reason, kind
    assert "6月30日前" in answer.answer and answer.citations  # the sources' own answer
    why = {"down": "无法连接生成服务", "slow": "生成服务响应超时", "stalls": "生成服务响应超时",
           "garbage": "生成服务返回了无法使用的内容"}[kind]
    assert answer.answer.endswith(f"（{why}，以上内容直接摘自文件原文。）"), answer.answer
    assert answer.timings["total_s"] < TIMEOUT_S + 2.0, answer.timings
