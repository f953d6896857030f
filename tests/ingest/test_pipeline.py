"""Ingestion end to end with real Chroma and the real m3e model: bad files, re-runs, crashes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.pipeline import IngestReport, ingest_paths
from tests.conftest import POLICIES
from vectorstore.index import PolicyIndex, open_index, with_chunks
from vectorstore.keyword import TOKENIZER
from vectorstore.models import SentenceEmbeddings
from core.records import search_text, text_hash
from vectorstore.retrieve import HybridSearcher


@pytest.fixture
def index(tmp_path: Path, embeddings: SentenceEmbeddings) -> PolicyIndex:
    return open_index(tmp_path / "db", embeddings)


@pytest.fixture
def ingest(index: PolicyIndex, embeddings: SentenceEmbeddings,
           count_tiktoken: Callable[[str], int]) -> Callable[..., IngestReport]:
    def run(*paths: Path, prune: bool = False) -> IngestReport:
        return ingest_paths(paths, index, chunk_tokens=120, fingerprint="test", prune=prune,
                            count_tokens=embeddings.count_tokens, count_tiktoken=count_tiktoken,
                            count_many=embeddings.count_tokens_many, progress=False)
    return run


def _chunk_total(index: PolicyIndex) -> int:
    return index.store.chunk_count()


def test_sample_policies_are_ingested_with_metadata(ingest, index: PolicyIndex, tmp_path: Path) -> None:
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
    for chunk_id, _ in index.catalog.keyword_rows():
        chunk, document = index.catalog.chunks_by_id([chunk_id])[chunk_id]
        assert (index.catalog.clean_text(document.doc_id) or "")[chunk.start:chunk.end] == chunk.text


def test_reingesting_the_same_files_adds_nothing(ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    before = (_chunk_total(index), index.catalog.version())

    again = ingest(POLICIES)

    assert len(again.unchanged) == 2 and again.chunks == 0
    assert (_chunk_total(index), index.catalog.version()) == before


def test_changed_file_replaces_its_old_chunks(ingest, index: PolicyIndex, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    ingest(policy.parent)
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(policy.parent)

    assert len(report.updated) == 1
    texts = [index.catalog.chunks_by_id([cid])[cid][0].text for cid, _ in index.catalog.keyword_rows()]
    assert any("35万元" in t for t in texts) and not any("20万元" in t for t in texts)
    assert _chunk_total(index) == len(texts)  # the old version's vectors are gone from Chroma too
    assert len(index.catalog.documents()) == 1


def _search_texts(index: PolicyIndex) -> dict[str, str]:
    """chunk id -> the text its vector was made from, for every committed chunk."""
    chunk_ids = [cid for cid, _ in index.catalog.keyword_rows()]
    return {cid: search_text(d, c) for cid, (c, d) in index.catalog.chunks_by_id(chunk_ids).items()}


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (
        sum(x * x for x in a) ** 0.5 * sum(y * y for y in b) ** 0.5)


def test_an_edited_file_embeds_only_its_changed_passages(
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    first = ingest(policy.parent)
    before = set(_search_texts(index).values())
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(policy.parent)

    after = _search_texts(index)
    changed = [t for t in after.values() if t not in before]
    assert first.embedded == first.chunks and len(report.updated) == 1
    assert 0 < report.embedded == len(changed) < report.chunks == len(after)
    assert f"{report.embedded} embedded, {report.chunks - report.embedded} reused" in report.summary()
    stored = index.store.vectors_of(list(after))
    assert len(stored) == len(after) == index.store.chunk_count()  # the old version's chunks are gone
    for chunk_id, text in after.items():  # reused or new, each vector is its own text's
        assert _cosine(stored[chunk_id], embeddings.embed_query(text)) > 0.999
    found = HybridSearcher(index).search("科技创新券 最高35万元", k=1)[0]
    assert "35万元" in found.chunk.text


def test_a_passage_in_two_documents_is_embedded_once(ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    original = (POLICIES / "lanxi_subsidy.txt").read_text("utf-8")
    (docs / "a.txt").write_text(original, "utf-8")
    (docs / "b.txt").write_text(original.replace("最高20万元", "最高35万元"), "utf-8")  # a revised copy

    report = ingest(docs)  # one write: the shared passages are encoded once within it

    texts = _search_texts(index)
    assert len(report.added) == 2 and report.chunks == len(texts)
    assert report.embedded == len(set(texts.values())) < report.chunks
    stored = index.store.vectors_of(list(texts))
    by_text: dict[str, list[list[float]]] = {}
    for chunk_id, text in texts.items():
        by_text.setdefault(text, []).append(stored[chunk_id])
    shared = [vectors for vectors in by_text.values() if len(vectors) == 2]
    assert shared and all(a == b for a, b in shared)


def test_a_catalog_from_before_text_hashes_gains_the_column_and_reuses_nothing_it_cannot_vouch_for(
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    policy = tmp_path / "docs" / "lanxi.txt"
    policy.parent.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", policy)
    ingest(policy.parent)
    rows = index.catalog.keyword_rows()
    index.catalog.db.execute("DROP INDEX chunks_by_text_hash")
    index.catalog.db.execute("ALTER TABLE chunks DROP COLUMN text_hash")  # the older schema
    index.catalog.close()

    reopened = open_index(tmp_path / "db", embeddings)

    assert reopened.catalog.keyword_rows() == rows  # nothing lost
    assert reopened.catalog.chunk_ids_by_text_hash([text_hash(t) for t in _search_texts(reopened).values()]) == {}
    policy.write_text(policy.read_text("utf-8").replace("最高20万元", "最高35万元"), "utf-8")
    report = ingest_paths([policy.parent], reopened, chunk_tokens=120, fingerprint="test", progress=False,
                          count_tokens=embeddings.count_tokens, count_tiktoken=len)
    assert len(report.updated) == 1 and report.embedded == report.chunks  # all embedded afresh
    assert len(reopened.catalog.chunk_ids_by_text_hash(
        [text_hash(t) for t in _search_texts(reopened).values()])) == report.chunks


def test_a_stored_vector_missing_from_chroma_is_embedded_again(
        ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    original = (POLICIES / "lanxi_subsidy.txt").read_text("utf-8")
    (docs / "a.txt").write_text(original, "utf-8")
    ingest(docs)
    lost = next(iter(_search_texts(index)))
    index.store.chunks.delete(ids=[lost])  # the catalog vouches for a vector Chroma no longer has
    (docs / "b.txt").write_text(original.replace("最高20万元", "最高35万元"), "utf-8")

    report = ingest(docs)

    texts = _search_texts(index)
    first_doc = lost.split(":")[0] + ":"
    revised = {cid: t for cid, t in texts.items() if not cid.startswith(first_doc)}
    reusable = {t for cid, t in texts.items() if cid.startswith(first_doc) and cid != lost}
    assert texts[lost] in revised.values()  # the revised copy has the passage whose vector is gone
    assert report.embedded == len(set(revised.values()) - reusable)
    assert set(index.store.vectors_of(list(revised))) == set(revised)


def test_bad_files_are_reported_and_do_not_stop_the_run(ingest, index: PolicyIndex, tmp_path: Path) -> None:
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


def test_identical_content_under_two_names_is_indexed_once(ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "a.txt")
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "b.txt")

    report = ingest(docs)

    assert len(report.added) == 1 and "same content" in report.skipped[0].reason
    assert len(index.catalog.documents()) == 1


def test_prune_removes_documents_whose_files_are_gone(ingest, index: PolicyIndex, tmp_path: Path) -> None:
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
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
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
    searcher = HybridSearcher(index)
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
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(POLICIES, docs)
    shutil.copy(docs / "lanxi_subsidy.txt", docs / "lanxi_copy.txt")  # a twin inside one group
    whole = ingest(docs)
    one_group = {cid for cid, _ in index.catalog.keyword_rows()}

    monkeypatch.setattr("ingest.pipeline.WRITE_BATCH_CHUNKS", 1)  # every document its own group
    other = open_index(tmp_path / "other", embeddings)
    grouped = ingest_paths([docs], other, chunk_tokens=120, fingerprint="test", progress=False,
                           count_tokens=embeddings.count_tokens, count_tiktoken=len)

    assert len(whole.added) == len(grouped.added) == 2
    assert [s.path.name for s in whole.skipped] == ["lanxi_subsidy.txt"]  # the later name of the twin
    assert {cid for cid, _ in other.catalog.keyword_rows()} == one_group
    assert other.store.chunk_count() == index.store.chunk_count() == len(one_group)


def test_put_many_refuses_two_versions_of_one_path(ingest, index: PolicyIndex) -> None:
    ingest(POLICIES)
    document = index.catalog.documents()[0]
    chunks = index.catalog.chunks_by_id([cid for cid, _ in index.catalog.keyword_rows()])
    record = with_chunks(document, sorted((c for c, d in chunks.values() if d.doc_id == document.doc_id),
                                          key=lambda c: c.ord))
    other_version = replace(record, doc_id="another-version")

    with pytest.raises(ValueError, match="distinct"):
        index.put_many([record, other_version])
    assert index.catalog.doc_id_at(document.path) == document.doc_id
    assert not index.catalog.unfinished()


def test_each_chunk_keeps_its_own_vector_when_a_write_is_encoded_longest_first(
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings) -> None:
    report = ingest(POLICIES)  # both documents in one write, their chunks encoded in one order
    texts = _search_texts(index)
    stored = index.store.vectors_of(list(texts))

    assert len(report.added) == 2 and len({len(t) for t in texts.values()}) > 1
    assert len(stored) == len(texts)
    for chunk_id, text in texts.items():
        assert _cosine(stored[chunk_id], embeddings.embed_query(text)) > 0.999


def test_document_records_keep_the_clean_text_packed_and_older_plain_records_still_read(
        ingest, index: PolicyIndex) -> None:
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


def test_tokens_from_another_tokenizer_are_remade_when_the_index_opens(
        ingest, index: PolicyIndex, embeddings: SentenceEmbeddings, tmp_path: Path) -> None:
    ingest(POLICIES)
    made = index.catalog.keyword_rows()
    db = index.catalog.db
    db.execute("UPDATE chunks SET tokens = 'stale'")
    db.execute("UPDATE meta SET value = 'jieba-0.42.1 search' WHERE key = 'tokenizer'")
    version = index.catalog.version()
    index.catalog.close()

    reopened = open_index(tmp_path / "db", embeddings)

    assert reopened.catalog.keyword_rows() == made
    assert reopened.catalog.tokenizer() == TOKENIZER and reopened.catalog.version() > version
    again = open_index(tmp_path / "db2", embeddings)
    assert again.catalog.tokenizer() == TOKENIZER and again.catalog.version() == 0  # empty: recorded only
