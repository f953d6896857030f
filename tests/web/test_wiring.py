"""web.wiring: Settings -> the app's parts; the model is named by the backend registry."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.backends import BACKENDS
from core.errors import IndexNotBuiltError
from tests.app_server import app_settings, build_index, make_parts
from vectorstore.models import SentenceEmbeddings
from web.examples import ExampleGroup
from web.wiring import build_web_app


def test_parts_are_wired_from_settings(tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    examples = tmp_path / "examples.txt"
    examples.write_text("[访客]\n补贴多少?\n", encoding="utf-8")
    settings = app_settings(tmp_path / "db", examples=str(examples), admin_token="t0ken",
                            rate_limit_per_minute=7, queue_wait_s=12.5)

    parts = make_parts(build_index(settings.db, embeddings), settings)

    assert parts.service.model == BACKENDS["extractive"].model_name(settings) == "extractive"
    assert parts.service.wait_s == 12.5 and parts.limiter.per_minute == 7
    assert parts.uploader.enabled and parts.uploader.upload_dir == settings.db / "uploads"
    assert parts.uploader.config.chunk_tokens == settings.chunk_tokens
    assert parts.examples == [ExampleGroup("访客", ["补贴多少?"])]
    assert parts.feedback.path == settings.db / "feedback.sqlite3"


def test_without_an_examples_file_the_indexed_titles_give_the_examples(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    settings = replace(app_settings(tmp_path / "db"), corpus=tmp_path / "no-corpus")

    parts = make_parts(build_index(settings.db, embeddings), settings)

    questions = parts.examples[0].questions
    assert len(questions) == 2 and all(q.startswith("《") and q.endswith("的主要目标是什么？") for q in questions)


def test_a_missing_index_says_how_to_build_it(tmp_path: Path, models_dir: Path) -> None:
    with pytest.raises(IndexNotBuiltError, match="python -m ingest"):
        build_web_app(app_settings(tmp_path / "none", models_dir=models_dir))
