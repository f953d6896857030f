"""vectorstore.store: Chroma embedded and as a real `chroma run` server, packed document records."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.errors import ChromaUnavailableError, PolicyQAError
from ingest.pipeline import IngestReport
from tests.conftest import POLICIES, ingest_into
from tests.processes import free_port, listening, stop, wait_until
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher
from vectorstore.store import encode_list, pack_text, unpack_text

Ingest = Callable[..., IngestReport]


def test_packed_text_round_trips_and_is_ascii() -> None:
    text = "第一条 为加强科技创新，制定本办法。\n指标 | 2025年 |\n" * 20

    packed = pack_text(text)

    assert packed.isascii() and "科技" not in packed and len(packed) < len(text.encode())
    assert unpack_text(packed) == text


def test_lists_travel_as_json_strings() -> None:
    assert encode_list(("一、总体要求", "（一）目标")) == '["一、总体要求", "（一）目标"]'


def test_document_records_keep_the_clean_text_packed_and_older_plain_records_still_read(
        ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    stored = {doc_id: text for doc_id, text, _ in index.store.all_documents()}
    raw = index.store.documents.get(include=["documents", "metadatas"])

    assert stored == {d.doc_id: index.catalog.clean_text(d.doc_id) for d in index.catalog.documents()}
    assert raw["documents"] == ["", ""]  # nothing for Chroma's full-text index to tokenise
    longest_line = max((stored[raw["ids"][0]] or "").split("\n"), key=len)
    assert all(longest_line not in str(meta) for meta in raw["metadatas"] or [])  # packed, opaque

    index.store.documents.upsert(ids=["older"], embeddings=[[0.0]], documents=["旧格式的全文。"],
                                 metadatas=[{"path": "/old.txt"}])
    older = {doc_id: (text, meta) for doc_id, text, meta in index.store.all_documents()}["older"]
    assert older == ("旧格式的全文。", {"path": "/old.txt"})


def test_stored_vectors_leave_out_unknown_ids_and_a_query_over_no_documents_finds_nothing(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings) -> None:
    ingest(POLICIES)
    chunk_id, _ = next(index.catalog.iter_keyword_rows())
    vector = embeddings.embed_query("创新券")

    assert list(index.store.vectors_of([chunk_id, "nowhere:00000"])) == [chunk_id]
    assert index.store.query(vector, 3, doc_ids=[]) == []
    hits = index.store.query(vector, 3)
    assert len(hits) == 3 and all(-1.0 <= h.score <= 1.0 for h in hits)


def test_chunks_of_a_document_are_deleted_with_it(ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    doc_id = index.catalog.documents()[0].doc_id
    assert index.store.chunks_of(doc_id)

    index.store.delete_document(doc_id)

    assert index.store.chunks_of(doc_id) == []
    assert doc_id not in {d for d, _, _ in index.store.all_documents()}


def test_opening_with_another_embedding_model_is_refused(tmp_path: Path,
                                                          embeddings: SentenceEmbeddings) -> None:
    index = open_index(tmp_path / "db", embeddings)
    ingest_into(index, POLICIES)

    other = SentenceEmbeddings(embeddings.model, "some-other-model")
    with pytest.raises(PolicyQAError, match="POLICYQA_EMBEDDING_MODEL=m3e-small"):
        open_index(tmp_path / "db", other)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    log_path = tmp_path_factory.mktemp("chroma-log") / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path_factory.mktemp("server")),
                                    "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log)
    try:
        wait_until(lambda: listening(port),
                   timeout_s=60, what="chroma run", process=process, log=log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def test_same_code_runs_against_a_chroma_server(chroma_server: str, tmp_path: Path,
                                                embeddings: SentenceEmbeddings) -> None:
    writer = open_index(tmp_path / "writer", embeddings, chroma_url=chroma_server)
    ingest_into(writer, POLICIES)
    # A second app instance with an empty local directory rebuilds its keyword index from the server.
    reader = open_index(tmp_path / "reader", embeddings, chroma_url=chroma_server)

    found = HybridSearcher(reader, dense_weight=0.4, candidates=40).search("领军人才的安家补贴是多少?", k=3)

    assert not (tmp_path / "writer" / "chroma").exists()
    assert len(reader.catalog.documents()) == 2
    assert any("100万元" in e.chunk.text for e in found)


def test_unreachable_chroma_server_says_what_to_do(tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    with pytest.raises(ChromaUnavailableError, match="chroma run"):
        open_index(tmp_path, embeddings, chroma_url=f"http://127.0.0.1:{free_port()}")
