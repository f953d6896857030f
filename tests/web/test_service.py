"""web.service: the one answer slot, taken in arrival order; a request that waits too long gets 503."""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from fastapi.testclient import TestClient

from tests.app_server import SUBSIDY_Q
from web.rate_limit import RateLimiter
from web.server import create_api
from web.service import AppParts, FifoLock


def _queue_up(lock: FifoLock, n: int, order: list[int], timeout: float = 10.0) -> list[threading.Thread]:
    """Start n waiters one after another, each queued before the next starts."""
    def wait(number: int) -> None:
        if lock.acquire(timeout):
            order.append(number)
            lock.release()

    threads = []
    for number in range(n):
        threads.append(threading.Thread(target=wait, args=(number,)))
        threads[-1].start()
        while lock.waiting() < number + 1:
            time.sleep(0.005)
    return threads


def test_waiters_are_served_in_arrival_order() -> None:
    lock, order = FifoLock(), []
    assert lock.acquire(1)
    threads = _queue_up(lock, 8, order)

    lock.release()
    for thread in threads:
        thread.join(5)

    assert order == list(range(8))
    assert lock.waiting() == 0 and lock.acquire(0.1)


def test_a_waiter_that_timed_out_is_skipped() -> None:
    lock, order = FifoLock(), []
    assert lock.acquire(1)
    assert not lock.acquire(0.05)  # gives up while the slot is held
    threads = _queue_up(lock, 2, order)

    lock.release()
    for thread in threads:
        thread.join(5)

    assert order == [0, 1]
    assert lock.acquire(0.1)


def test_concurrent_questions_wait_their_turn(url: str) -> None:
    questions = [SUBSIDY_Q, "江山市领军人才的安家补贴是多少?", "兰溪市创新券每年什么时候申请?"]
    with ThreadPoolExecutor(len(questions)) as pool:
        responses = list(pool.map(
            lambda q: httpx.post(f"{url}/api/ask", json={"question": q}, timeout=120), questions))

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all(r.json()["answer"] for r in responses)


def test_a_request_that_waits_too_long_for_the_slot_gets_503_and_is_not_lost(parts: AppParts) -> None:
    impatient = dataclasses.replace(parts.service, wait_s=0.2)
    client = TestClient(create_api(dataclasses.replace(parts, service=impatient, limiter=RateLimiter(0)),
                                   allowed_origins=[]))

    with impatient.exclusive():  # another answer holds the slot
        queued = client.get("/healthz").json()["queued"]
        busy = client.post("/api/ask", json={"question": SUBSIDY_Q})
    after = client.post("/api/ask", json={"question": SUBSIDY_Q})

    assert queued == 0
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) >= 1
    assert "busy" in busy.json()["error"]
    assert after.status_code == 200 and after.json()["citations"]


def test_the_model_name_is_the_one_wired_in(parts: AppParts) -> None:
    named = dataclasses.replace(parts.service, model="qwen2.5-1.5b-instruct-q4_k_m.gguf")

    assert named.health()["model"] == "qwen2.5-1.5b-instruct-q4_k_m.gguf"
    assert parts.service.health()["model"] == "extractive"
