"""web.rate_limit, and the API's 429 with Retry-After once a client asks too often."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi.testclient import TestClient

from tests.app_server import SUBSIDY_Q
from web.rate_limit import RateLimiter
from web.server import create_api
from web.service import AppParts


def test_rate_limit_answers_429_with_retry_after(parts: AppParts) -> None:
    limited = dataclasses.replace(parts, limiter=RateLimiter(2))
    client = TestClient(create_api(limited, allowed_origins=[]))

    statuses = [client.post("/api/ask", json={"question": SUBSIDY_Q}).status_code for _ in range(3)]
    blocked = client.post("/v1/chat/completions",
                          json={"messages": [{"role": "user", "content": "问"}]})

    assert statuses == [200, 200, 429]
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) >= 1
    assert "at most 2 per minute" in blocked.json()["error"]["message"]
    assert client.get("/healthz").status_code == 200  # health checks are not limited


def test_a_limited_client_gets_429_before_its_body_is_read(parts: AppParts) -> None:
    client = TestClient(create_api(dataclasses.replace(parts, limiter=RateLimiter(1)),
                                   allowed_origins=[]))

    first = client.post("/api/ask", content=b"{broken")
    second = client.post("/api/ask", content=b"{broken")

    assert (first.status_code, second.status_code) == (400, 429)


def test_rate_limiter_window_slides() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])

    assert [limiter.retry_after("a"), limiter.retry_after("a")] == [0.0, 0.0]
    assert limiter.retry_after("a") == pytest.approx(60.0) and limiter.retry_after("b") == 0.0
    now[0] = 60.5
    assert limiter.retry_after("a") == 0.0


def test_zero_turns_the_limit_off() -> None:
    limiter = RateLimiter(0)

    assert all(limiter.retry_after("a") == 0.0 for _ in range(100))
