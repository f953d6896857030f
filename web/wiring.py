"""Settings -> the web app: the assistant (models loaded once), feedback, uploads, limits."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from settings import Settings
from web.feedback import FEEDBACK_FILE, FeedbackStore
from web.rate_limit import RateLimiter
from web.server import create_app, parse_origins
from web.service import AppParts, QAService
from web.uploads import Uploader


def build_web_app(settings: Settings, db: Path | None = None,
                  backend: str | None = None) -> FastAPI:
    from assistant.wiring import build_assistant
    from ingest.pipeline import index_fingerprint

    directory = db or settings.db
    assistant = build_assistant(settings, directory, backend)
    index = assistant.searcher.index
    service = QAService(assistant, index, settings.embedding_model,
                        wait_s=settings.queue_wait_s)
    uploader = Uploader(
        index, directory / "uploads", settings.admin_token, settings.chunk_tokens,
        fingerprint=index_fingerprint(settings.chunk_tokens, settings.embedding_model),
        count_tokens=index.embeddings.count_tokens, count_tiktoken=assistant.count_tokens,
        count_many=index.embeddings.count_tokens_many, exclusive=service.exclusive)
    parts = AppParts(service, FeedbackStore(directory / FEEDBACK_FILE), uploader,
                    RateLimiter(settings.rate_limit_per_minute))
    return create_app(parts, allowed_origins=parse_origins(settings.allowed_origins))
