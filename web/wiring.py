"""Settings -> the web app: the assistant (models loaded once), feedback, uploads, limits and the
example questions; the only place the web parts are built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from settings import Settings
from web.examples import example_questions
from web.feedback import FEEDBACK_FILE, FeedbackStore
from web.rate_limit import RateLimiter
from web.server import create_app, parse_origins
from web.service import AppParts, QAService
from web.uploads import Uploader

if TYPE_CHECKING:
    from vectorstore.retrieve import HybridSearcher


def build_parts(settings: Settings, searcher: HybridSearcher) -> AppParts:
    """What the UI and the API share, over an opened index; the model named once, here."""
    from assistant.backends import backend_named
    from assistant.wiring import build_assistant
    from ingest.budget import FileBudget
    from ingest.config import IngestConfig

    model = backend_named(settings.llm_backend).model_name(settings)
    index = searcher.index
    assistant = build_assistant(settings, searcher=searcher)
    service = QAService(assistant, index, settings.embedding_model, model=model,
                        wait_s=settings.queue_wait_s, today=settings.as_of)
    uploader = Uploader(index, settings.db / "uploads", settings.admin_token,
                        IngestConfig.from_settings(settings), index.embeddings.count_tokens,
                        service.exclusive, index.embeddings.count_tokens_many, FileBudget.from_settings(settings))
    examples = example_questions(settings.examples, settings.corpus, index.catalog.documents())
    return AppParts(service, FeedbackStore(settings.db / FEEDBACK_FILE), uploader,
                    RateLimiter(settings.rate_limit_per_minute), examples)


def build_web_app(settings: Settings) -> FastAPI:
    """The app over the index in `settings.db`, answered by `settings.llm_backend`."""
    from assistant.wiring import open_searcher

    parts = build_parts(settings, open_searcher(settings))
    return create_app(parts, allowed_origins=parse_origins(settings.allowed_origins))
