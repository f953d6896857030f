"""Requests per client -> allowed now, or seconds to wait (a sliding one-minute window)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """At most `per_minute` requests per client in any 60 seconds; 0 means no limit."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> float:
        """0 when the request may go ahead (it is counted); else seconds until it may."""
        if self.per_minute <= 0:
            return 0.0
        now = self._clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients so memory stays bounded
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - WINDOW_S}
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(times[0] + WINDOW_S - now, 0.001)
            times.append(now)
            return 0.0


class FailureThrottle:
    """At most `limit` failures per client within `window_s`; then the client waits until the oldest
    expires, even with the right answer (a guessed admin token gets `limit` tries per window)."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window_s = limit, window_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked_for(self, client: str) -> float:
        """Seconds the client must wait before it may try again; 0 when it may."""
        now = self._clock()
        with self._lock:
            times = self._failures.get(client, deque())
            while times and times[0] <= now - self.window_s:
                times.popleft()
            return max(times[0] + self.window_s - now, 0.001) if len(times) >= self.limit else 0.0

    def failed(self, client: str) -> None:
        with self._lock:
            if len(self._failures) > 10_000:  # forget clients whose failures expired
                now = self._clock()
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - self.window_s}
            self._failures.setdefault(client, deque()).append(self._clock())
