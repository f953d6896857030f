"""The HTTP API of app.py, served by uvicorn on a loopback port over a small real index."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.chain import Answer
from assistant.citations import Citation
from ingest.pipeline import IngestReport
from settings import PROJECT_DIR
from tests.app_server import build_index, make_parts, serve
from vectorstore.models import SentenceEmbeddings
from web.feedback import FeedbackStore
from web.rate_limit import RateLimiter
from web.rendering import answer_html, evidence_html, ingest_report_html, sources_footer
from web.server import create_api, create_app
from web.service import AppParts
from web.uploads import UploadRefusedError

PORTAL = "http://portal.example.gov.cn"
SUBSIDY_Q = "兰溪市科技创新券对检验检测服务按多少比例补助?"
ANSWER_KEYS = {"id", "answer", "refused", "backend", "citations", "query", "timings"}


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings,
          count_tiktoken: Callable[[str], int]) -> AppParts:
    db = tmp_path_factory.mktemp("api-db")
    return make_parts(build_index(db, embeddings, count_tiktoken), db, count_tiktoken)


@pytest.fixture(scope="module")
def url(parts: AppParts) -> Iterator[str]:
    with serve(create_app(parts, allowed_origins=[PORTAL])) as base:
        yield base


def _events(response: httpx.Response) -> list[tuple[str, Any]]:
    """(event, data) pairs of a server-sent event stream."""
    events, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, line[6:] if line[6:] == "[DONE]" else json.loads(line[6:])))
            name = "message"
    return events


def test_healthz_reports_backend_model_and_index_size(url: str) -> None:
    health = httpx.get(f"{url}/healthz").json()

    assert health["status"] == "ok" and health["backend"] == "extractive"
    assert health["model"] == "extractive" and health["embedding_model"] == "m3e-small"
    assert health["index"]["documents"] == 2 and health["index"]["chunks"] >= 2


def test_ask_returns_the_cli_json_contract(url: str) -> None:
    response = httpx.post(f"{url}/api/ask", json={"id": "q1", "question": SUBSIDY_Q}, timeout=60)

    result = response.json()
    assert response.status_code == 200 and set(result) == ANSWER_KEYS
    assert result["id"] == "q1" and "50%" in result["answer"] and not result["refused"]
    citation = result["citations"][0]
    assert citation["source"] == "lanxi_subsidy.txt" and "50%" in citation["quote"]
    assert f"[{citation['n']}]" in result["answer"]


def test_filters_narrow_the_sources(url: str) -> None:
    result = httpx.post(f"{url}/api/ask", timeout=60, json={
        "question": "补贴标准是多少?", "filters": {"region": "江山"}}).json()

    sources = {c["source"] for c in result["citations"]}
    assert sources == {"jiangshan_talent.md"}


def test_follow_up_is_searched_with_the_conversation(url: str) -> None:
    history = [{"role": "user", "content": "江山市领军人才的安家补贴是多少?"},
               {"role": "assistant", "content": [{"type": "text", "text": "给予安家补贴100万元[1]。"}]}]

    result = httpx.post(f"{url}/api/ask", timeout=60, json={
        "question": "那顶尖人才呢?", "history": history}).json()

    assert "江山市领军人才" in result["query"] and "顶尖人才" in result["query"]
    assert "300" in result["answer"]


@pytest.mark.parametrize("path", ["/api/ask/stream", "/api/ask?stream=true"])
def test_stream_sends_evidence_then_tokens_then_final(url: str, path: str) -> None:
    with httpx.stream("POST", f"{url}{path}", json={"question": SUBSIDY_Q}, timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = _events(response)

    kinds = [name for name, _ in events]
    assert kinds[0] == "evidence" and kinds[-1] == "final" and "token" in kinds
    assert set(kinds[1:-1]) == {"token"}
    passages = events[0][1]["passages"]
    assert passages[0]["n"] == 1
    assert {"title", "section", "region", "date", "text"} <= set(passages[0])
    final = events[-1][1]
    assert set(final) == ANSWER_KEYS and "50%" in final["answer"]
    cited = {c["n"] for c in final["citations"]}
    assert cited <= {p["n"] for p in passages}


def test_concurrent_questions_wait_their_turn(url: str) -> None:
    questions = [SUBSIDY_Q, "江山市领军人才的安家补贴是多少?", "兰溪市创新券每年什么时候申请?"]
    with ThreadPoolExecutor(len(questions)) as pool:
        responses = list(pool.map(
            lambda q: httpx.post(f"{url}/api/ask", json={"question": q}, timeout=120), questions))

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all(r.json()["answer"] for r in responses)


@pytest.mark.parametrize(("body", "status", "words"), [
    (b'{"question": "x"', 400, "not valid JSON"),
    (b'["question"]', 400, "JSON object"),
    (b'{"history": []}', 400, 'no "question"'),
    (b'{"question": "   "}', 400, "empty"),
    (json.dumps({"question": "问" * 1001}).encode(), 400, "under 1000"),
    (json.dumps({"question": "问题", "history": [{"role": "user", "content": "q"}] * 21}).encode(),
     400, "more than 20"),
    (json.dumps({"question": "问题", "history": "earlier"}).encode(), 400, "history must be a list"),
    (json.dumps({"question": "问题", "filters": {"city": "湖州"}}).encode(), 400,
     "unknown filter city"),
    (b"x" * 300_000, 413, "larger than"),
])
def test_bad_input_gets_a_4xx_with_a_sentence(url: str, body: bytes, status: int,
                                              words: str) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        response = httpx.post(f"{url}{path}", content=body,
                              headers={"Content-Type": "application/json"})

        assert response.status_code == status
        message = response.json()["error"]
        assert words in message and "Traceback" not in message


def test_openai_chat_completion_carries_citations(url: str) -> None:
    response = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
        "model": "anything", "messages": [{"role": "system", "content": "你是助手"},
                                          {"role": "user", "content": SUBSIDY_Q}]})

    completion = response.json()
    assert completion["object"] == "chat.completion"
    content = completion["choices"][0]["message"]["content"]
    assert "50%" in content and "来源:" in content and "lanxi_subsidy.txt" in content
    assert completion["citations"][0]["source"] == "lanxi_subsidy.txt"


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


def test_openai_errors_use_the_openai_shape(url: str) -> None:
    response = httpx.post(f"{url}/v1/chat/completions", json={
        "messages": [{"role": "assistant", "content": "你好"}]})

    assert response.status_code == 400
    assert "last message must come from the user" in response.json()["error"]["message"]


def test_rate_limit_answers_429_with_retry_after(parts: AppParts) -> None:
    limited = AppParts(parts.service, parts.feedback, parts.uploader, RateLimiter(2))
    client = TestClient(create_api(limited, allowed_origins=[]))

    statuses = [client.post("/api/ask", json={"question": SUBSIDY_Q}).status_code for _ in range(3)]
    blocked = client.post("/v1/chat/completions",
                          json={"messages": [{"role": "user", "content": "问"}]})

    assert statuses == [200, 200, 429]
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert "at most 2 per minute" in blocked.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200  # health checks are not limited


def test_rate_limiter_window_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])

    assert [limiter.retry_after("a"), limiter.retry_after("a")] == [0.0, 0.0]
    assert limiter.retry_after("a") == pytest.approx(60.0) and limiter.retry_after("b") == 0.0
    now[0] = 60.5
    assert limiter.retry_after("a") == 0.0


def test_cors_and_frame_ancestors_follow_allowed_origins(url: str) -> None:
    preflight = httpx.options(f"{url}/api/ask", headers={
        "Origin": PORTAL, "Access-Control-Request-Method": "POST"})
    stranger = httpx.options(f"{url}/api/ask", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    embed = httpx.get(f"{url}/embed/")
    home = httpx.get(f"{url}/")

    assert preflight.headers["access-control-allow-origin"] == PORTAL
    assert "access-control-allow-origin" not in stranger.headers
    assert embed.status_code == 200
    assert embed.headers["content-security-policy"] == f"frame-ancestors 'self' {PORTAL}"
    assert home.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert httpx.get(f"{url}/embed").headers["location"] == "embed/"


def test_widget_script_opens_the_embed_page(url: str) -> None:
    response = httpx.get(f"{url}/widget.js")

    assert response.headers["content-type"].startswith("application/javascript")
    assert 'new URL("embed/", script.src)' in response.text


def test_feedback_is_stored_with_the_answer(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    citations = [{"n": 1, "source": "a.txt", "quote": "补助50%"}]

    store.record(rating="down", question="问", answer="答[1]", citations=citations,
                 backend="local", comment="数字不对")

    row = store.rows()[0]
    assert (row["rating"], row["comment"], row["backend"]) == ("down", "数字不对", "local")
    assert json.loads(row["citations"]) == citations and row["created_at"]


def test_uploads_need_the_configured_token(parts: AppParts, tmp_path: Path) -> None:
    upload = tmp_path / "新政策.txt"
    upload.write_text("某市科技政策\n一、支持标准\n给予补助。", encoding="utf-8")
    closed = parts.uploader
    opened = dataclasses.replace(closed, token="s3cret")

    with pytest.raises(UploadRefusedError, match="没有配置管理员口令"):
        closed.ingest([upload], "anything")
    with pytest.raises(UploadRefusedError, match="口令不正确"):
        opened.ingest([upload], "wrong")
    report = opened.ingest([upload, tmp_path / "notes.xlsx"], "s3cret")

    assert [Path(p).name for p in report.added] == ["新政策.txt"]
    assert report.skipped[0].path.name == "notes.xlsx" and "不支持" in report.skipped[0].reason
    assert "notes.xlsx" in ingest_report_html(report)
    parts.service.index.remove(report.added[0])  # keep the shared index as the other tests expect


def test_rendered_document_text_is_escaped() -> None:
    payload = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
    from core.records import ChunkRecord, DocumentRecord
    from core.records import Evidence

    text = f"补助50%。{payload}"
    document = DocumentRecord("d", "/p", "x<b>.txt", f"标题{payload}", text, region="<i>湖州</i>")
    chunk = ChunkRecord("d:0", "d", 0, 0, len(text), (payload,), text, payload)
    evidence = Evidence(chunk, document, 1.0)
    citation = Citation(1, "x<b>.txt", "t", "s", payload, 6, 6 + len(payload), "d:0")
    answer = Answer(f"答{payload}[1]", False, "local", [citation], "q", [evidence])

    rendered = evidence_html([evidence], [vars(citation)], turn=1, question=payload)
    rendered += answer_html(answer.answer, 1) + ingest_report_html(IngestReport())
    rendered += sources_footer([{"n": 1, "title": payload}], 1)
    assert "<script" not in rendered and "<img" not in rendered and "<i>" not in rendered
    assert "&lt;script&gt;" in rendered and '<mark class="quote">&lt;script&gt;' in rendered
    assert '<a class="cite" href="#src-1-1"' in rendered


def test_app_py_says_how_to_build_a_missing_index(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "app.py", "--db", str(tmp_path / "none")],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)

    assert run.returncode == 1 and "python -m ingest" in run.stderr


def test_a_request_that_waits_too_long_for_the_slot_gets_503_and_is_not_lost(parts: AppParts) -> None:
    impatient = dataclasses.replace(parts.service, wait_s=0.2)
    client = TestClient(create_api(AppParts(impatient, parts.feedback, parts.uploader, RateLimiter(0)),
                                   allowed_origins=[]))

    with impatient.exclusive():  # another answer holds the slot
        queued = client.get("/healthz").json()["queued"]
        busy = client.post("/api/ask", json={"question": SUBSIDY_Q})
    after = client.post("/api/ask", json={"question": SUBSIDY_Q})

    assert queued == 0
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
    assert "busy" in busy.json()["error"]
    assert after.status_code == 200 and after.json()["citations"]
