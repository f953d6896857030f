"""Ingestion end to end with real Chroma and the real m3e model: bad files, re-runs, crashes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from core.records import ChunkRecord, DocumentRecord, doc_id_of, make_chunk_id
from ingest.pipeline import IngestReport, document_id, prepare_document
from tests.conftest import POLICIES, cosine, ingest_into, search_texts
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher

Ingest = Callable[..., IngestReport]


def _searcher(index: PolicyIndex) -> HybridSearcher:
    return HybridSearcher(index, dense_weight=0.4, candidates=40)


def _chunk_total(index: PolicyIndex) -> int:
    return int(index.store.chunks.count())


def test_sample_policies_are_ingested_with_metadata(ingest: Ingest, index: PolicyIndex) -> None:
    report = ingest(POLICIES)

    assert len(report.added) == 2 and not report.skipped
    documents = {d.source: d for d in index.catalog.documents()}
    lanxi = documents["lanxi_subsidy.txt"]
    assert lanxi.title == "兰溪市科技创新券实施办法"
    assert (lanxi.region, lanxi.date, lanxi.doc_type) == ("兰溪市", "2024-03-08", "办法")
    assert documents["jiangshan_talent.md"].date == "2024-05-10"
    assert report.chunks == _chunk_total(index) == sum(index.catalog.chunk_counts().values())
    clean = index.catalog.clean_text(lanxi.doc_id) or ""
    assert "分享到" not in clean and "您当前位置" not in clean
    for chunk_id, _ in index.catalog.iter_keyword_rows():
        chunk, document = index.catalog.chunks_by_id([chunk_id])[chunk_id]
        assert (index.catalog.clean_text(document.doc_id) or "")[chunk.start:chunk.end] == chunk.text


def test_a_prepared_document_is_built_of_records_with_chunk_ids_in_order() -> None:
    raw = (POLICIES / "lanxi_subsidy.txt").read_text("utf-8")
    doc_id = document_id(raw.encode(), "test")

    document = prepare_document(Path("/docs/lanxi.txt"), raw, "", doc_id, chunk_tokens=120, count_tokens=len)

    assert isinstance(document, DocumentRecord) and document.source == "lanxi.txt"
    assert document.region == "兰溪市" and document.chunks
    assert all(isinstance(c, ChunkRecord) for c in document.chunks)
    assert [c.chunk_id for c in document.chunks] == [make_chunk_id(doc_id, n)
                                                     for n in range(len(document.chunks))]
    assert {doc_id_of(c.chunk_id) for c in document.chunks} == {doc_id}
    assert all(document.clean_text[c.start:c.end] == c.text for c in document.chunks)
    assert prepare_document(Path("/docs/empty.txt"), "分享到\n", "", doc_id, chunk_tokens=120,
                            count_tokens=len) is None  # nothing but portal chrome


def test_a_document_id_depends_on_the_bytes_and_the_fingerprint() -> None:
    assert document_id(b"abc", "1|300|m3e-small") == document_id(b"abc", "1|300|m3e-small")
    assert document_id(b"abc", "1|300|m3e-small") != document_id(b"abd", "1|300|m3e-small")
    assert document_id(b"abc", "1|300|m3e-small") != document_id(b"abc", "1|200|m3e-small")


def test_reingesting_the_same_files_adds_nothing(ingest: Ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    before = (_chunk_total(index), index.catalog.version())

    again = ingest(POLICIES)

    assert len(again.unchanged) == 2 and again.chunks == 0
    assert (_chunk_total(index), index.catalog.version()) == before


def test_changed_file_replaces_its_old_chunks(ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    ingest(policy.parent)
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(policy.parent)

    assert len(report.updated) == 1
    texts = [index.catalog.chunks_by_id([cid])[cid][0].text for cid, _ in index.catalog.iter_keyword_rows()]
    assert any("35万元" in t for t in texts) and not any("20万元" in t for t in texts)
    assert _chunk_total(index) == len(texts)  # the old version's vectors are gone from Chroma too
    assert len(index.catalog.documents()) == 1


def test_an_edited_file_embeds_only_its_changed_passages(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    first = ingest(policy.parent)
    before = set(search_texts(index).values())
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(policy.parent)

    after = search_texts(index)
    changed = [t for t in after.values() if t not in before]
    assert first.embedded == first.chunks and len(report.updated) == 1
    assert 0 < report.embedded == len(changed) < report.chunks == len(after)
    assert f"{report.embedded} embedded, {report.chunks - report.embedded} reused" in report.summary()
    stored = index.store.vectors_of(list(after))
    assert len(stored) == len(after) == _chunk_total(index)  # the old version's chunks are gone
    for chunk_id, text in after.items():  # reused or new, each vector is its own text's
        assert cosine(stored[chunk_id], embeddings.embed_query(text)) > 0.999
    found = _searcher(index).search("科技创新券 最高35万元", k=1)[0]
    assert "35万元" in found.chunk.text


def test_bad_files_are_reported_and_do_not_stop_the_run(ingest: Ingest, index: PolicyIndex,
                                                        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.txt").write_bytes("绍兴市科技局关于研发费用补助的通知\n研发费用按10%给予补助。".encode("gbk"))
    (docs / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (docs / "empty.txt").write_bytes(b"")
    (docs / "chrome_only.html").write_text("<html><body><nav>首页</nav>"
                                           "<p>分享到: | 【打印本页】【关闭本页】 |</p></body></html>", "utf-8")
    (docs / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "lanxi.txt")

    report = ingest(docs, docs / "sheet.xlsx", tmp_path / "missing.txt")

    reasons = {s.path.name: s.reason for s in report.skipped}
    assert set(report_names(report.added)) == {"gbk.txt", "lanxi.txt"}
    assert "binary" in reasons["binary.txt"] and "empty" in reasons["empty.txt"]
    assert "chrome" in reasons["chrome_only.html"] or "empty" in reasons["chrome_only.html"]
    assert "missing.txt" in reasons and "sheet.xlsx" in reasons
    gbk_doc = next(d for d in index.catalog.documents() if d.source == "gbk.txt")
    assert "研发费用按10%给予补助" in (index.catalog.clean_text(gbk_doc.doc_id) or "")
    assert "skipped binary.txt" in report.summary().replace(str(docs) + "/", "")


def report_names(paths: list[str]) -> list[str]:
    return [Path(p).name for p in paths]


def test_identical_content_under_two_names_is_indexed_once(ingest: Ingest, index: PolicyIndex,
                                                           tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "a.txt")
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "b.txt")

    report = ingest(docs)

    assert len(report.added) == 1 and "same content" in report.skipped[0].reason
    assert len(index.catalog.documents()) == 1


def test_prune_removes_documents_whose_files_are_gone(ingest: Ingest, index: PolicyIndex,
                                                      tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(POLICIES, docs)
    ingest(docs)
    (docs / "jiangshan_talent.md").unlink()

    kept = ingest(docs)
    assert len(index.catalog.documents()) == 2 and not kept.removed
    pruned = ingest(docs, prune=True)

    assert report_names(pruned.removed) == ["jiangshan_talent.md"]
    assert [d.source for d in index.catalog.documents()] == ["lanxi_subsidy.txt"]
    assert _chunk_total(index) == sum(index.catalog.chunk_counts().values())


def test_interrupted_ingest_leaves_nothing_half_done_and_rerun_completes(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(POLICIES, docs)
    original = index.catalog.commit_document

    def crash_on_second(document, tokens, **kwargs):  # type: ignore[no-untyped-def]
        if document.source == "lanxi_subsidy.txt":
            raise KeyboardInterrupt("power cut after the vectors were written")
        return original(document, tokens, **kwargs)

    monkeypatch.setattr(index.catalog, "commit_document", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        ingest(docs)
    searcher = _searcher(index)
    found = searcher.search("检验检测服务创新券补助", k=5)
    assert all(e.document.source != "lanxi_subsidy.txt" for e in found)  # never half-visible

    monkeypatch.setattr(index.catalog, "commit_document", original)
    report = ingest(docs)

    assert report.recovered == 1
    assert sorted(d.source for d in index.catalog.documents()) == ["jiangshan_talent.md",
                                                                    "lanxi_subsidy.txt"]
    assert _chunk_total(index) == sum(index.catalog.chunk_counts().values())
    assert searcher.search("检验检测服务创新券补助", k=1)[0].document.source == "lanxi_subsidy.txt"


def test_documents_written_in_several_groups_match_one_group(
        ingest: Ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(POLICIES, docs)
    shutil.copy(docs / "lanxi_subsidy.txt", docs / "lanxi_copy.txt")  # a twin inside one group
    whole = ingest(docs)
    one_group = {cid for cid, _ in index.catalog.iter_keyword_rows()}

    monkeypatch.setattr("ingest.pipeline.WRITE_BATCH_CHUNKS", 1)  # every document its own group
    other = open_index(tmp_path / "other", embeddings)
    grouped = ingest_into(other, docs)

    assert len(whole.added) == len(grouped.added) == 2
    assert [s.path.name for s in whole.skipped] == ["lanxi_subsidy.txt"]  # the later name of the twin
    assert {cid for cid, _ in other.catalog.iter_keyword_rows()} == one_group
    assert _chunk_total(other) == _chunk_total(index) == len(one_group)
