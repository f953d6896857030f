"""Hybrid retrieval over a real embedded Chroma and a real `chroma run` server."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths
from tests.conftest import POLICIES
from tests.processes import free_port, listening, stop, wait_until
from core.records import Filters
from core.errors import ChromaUnavailableError, PolicyQAError
from vectorstore.index import PolicyIndex, open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher, PolicyRetriever


def _fill(index: PolicyIndex, embeddings: SentenceEmbeddings, count_tiktoken: Callable[[str], int]) -> None:
    ingest_paths([POLICIES], index, chunk_tokens=120, fingerprint="test", progress=False,
                 count_tokens=embeddings.count_tokens, count_tiktoken=count_tiktoken)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings,
             count_tiktoken: Callable[[str], int]) -> HybridSearcher:
    index = open_index(tmp_path_factory.mktemp("db"), embeddings)
    _fill(index, embeddings, count_tiktoken)
    return HybridSearcher(index)


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_question_finds_the_passage_with_the_answer(searcher: HybridSearcher, mode: str) -> None:
    found = searcher.search("领军人才的安家补贴是多少?", k=3, mode=mode)

    assert any("100万元" in e.chunk.text for e in found)
    assert found[0].document.source == "jiangshan_talent.md"


def test_results_carry_citation_fields(searcher: HybridSearcher) -> None:
    best = searcher.search("检验检测服务按实际支出的多少比例补助", k=1)[0]

    assert "50%" in best.chunk.text
    assert best.section_path.startswith("二、支持标准")
    clean = searcher.index.catalog.clean_text(best.chunk.doc_id) or ""
    assert clean[best.chunk.start:best.chunk.end] == best.chunk.text
    assert best.chunk.n_tiktoken > 0 and 0 < best.score <= 1.0


def test_split_table_keeps_its_header_as_context(searcher: HybridSearcher) -> None:
    found = searcher.search("青年人才补贴多少万元", k=5)

    table = next(e for e in found if "青年人才" in e.chunk.text)
    assert table.chunk.kind == "table"
    assert "类别" in table.chunk.context + table.chunk.text


def test_filters_narrow_by_region_document_type_and_date(searcher: HybridSearcher) -> None:
    question = "补贴标准"
    by_region = searcher.search(question, k=10, filters=Filters(region="江山"))
    by_document = searcher.search(question, k=10, filters=Filters(document="lanxi_subsidy.txt"))
    by_type = searcher.search(question, k=10, filters=Filters(doc_type="办法"))
    by_date = searcher.search(question, k=10, filters=Filters(date_from="2024-04-01"))
    nowhere = searcher.search(question, k=10, filters=Filters(region="拉萨"))

    assert by_region and {e.document.source for e in by_region} == {"jiangshan_talent.md"}
    assert by_document and {e.document.source for e in by_document} == {"lanxi_subsidy.txt"}
    assert by_type and {e.document.source for e in by_type} == {"lanxi_subsidy.txt"}
    assert by_date and {e.document.source for e in by_date} == {"jiangshan_talent.md"}
    assert nowhere == []


def test_no_near_duplicates_in_results(searcher: HybridSearcher) -> None:
    found = searcher.search("人才 补贴 创新券", k=10)
    texts = [e.chunk.text for e in found]

    assert len(texts) == len(set(texts))


def test_langchain_retriever_returns_documents_with_metadata(searcher: HybridSearcher) -> None:
    documents = PolicyRetriever(searcher=searcher, k=2).invoke("创新券申请截止时间")

    assert len(documents) == 2
    assert {"source", "title", "section", "start", "end", "chunk_id"} <= set(documents[0].metadata)
    assert any("6月30日" in d.page_content for d in documents)


def test_catalog_rebuilt_from_chroma_answers_the_same(searcher: HybridSearcher) -> None:
    question = "博士后工作站建设目标"
    before = [e.chunk.chunk_id for e in searcher.search(question, k=3)]
    catalog = searcher.index.catalog
    chunk_ids = [cid for cid, _ in catalog.keyword_rows()]
    records_before = catalog.chunks_by_id(chunk_ids)

    restored = searcher.index.rebuild_catalog()

    assert restored == 2
    assert [e.chunk.chunk_id for e in searcher.search(question, k=3)] == before
    assert catalog.chunks_by_id(chunk_ids) == records_before  # texts cut from the clean text again


def test_opening_with_another_embedding_model_is_refused(tmp_path: Path, embeddings: SentenceEmbeddings,
                                                          count_tiktoken: Callable[[str], int]) -> None:
    index = open_index(tmp_path / "db", embeddings)
    _fill(index, embeddings, count_tiktoken)

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
                                                embeddings: SentenceEmbeddings,
                                                count_tiktoken: Callable[[str], int]) -> None:
    writer = open_index(tmp_path / "writer", embeddings, chroma_url=chroma_server)
    _fill(writer, embeddings, count_tiktoken)
    # A second app instance with an empty local directory rebuilds its keyword index from the server.
    reader = open_index(tmp_path / "reader", embeddings, chroma_url=chroma_server)

    found = HybridSearcher(reader).search("领军人才的安家补贴是多少?", k=3)

    assert not (tmp_path / "writer" / "chroma").exists()
    assert len(reader.catalog.documents()) == 2
    assert any("100万元" in e.chunk.text for e in found)


def test_unreachable_chroma_server_says_what_to_do(tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    with pytest.raises(ChromaUnavailableError, match="chroma run"):
        open_index(tmp_path, embeddings, chroma_url=f"http://127.0.0.1:{free_port()}")


def test_a_question_naming_two_regions_gets_passages_from_both(searcher: HybridSearcher) -> None:
    question = "兰溪市和江山市对博士研究生引进分别定了什么目标?"
    plain = searcher._ranked(question, 2, None, "hybrid")  # what one ranking over all documents gives

    found = searcher.search(question, k=2)

    assert {e.document.region for e in plain} == {"江山市"}  # the talent document crowds out Lanxi
    assert [e.document.region for e in found] == ["兰溪市", "江山市"]  # in the order named
    assert searcher.search(question, k=2, filters=Filters(region="江山")) == \
        searcher._ranked(question, 2, searcher.index.catalog.matching_doc_ids(Filters(region="江山")), "hybrid")
