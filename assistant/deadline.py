"""A token stream from a remote model -> the same tokens, but never waiting past a deadline.

A model server that stalls before its first token, or between two, would hold the answer until its
HTTP read timeout runs out, once per retry; the extractive answer must come within the configured
timeout instead. The stream is read in a worker thread, and the caller waits only until the deadline.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Generator, Iterator
from typing import cast

_END = object()


def tokens_until(tokens: Iterator[str], deadline: float) -> Iterator[str]:
    """`tokens` as they come; TimeoutError once `deadline` (a time.perf_counter value) passes first.
    A model error is raised here as it was raised there."""
    found: queue.Queue[object] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        try:
            for token in tokens:
                if stop.is_set():
                    break
                found.put(token)
            found.put(_END)
        except Exception as error:  # handed to the caller, who decides what a failure means
            found.put(error)
        finally:
            if isinstance(tokens, Generator):
                tokens.close()  # in the thread that read it

    threading.Thread(target=pump, name="model-stream", daemon=True).start()
    try:
        while True:
            try:
                item = found.get(timeout=max(deadline - time.perf_counter(), 0.0))
            except queue.Empty:
                raise TimeoutError("the model server sent nothing more before the answer's deadline") from None
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            yield cast(str, item)  # only tokens, _END and errors are queued
    finally:
        stop.set()  # the worker stops at its next token, or when the server's connection ends
