"""web.api: /healthz, /api/ask (JSON and server-sent events) and /api/targets (JSON and CSV),
served by uvicorn over a real index."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from core.knowledge import TARGET_FIELDS
from tests.app_server import ANSWER_KEYS, SUBSIDY_Q, sse_events
from tests.web.conftest import PLAN_FILE
from web.service import AppParts

CITATION_KEYS = ["n", "source", "title", "section", "quote", "start", "end", "doc_status"]


def test_healthz_reports_backend_model_and_index_size(url: str) -> None:
    health = httpx.get(f"{url}/healthz").json()

    assert health["status"] == "ok" and health["backend"] == "extractive"
    assert health["model"] == "extractive" and health["embedding_model"] == "m3e-small"
    assert health["index"]["documents"] == 2 and health["index"]["chunks"] >= 2


def test_ask_returns_the_cli_json_contract(url: str) -> None:
    response = httpx.post(f"{url}/api/ask", json={"id": "q1", "question": SUBSIDY_Q}, timeout=60)

    result = response.json()
    assert response.status_code == 200 and list(result) == ANSWER_KEYS
    assert result["id"] == "q1" and "50%" in result["answer"] and not result["refused"]
    citation = result["citations"][0]
    assert list(citation) == CITATION_KEYS
    assert citation["source"] == "lanxi_subsidy.txt" and "50%" in citation["quote"]
    assert f"[{citation['n']}]" in result["answer"]
    assert list(result["timings"]) == ["retrieve_s", "first_token_s", "total_s"]


def test_any_json_id_is_echoed(url: str) -> None:
    item_id = {"batch": 3, "tags": ["a", None]}

    result = httpx.post(f"{url}/api/ask", json={"id": item_id, "question": SUBSIDY_Q}, timeout=60).json()

    assert result["id"] == item_id


def test_a_body_sent_without_the_json_content_type_is_still_read(url: str) -> None:
    # `curl -d` says application/x-www-form-urlencoded; fetch() without headers says text/plain.
    for content_type in ("application/x-www-form-urlencoded", "text/plain;charset=UTF-8"):
        response = httpx.post(f"{url}/api/ask", timeout=60, headers={"Content-Type": content_type},
                              content=json.dumps({"question": SUBSIDY_Q}).encode())

        assert response.status_code == 200 and "50%" in response.json()["answer"]


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

    assert result["query"] == "江山市顶尖人才的安家补贴是多少?"  # the place kept, the kind of talent swapped
    assert "300" in result["answer"]


@pytest.mark.parametrize("path", ["/api/ask/stream", "/api/ask?stream=true"])
def test_stream_sends_evidence_then_tokens_then_final(url: str, path: str) -> None:
    with httpx.stream("POST", f"{url}{path}", json={"question": SUBSIDY_Q}, timeout=60) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response)

    kinds = [name for name, _ in events]
    assert kinds[0] == "evidence" and kinds[-1] == "final" and "token" in kinds
    assert set(kinds[1:-1]) == {"token"}
    passages = events[0][1]["passages"]
    assert passages[0]["n"] == 1
    assert {"title", "section", "region", "date", "text"} <= set(passages[0])
    final = events[-1][1]
    assert list(final) == ANSWER_KEYS and "50%" in final["answer"]
    cited = {c["n"] for c in final["citations"]}
    assert cited <= {p["n"] for p in passages}


@pytest.mark.parametrize(("body", "status", "words"), [
    (b'{"question": "x"', 400, "not valid JSON (line 1, column 17"),
    (b"", 400, "not valid JSON"),
    (b'["question"]', 400, "JSON object"),
    (b'{"history": []}', 400, 'no "question"'),
    (b'{"question": "   "}', 400, "empty"),
    (b'{"question": 7}', 400, "empty"),
    (json.dumps({"question": "问" * 1001}).encode(), 400, "under 1000"),
    (json.dumps({"question": "问题", "history": [{"role": "user", "content": "q"}] * 21}).encode(),
     400, "more than 20"),
    (json.dumps({"question": "问题", "history": "earlier"}).encode(), 400, "history must be a list"),
    (json.dumps({"question": "问题", "history": [{"role": "bot", "content": "q"}]}).encode(), 400,
     "history item 1 has role 'bot'"),
    (json.dumps({"question": "问题", "filters": {"city": "某市"}}).encode(), 400,
     "unknown filter city"),
    (json.dumps({"question": "问题", "filters": {"region": 3}}).encode(), 400, "must be strings"),
    (json.dumps({"question": "问题", "filters": {"status": "valid"}}).encode(), 400, "unknown status valid"),
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


def test_a_bad_query_parameter_is_a_400_that_names_it(url: str) -> None:
    response = httpx.post(f"{url}/api/ask?stream=maybe", json={"question": SUBSIDY_Q})

    assert response.status_code == 400 and response.json()["error"].startswith("stream: ")


def test_api_docs_show_the_request_and_answer_schemas(url: str) -> None:
    spec = httpx.get(f"{url}/api/openapi.json").json()
    ask = spec["paths"]["/api/ask"]["post"]
    schemas = spec["components"]["schemas"]

    assert ask["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/AskRequest")
    assert ask["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/AnswerOut")
    assert {"400", "413", "429", "503"} <= set(ask["responses"])
    assert list(schemas["AnswerOut"]["properties"]) == ANSWER_KEYS
    assert {"question", "history", "filters", "id"} == set(schemas["AskRequest"]["properties"])
    assert "ChatMessage" in schemas and "FilterFields" in schemas
    assert httpx.get(f"{url}/api/docs").status_code == 200


def _targets(url: str, **query: str) -> httpx.Response:
    return httpx.get(f"{url}/api/targets", params=query, timeout=30)


def test_targets_come_with_every_field_and_todays_status(plan_url: str, plan_parts: AppParts) -> None:
    rows = _targets(plan_url).json()["targets"]

    assert {r["source"] for r in rows} == {PLAN_FILE, "jiangshan_talent.md"}
    assert all(list(r) == list(TARGET_FIELDS) for r in rows)
    plan = [r for r in rows if r["source"] == PLAN_FILE]
    assert {r["doc_status"] for r in plan} == {"expired"}  # in force when ingested, lapsed since
    table = next(r for r in plan if r["indicator"].startswith("技术交易额"))
    assert (table["value"], table["number"], table["unit"]) == ("20", 20.0, "亿元")
    assert (table["baseline_value"], table["baseline_year"], table["target_year"]) == ("12", 2022, 2025)
    doc_id = next(d.doc_id for d in plan_parts.service.documents() if d.source == PLAN_FILE)
    text = plan_parts.service.clean_text(doc_id) or ""
    assert all(text[r["start"]:r["end"]] == r["quote"] for r in plan)
    assert sum(r["conflict"] for r in plan) == 2


@pytest.mark.parametrize(("query", "sources", "years"), [
    ({"region": "江山"}, {"jiangshan_talent.md"}, {2026}),
    ({"document": PLAN_FILE}, {PLAN_FILE}, {2025}),
    ({"document": "德清县科技创新"}, {PLAN_FILE}, {2025}),  # part of the title
    ({"year": "2026"}, {"jiangshan_talent.md"}, {2026}),
    ({"year": "", "region": " 德清县 "}, {PLAN_FILE}, {2025}),
    ({"region": "兰溪"}, set(), set()),
    ({"status": "expired"}, {PLAN_FILE}, {2025}),
    ({"status": "draft,repealed"}, set(), set()),  # a status no document has: nothing, not everything
])
def test_targets_are_filtered(plan_url: str, query: dict[str, str], sources: set[str],
                              years: set[int]) -> None:
    rows = _targets(plan_url, **query).json()["targets"]

    assert {r["source"] for r in rows} == sources and {r["target_year"] for r in rows} == years


def test_an_answer_searches_only_documents_of_the_asked_status_and_each_citation_carries_it(plan_url: str) -> None:
    def ask(status: str) -> dict[str, object]:
        return dict(httpx.post(f"{plan_url}/api/ask", timeout=60, json={
            "question": "技术交易额到2025年达到多少？", "filters": {"status": status}}).json())

    lapsed, drafts = ask("expired"), ask("draft")

    assert lapsed["citations"] and {c["doc_status"] for c in lapsed["citations"]} == {"expired"}  # type: ignore[union-attr]
    assert {c["source"] for c in lapsed["citations"]} == {PLAN_FILE}  # type: ignore[union-attr]
    assert "已失效" in str(lapsed["answer"])
    assert drafts["refused"] and drafts["citations"] == []


def test_targets_as_csv_are_the_json_rows_for_excel(plan_url: str) -> None:
    response = _targets(plan_url, format="csv", region="德清县")

    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == "attachment; filename=targets.csv"
    assert response.content.startswith("\ufeff".encode())
    parsed = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    rows = _targets(plan_url, region="德清县").json()["targets"]
    assert list(parsed[0]) == list(TARGET_FIELDS) and len(parsed) == len(rows)
    assert [(p["indicator"], p["quote"], p["doc_status"]) for p in parsed] == \
        [(r["indicator"], r["quote"], r["doc_status"]) for r in rows]
    assert any("<script>" in p["quote"] for p in parsed)  # data, as written: escaping is the viewer's


@pytest.mark.parametrize(("query", "words"), [
    ({"year": "abc"}, "year must be a whole year such as 2025, not 'abc'"),
    ({"year": "2025.5"}, "year must be a whole year such as 2025, not '2025.5'"),
    ({"format": "xml"}, "format: Input should be 'json' or 'csv'"),
    ({"regoin": "德清县"}, "unknown query parameter regoin; use region, document, status, year, format"),
    ({"status": "valid"}, "unknown status valid; use one or more of in_force, draft, expired, not_yet_effective, "
                          "repealed, unknown"),
])
def test_a_bad_targets_query_is_a_400_with_a_sentence(plan_url: str, query: dict[str, str],
                                                      words: str) -> None:
    response = _targets(plan_url, **query)

    assert response.status_code == 400 and response.json() == {"error": words}


def test_api_docs_show_the_targets_route(url: str) -> None:
    spec = httpx.get(f"{url}/api/openapi.json").json()
    route = spec["paths"]["/api/targets"]["get"]

    assert route["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/TargetsOut")
    assert "text/csv" in route["responses"]["200"]["content"] and "400" in route["responses"]
    assert {p["name"] for p in route["parameters"]} == {"region", "document", "status", "year", "format"}
    assert list(spec["components"]["schemas"]["Target"]["properties"]) == list(TARGET_FIELDS)
