"""vectorstore.consistency: Chroma, the catalog and the keyword index of a real index, compared."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.pipeline import IngestReport
from tests.conftest import POLICIES
from vectorstore.consistency import check_index
from vectorstore.index import PolicyIndex

Ingest = Callable[..., IngestReport]


def _chunk_ids(index: PolicyIndex) -> list[str]:
    return [chunk_id for chunk_id, _ in index.catalog.iter_keyword_rows()]


def test_a_freshly_ingested_index_is_consistent(ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    ingest(POLICIES)

    check = check_index(tmp_path / "db")

    n = len(_chunk_ids(index))
    assert check.consistent and not check.problems and not check.notes
    assert (check.documents, check.chroma_chunks, check.catalog_chunks, check.keyword_rows) == (2, n, n, n)
    assert check.summary().splitlines()[-1].startswith("consistent: no duplicate or orphan chunks")


def test_every_kind_of_disagreement_is_named(ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    ingest(POLICIES)
    lanxi, jiangshan = sorted(index.catalog.documents(), key=lambda d: d.source, reverse=True)
    first, second, *_ = [c for c in _chunk_ids(index) if c.startswith(lanxi.doc_id)]
    vector = index.store.vectors_of([first])[first]
    meta = {"doc_id": lanxi.doc_id, "ord": 0, "start": 0, "end": 5}
    index.store.chunks.upsert(ids=["ghost:00000"], embeddings=[vector], metadatas=[{**meta, "doc_id": "ghost"}])
    index.store.chunks.upsert(ids=[f"{lanxi.doc_id}:00077"], embeddings=[vector], metadatas=[meta])  # 2nd ord 0
    index.store.chunks.delete(ids=[second])
    index.store.documents.delete(ids=[jiangshan.doc_id])
    index.store.documents.upsert(ids=["stale-version"], embeddings=[[0.0]], metadatas=[{"path": lanxi.path}])
    index.catalog.begin("never-committed", "/docs/half.txt")
    index.catalog.db.execute("UPDATE chunks SET tokens = '' WHERE chunk_id = ?", (first,))

    check = check_index(tmp_path / "db")

    kinds = {problem.split(":")[0] for problem in check.problems}
    assert kinds == {"unfinished writes", "malformed chunks", "duplicate chunks", "duplicate documents",
                     "orphan chunks", "orphan document records", "missing chunks", "missing document records",
                     "incomplete documents", "keyword index"}
    assert not check.consistent and "NOT consistent, 10 problem(s):" in check.summary()
    problems = "\n".join(check.problems)
    assert "ghost" in problems and "never-committed" in problems and second[:40] in problems


def test_a_replacement_stopped_after_its_commit_is_named_then_undone_by_the_next_run(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    policy = docs / "lanxi.txt"
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    ingest(docs)
    old = index.catalog.doc_id_at(str(policy.resolve()))
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")

    def killed(doc_id: str) -> None:
        raise KeyboardInterrupt("killed after the new version committed, before the old one was deleted")

    monkeypatch.setattr(index.store, "delete_document", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest(docs)

    check = check_index(tmp_path / "db")

    assert old is not None and not check.consistent
    assert any(p.startswith("orphan chunks") and old in p for p in check.problems)
    assert any(p.startswith("orphan document records") for p in check.problems)

    monkeypatch.undo()
    report = ingest(docs)  # the next run deletes the old version's chunks and clears the journal
    repaired = check_index(tmp_path / "db")
    assert report.recovered == 1 and repaired.consistent and not repaired.notes, repaired.problems


def test_an_interrupted_write_is_named_until_a_rerun_undoes_it(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(POLICIES, docs)
    original = index.catalog.commit_document

    def power_cut(document, tokens, **kwargs):  # type: ignore[no-untyped-def]
        if document.source == "lanxi_subsidy.txt":
            raise KeyboardInterrupt("power cut after the vectors were written")
        return original(document, tokens, **kwargs)

    monkeypatch.setattr(index.catalog, "commit_document", power_cut)
    with pytest.raises(KeyboardInterrupt):
        ingest(docs)
    interrupted = check_index(tmp_path / "db")
    monkeypatch.setattr(index.catalog, "commit_document", original)
    ingest(docs)

    kinds = {problem.split(":")[0] for problem in interrupted.problems}
    assert kinds == {"unfinished writes", "orphan chunks", "orphan document records"}
    assert check_index(tmp_path / "db").consistent


def test_a_folder_without_an_index_is_not_consistent(tmp_path: Path) -> None:
    check = check_index(tmp_path / "nothing")

    assert not check.consistent and check.problems[0].startswith("no index:")
    assert not (tmp_path / "nothing").exists()
