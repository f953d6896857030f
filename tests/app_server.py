"""Web app test helpers: a small index, the app's parts, a server on a free loopback port."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from ingest.config import IngestConfig
from ingest.pipeline import ingest_paths
from settings import PROJECT_DIR, Settings
from tests.conftest import POLICIES
from tests.processes import free_port, stop, wait_until
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher
from web.service import AppParts
from web.wiring import build_parts

CONFIG = IngestConfig.from_settings(Settings())  # as `python -m ingest` with default settings
PORTAL = "http://portal.example.gov.cn"
SUBSIDY_Q = "兰溪市科技创新券对检验检测服务按多少比例补助?"
ANSWER_KEYS = ["id", "answer", "refused", "backend", "citations", "query", "timings"]  # in order


def build_index(db: Path, embeddings: SentenceEmbeddings, paths: list[Path] | None = None) -> PolicyIndex:
    index = open_index(db, embeddings)
    ingest_paths(paths or [POLICIES], index, config=CONFIG, count_tokens=embeddings.count_tokens,
                 count_many=embeddings.count_tokens_many, progress=False)
    return index


def app_settings(db: Path, **overrides: Any) -> Settings:
    """The defaults, with the test's index, no rate limit and a minute's patience for the slot."""
    chosen = {"db": db, "llm_backend": "extractive", "rate_limit_per_minute": 0, "queue_wait_s": 60}
    return replace(Settings(), **{**chosen, **overrides})


def make_parts(index: PolicyIndex, settings: Settings) -> AppParts:
    """The app's parts over an index that is already open, wired as app.py wires them."""
    return build_parts(settings, HybridSearcher(index, dense_weight=settings.dense_weight,
                                                candidates=settings.candidates))


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run an ASGI app with uvicorn in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, timeout_s=30)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def wait_until_up(url: str, timeout_s: float, process: subprocess.Popen[bytes] | None = None,
                  log: Path | None = None) -> None:
    wait_until(lambda: httpx.get(f"{url}/healthz", timeout=2).status_code == 200,
               timeout_s=timeout_s, what=f"the app at {url}", process=process, log=log)


@contextmanager
def run_app_py(db: Path, log: Path, *, backend: str = "extractive",
               env: dict[str, str] | None = None) -> Iterator[str]:
    """`python app.py` itself, as a deployment runs it; yields its base URL."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "app.py", "--db", str(db), "--port", str(port), "--backend", backend],
            cwd=PROJECT_DIR, stdout=output, stderr=subprocess.STDOUT,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})})
        try:
            wait_until_up(f"http://127.0.0.1:{port}", timeout_s=180, process=process, log=log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def sse_events(response: httpx.Response) -> list[tuple[str, Any]]:
    """(event, data) pairs of a server-sent event stream."""
    events, name = [], "message"
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, line[6:] if line[6:] == "[DONE]" else json.loads(line[6:])))
            name = "message"
    return events
