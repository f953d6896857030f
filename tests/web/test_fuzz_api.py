"""Property-based fuzzing of the HTTP API from its own OpenAPI schema (schemathesis): requests that
fit the schema and requests that break it get no 5xx, and every 4xx says why in a sentence."""

from __future__ import annotations

from collections import Counter
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

# Every route a portal or a client may call; the test fails if the schema stops listing one.
ROUTES = {"POST /api/ask", "POST /api/match", "POST /api/ask/stream", "GET /api/targets", "GET /healthz",
          "POST /v1/chat/completions", "GET /v1/models"}
EXAMPLES = 12  # per route and mode: the answer chain runs for each, about 0.3 s on 2 cores


def _message(body: Any) -> str:
    """The sentence of an error body: {"error": "..."} (/api) or {"error": {"message": ...}} (/v1)."""
    error = body["error"]
    return error if isinstance(error, str) else error["message"]


def _fuzz(operation: Any, mode: GenerationMode, url: str, seen: Any) -> None:
    """EXAMPLES requests drawn for one route in one mode, each checked."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: Any) -> None:
        response = case.call(base_url=url, timeout=120)
        seen(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:300])
        if response.status_code >= 400:
            assert _message(response.json()).strip(), (case.as_curl_command(), response.text[:300])

    fuzz()


def test_fuzzed_requests_get_no_server_error_and_every_client_error_says_why(url: str) -> None:
    schema = schemathesis.openapi.from_url(f"{url}/api/openapi.json")
    operations = {f"{o.method.upper()} {o.path}": o for o in (r.ok() for r in schema.get_all_operations())}
    assert ROUTES <= set(operations), sorted(operations)
    statuses: Counter[tuple[str, int]] = Counter()

    for label in sorted(ROUTES):
        _fuzz(operations[label], GenerationMode.POSITIVE, url,
              lambda code, label=label: statuses.update([(label, code)]))
        try:
            _fuzz(operations[label], GenerationMode.NEGATIVE, url,
                  lambda code, label=label: statuses.update([(f"{label} negative", code)]))
        except Unsatisfiable:  # a route with nothing to break (no parameters, no body)
            assert label.startswith("GET"), label

    negative = {label for label, _ in statuses if label.endswith("negative")}
    assert {"POST /api/ask negative", "POST /api/match negative", "POST /v1/chat/completions negative",
            "GET /api/targets negative"} <= negative
    assert all(code >= 400 for label, code in statuses if label.startswith("POST") and label.endswith("negative"))
