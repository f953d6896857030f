"""The answer slot's queue: arrival order, and a request that gave up does not block the rest."""

from __future__ import annotations

import threading
import time

from web.service import FifoLock


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
