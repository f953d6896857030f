"""The hybrid searcher as a LangChain retriever: Documents carry their Evidence; filters come per call."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from langchain_core.documents import Document

from core.records import ChunkRecord, DocumentRecord, Evidence, Filters
from tests.conftest import POLICIES, ingest_into
from vectorstore.index import open_index
from vectorstore.langchain_retriever import PolicyRetriever, evidence_from_document, evidence_to_document
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher


@pytest.fixture(scope="module")
def retriever(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> PolicyRetriever:
    index = open_index(tmp_path_factory.mktemp("db"), embeddings)
    ingest_into(index, POLICIES)
    return PolicyRetriever(searcher=HybridSearcher(index, dense_weight=0.4, candidates=40), k=2)


def test_the_retriever_returns_k_documents_with_citation_metadata(retriever: PolicyRetriever) -> None:
    documents = retriever.invoke("创新券申请截止时间")

    assert len(documents) == 2
    assert {"source", "title", "section", "start", "end", "chunk_id", "score"} <= set(documents[0].metadata)
    assert any("6月30日" in d.page_content for d in documents)
    assert all(evidence_from_document(d).chunk.text == d.page_content for d in documents)


def test_filters_are_passed_with_each_call_and_leave_the_retriever_unchanged(
        retriever: PolicyRetriever) -> None:
    question = "补贴标准"
    with ThreadPoolExecutor(2) as pool:
        narrowed, everywhere = pool.map(
            lambda filters: retriever.invoke(question, filters=filters),
            [Filters(document="lanxi_subsidy.txt"), None])

    assert {d.metadata["source"] for d in narrowed} == {"lanxi_subsidy.txt"}
    assert retriever.invoke(question, filters=Filters(region="拉萨")) == []
    assert [d.id for d in retriever.invoke(question)] == [d.id for d in everywhere]


def _evidence() -> Evidence:
    text = "每家企业每年最高20万元。"
    document = DocumentRecord("doc", "/p/a.txt", "a.txt", "某县创新券办法", "标题\n" + text, "某县",
                              date="2024-03-08", doc_type="办法")
    return Evidence(ChunkRecord("doc:00002", "doc", 2, 3, 3 + len(text), ("二、标准", "(一)补助"), text,
                                "表头"), document, 0.75)


def test_a_document_gives_back_the_evidence_it_was_made_from() -> None:
    evidence = _evidence()

    assert evidence_from_document(evidence_to_document(evidence)) is evidence


def test_evidence_is_rebuilt_from_the_metadata_of_any_retrievers_documents() -> None:
    metadata = {k: v for k, v in evidence_to_document(_evidence()).metadata.items() if k != "evidence"}

    rebuilt = evidence_from_document(Document(page_content="每家企业每年最高20万元。", metadata=metadata))

    assert rebuilt.chunk.chunk_id == "doc:00002" and rebuilt.chunk.doc_id == "doc"
    assert (rebuilt.chunk.start, rebuilt.chunk.end) == (3, 3 + len("每家企业每年最高20万元。"))
    assert rebuilt.chunk.section == ("二、标准", "(一)补助") and rebuilt.chunk.context == "表头"
    assert (rebuilt.document.source, rebuilt.document.title) == ("a.txt", "某县创新券办法")
    assert rebuilt.document.region == "某县"
    assert rebuilt.score == 0.75 and rebuilt.section_path == "二、标准 > (一)补助"


def test_a_bare_document_still_makes_citable_evidence() -> None:
    rebuilt = evidence_from_document(Document(page_content="对新引进的博士给予生活补贴。", id="x:00001",
                                              metadata={"source": "b.txt"}))

    assert (rebuilt.chunk.chunk_id, rebuilt.chunk.doc_id, rebuilt.document.title) == ("x:00001", "x", "b.txt")
    assert (rebuilt.chunk.start, rebuilt.chunk.end) == (0, len("对新引进的博士给予生活补贴。"))
