"""ingest.knowledge: status and targets are read into the catalog once per document and extractor version."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ingest import knowledge
from ingest.knowledge import KNOWLEDGE_VERSION, refresh_knowledge
from tests.ingest.real_documents import prepared
from vectorstore.catalog import Catalog

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"
TODAY = datetime.date(2026, 12, 3)


def _catalog_with_seeds(tmp_path: Path) -> Catalog:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    for path in sorted(SEEDS.glob("*.txt")):
        document = prepared(path)
        catalog.commit_document(document, [[] for _ in document.chunks])
    return catalog


def test_each_document_is_read_once_and_again_when_the_extractor_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = _catalog_with_seeds(tmp_path)
    assert refresh_knowledge(catalog, today=TODAY) == 5
    assert refresh_knowledge(catalog, today=TODAY) == 0  # nothing changed
    monkeypatch.setattr(knowledge, "KNOWLEDGE_VERSION", KNOWLEDGE_VERSION + "-next")
    assert refresh_knowledge(catalog, today=TODAY) == 5


def test_stored_targets_are_the_documents_own_words_with_their_status(tmp_path: Path) -> None:
    catalog = _catalog_with_seeds(tmp_path)
    refresh_knowledge(catalog, today=TODAY)
    targets = catalog.targets()
    assert len(targets) > 50
    for target in targets:
        clean = catalog.clean_text(next(d.doc_id for d in catalog.documents() if d.source == target.source))
        assert clean is not None and clean[target.start:target.end] == target.quote and target.value in target.quote
    statuses = {d.source: catalog.statuses()[d.doc_id].status for d in catalog.documents()}
    assert statuses["004_cc29a2bd209d7fff.txt"] == "draft"
    assert {t.doc_status for t in targets if t.source == "004_cc29a2bd209d7fff.txt"} == {"draft"}
    assert any(t.target_year == 2025 and t.baseline_year == 2020 for t in catalog.targets(year=2025))
