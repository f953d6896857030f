"""The web tests' shared app: a small real index, the parts app.py wires, and a loopback server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app_server import PORTAL, app_settings, build_index, make_parts, serve
from vectorstore.models import SentenceEmbeddings
from web.server import create_app
from web.service import AppParts


@pytest.fixture(scope="session")
def parts(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> AppParts:
    """The extractive app's parts over tests/data/policies (two documents)."""
    db = tmp_path_factory.mktemp("api-db")
    return make_parts(build_index(db, embeddings), app_settings(db))


@pytest.fixture(scope="session")
def url(parts: AppParts) -> Iterator[str]:
    """The whole app (API and UI) on a loopback port; PORTAL may call and frame it."""
    with serve(create_app(parts, allowed_origins=[PORTAL])) as base:
        yield base
