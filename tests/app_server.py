"""Web app test helpers: a small index, the app's parts, a server on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from assistant.chain import PolicyAssistant
from ingest.pipeline import index_fingerprint, ingest_paths
from settings import PROJECT_DIR
from tests.conftest import POLICIES
from tests.processes import free_port, stop, wait_until
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher
from web.feedback import FEEDBACK_FILE, FeedbackStore
from web.rate_limit import RateLimiter
from web.service import AppParts, QAService
from web.uploads import Uploader

FINGERPRINT = index_fingerprint(300, "m3e-small")  # as `python -m ingest` with default settings


def build_index(db: Path, embeddings: SentenceEmbeddings, count_tiktoken: Callable[[str], int],
                paths: list[Path] | None = None) -> PolicyIndex:
    index = open_index(db, embeddings)
    ingest_paths(paths or [POLICIES], index, chunk_tokens=300, fingerprint=FINGERPRINT,
                 count_tokens=embeddings.count_tokens, count_tiktoken=count_tiktoken,
                 progress=False)
    return index


def make_parts(index: PolicyIndex, db: Path, count_tiktoken: Callable[[str], int], *,
               llm: Any = None, admin_token: str = "", per_minute: int = 0) -> AppParts:
    assistant = PolicyAssistant(HybridSearcher(index), llm,
                                backend="local" if llm else "extractive",
                                count_tokens=count_tiktoken, top_k=5, context_tokens=900)
    service = QAService(assistant, index, "m3e-small", wait_s=60)
    uploader = Uploader(index, db / "uploads", admin_token, 300, FINGERPRINT,
                        index.embeddings.count_tokens, count_tiktoken, service.exclusive,
                        index.embeddings.count_tokens_many)
    return AppParts(service, FeedbackStore(db / FEEDBACK_FILE), uploader, RateLimiter(per_minute))


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
