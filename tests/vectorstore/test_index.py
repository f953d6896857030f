"""vectorstore.index with real Chroma and m3e: whole-document writes, vector reuse, rebuilds."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from core.records import search_text, text_hash
from core.tokens import TOKENIZER
from ingest.pipeline import IngestReport
from tests.conftest import POLICIES, cosine, ingest_into, search_texts
from vectorstore.index import PolicyIndex, keyword_tokens, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher

Ingest = Callable[..., IngestReport]


def _committed(index: PolicyIndex, source: str):  # type: ignore[no-untyped-def]
    """A committed document with its chunks, in order, as put_many takes it."""
    document = next(d for d in index.catalog.documents() if d.source == source)
    found = index.catalog.chunks_by_id([cid for cid, _ in index.catalog.iter_keyword_rows()])
    chunks = sorted((c for c, d in found.values() if d.doc_id == document.doc_id), key=lambda c: c.ord)
    return replace(document, clean_text=index.catalog.clean_text(document.doc_id) or "", chunks=tuple(chunks))


def test_put_many_refuses_two_versions_of_one_path(ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    record = _committed(index, "lanxi_subsidy.txt")
    other_version = replace(record, doc_id="another-version")

    with pytest.raises(ValueError, match="distinct"):
        index.put_many([record, other_version])
    assert index.catalog.doc_id_at(record.path) == record.doc_id
    assert not index.catalog.unfinished()


def test_each_chunk_keeps_its_own_vector_when_a_write_is_encoded_longest_first(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings) -> None:
    report = ingest(POLICIES)  # both documents in one write, their chunks encoded in one order
    texts = search_texts(index)
    stored = index.store.vectors_of(list(texts))

    assert len(report.added) == 2 and len({len(t) for t in texts.values()}) > 1
    assert len(stored) == len(texts)
    for chunk_id, text in texts.items():
        assert cosine(stored[chunk_id], embeddings.embed_query(text)) > 0.999


def test_a_passage_in_two_documents_is_embedded_once(ingest: Ingest, index: PolicyIndex,
                                                     tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    original = (POLICIES / "lanxi_subsidy.txt").read_text("utf-8")
    (docs / "a.txt").write_text(original, "utf-8")
    (docs / "b.txt").write_text(original.replace("最高20万元", "最高35万元"), "utf-8")  # a revised copy

    report = ingest(docs)  # one write: the shared passages are encoded once within it

    texts = search_texts(index)
    assert len(report.added) == 2 and report.chunks == len(texts)
    assert report.embedded == len(set(texts.values())) < report.chunks
    stored = index.store.vectors_of(list(texts))
    by_text: dict[str, list[list[float]]] = {}
    for chunk_id, text in texts.items():
        by_text.setdefault(text, []).append(stored[chunk_id])
    shared = [vectors for vectors in by_text.values() if len(vectors) == 2]
    assert shared and all(a == b for a, b in shared)


def test_a_stored_vector_missing_from_chroma_is_embedded_again(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    original = (POLICIES / "lanxi_subsidy.txt").read_text("utf-8")
    (docs / "a.txt").write_text(original, "utf-8")
    ingest(docs)
    lost = next(iter(search_texts(index)))
    index.store.chunks.delete(ids=[lost])  # the catalog vouches for a vector Chroma no longer has
    (docs / "b.txt").write_text(original.replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(docs)

    texts = search_texts(index)
    first_doc = lost.split(":")[0] + ":"
    revised = {cid: t for cid, t in texts.items() if not cid.startswith(first_doc)}
    reusable = {t for cid, t in texts.items() if cid.startswith(first_doc) and cid != lost}
    assert texts[lost] in revised.values()  # the revised copy has the passage whose vector is gone
    assert report.embedded == len(set(revised.values()) - reusable)
    assert set(index.store.vectors_of(list(revised))) == set(revised)


def test_a_catalog_from_before_text_hashes_gains_the_column_and_reuses_nothing_it_cannot_vouch_for(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    ingest(policy.parent)
    rows = list(index.catalog.iter_keyword_rows())
    index.catalog.db.execute("DROP INDEX chunks_by_text_hash")
    index.catalog.db.execute("ALTER TABLE chunks DROP COLUMN text_hash")  # the older schema
    index.catalog.close()

    reopened = open_index(tmp_path / "db", embeddings)

    assert list(reopened.catalog.iter_keyword_rows()) == rows  # nothing lost
    hashes = [text_hash(t) for t in search_texts(reopened).values()]
    assert reopened.catalog.chunk_ids_by_text_hash(hashes) == {}
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")
    report = ingest_into(reopened, policy.parent)
    assert len(report.updated) == 1 and report.embedded == report.chunks  # all embedded afresh
    assert len(reopened.catalog.chunk_ids_by_text_hash(
        [text_hash(t) for t in search_texts(reopened).values()])) == report.chunks


def test_tokens_from_another_tokenizer_are_remade_when_the_index_opens(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    ingest(POLICIES)
    made = list(index.catalog.iter_keyword_rows())
    db = index.catalog.db
    db.execute("UPDATE chunks SET tokens = 'stale'")
    db.execute("UPDATE meta SET value = 'jieba-0.42.1 search' WHERE key = 'tokenizer'")
    version = index.catalog.version()
    index.catalog.close()

    reopened = open_index(tmp_path / "db", embeddings)

    assert list(reopened.catalog.iter_keyword_rows()) == made
    assert reopened.catalog.tokenizer() == TOKENIZER and reopened.catalog.version() > version
    again = open_index(tmp_path / "db2", embeddings)
    assert again.catalog.tokenizer() == TOKENIZER and again.catalog.version() == 0  # empty: recorded only


def test_keyword_tokens_are_the_search_text_tokenized(ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    chunk_id, tokens = next(index.catalog.iter_keyword_rows())
    chunk, document = index.catalog.chunks_by_id([chunk_id])[chunk_id]

    assert keyword_tokens(document, chunk) == tokens
    assert document.title[:4] in search_text(document, chunk)


def test_chunk_records_in_chroma_hold_the_span_but_no_text_or_token_count(
        ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    stored = index.store.chunks.get(include=["metadatas", "documents"])

    assert stored["documents"] and set(stored["documents"]) == {""}
    for meta in stored["metadatas"] or []:
        assert {"doc_id", "ord", "start", "end", "section", "kind"} <= set(meta)
        assert "n_tiktoken" not in meta and "text" not in meta


def test_catalog_rebuilt_from_chroma_answers_the_same(ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    searcher = HybridSearcher(index, dense_weight=0.4, candidates=40)
    question = "博士后工作站建设目标"
    before = [e.chunk.chunk_id for e in searcher.search(question, k=3)]
    chunk_ids = [cid for cid, _ in index.catalog.iter_keyword_rows()]
    records_before = index.catalog.chunks_by_id(chunk_ids)

    restored = index.rebuild_catalog()

    assert restored == 2
    assert [e.chunk.chunk_id for e in searcher.search(question, k=3)] == before
    assert index.catalog.chunks_by_id(chunk_ids) == records_before  # texts cut from the clean text again


def test_chunks_stored_with_an_n_tiktoken_by_older_versions_still_rebuild(
        ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    chunk_ids = [cid for cid, _ in index.catalog.iter_keyword_rows()]
    records_before = index.catalog.chunks_by_id(chunk_ids)
    stored = index.store.chunks.get(ids=chunk_ids, include=["metadatas"])
    index.store.chunks.update(ids=stored["ids"],
                              metadatas=[{**m, "n_tiktoken": 42} for m in stored["metadatas"] or []])

    assert index.rebuild_catalog() == 2
    assert index.catalog.chunks_by_id(chunk_ids) == records_before
