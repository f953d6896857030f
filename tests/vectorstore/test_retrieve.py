"""Hybrid retrieval over a real embedded Chroma: modes, citation fields, filters, regions."""

from __future__ import annotations

import datetime

import pytest

from core.records import SCORE_RANGE, Filters
from tests.conftest import POLICIES, ingest_into
from vectorstore.index import open_index
from vectorstore.models import SentenceEmbeddings
from vectorstore.retrieve import HybridSearcher

TODAY = datetime.date.today()


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> HybridSearcher:
    index = open_index(tmp_path_factory.mktemp("db"), embeddings)
    ingest_into(index, POLICIES)
    return HybridSearcher(index, dense_weight=0.4, candidates=40)


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_question_finds_the_passage_with_the_answer(searcher: HybridSearcher, mode: str) -> None:
    found = searcher.search("领军人才的安家补贴是多少?", k=3, mode=mode)  # type: ignore[arg-type]

    assert any("100万元" in e.chunk.text for e in found)
    assert found[0].document.source == "jiangshan_talent.md"


def test_results_carry_citation_fields(searcher: HybridSearcher) -> None:
    best = searcher.search("检验检测服务按实际支出的多少比例补助", k=1)[0]

    assert "50%" in best.chunk.text
    assert best.section_path.startswith("二、支持标准")
    clean = searcher.index.catalog.clean_text(best.chunk.doc_id) or ""
    assert clean[best.chunk.start:best.chunk.end] == best.chunk.text
    assert SCORE_RANGE[0] < best.score <= SCORE_RANGE[1]


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


def test_fusion_weight_and_candidates_come_from_the_caller(searcher: HybridSearcher) -> None:
    question = "领军人才的安家补贴是多少?"
    dense_only = HybridSearcher(searcher.index, dense_weight=1.0, candidates=40)
    few = HybridSearcher(searcher.index, dense_weight=0.4, candidates=1)

    assert [e.chunk.chunk_id for e in dense_only.search(question, k=3)] == \
        [e.chunk.chunk_id for e in searcher.search(question, k=3, mode="dense")]
    assert len(few.search(question, k=5, mode="bm25")) == 1
    with pytest.raises(TypeError):
        HybridSearcher(searcher.index)  # type: ignore[call-arg]  # Settings are the only defaults


def test_a_question_naming_two_regions_gets_passages_from_both(searcher: HybridSearcher) -> None:
    question = "兰溪市和江山市对博士研究生引进分别定了什么目标?"
    plain = searcher._ranked(question, 2, None, "hybrid")  # what one ranking over all documents gives

    found = searcher.search(question, k=2)

    assert {e.document.region for e in plain} == {"江山市"}  # the talent document crowds out Lanxi
    assert [e.document.region for e in found] == ["兰溪市", "江山市"]  # in the order named
    assert searcher.search(question, k=2, filters=Filters(region="江山")) == \
        searcher._ranked(question, 2, searcher.index.catalog.matching_doc_ids(Filters(region="江山"), TODAY), "hybrid")


def test_the_document_list_is_read_again_only_when_the_catalog_changes(
        searcher: HybridSearcher, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = searcher.documents()
    reads: list[int] = []
    real = searcher.index.catalog.documents
    monkeypatch.setattr(searcher.index.catalog, "documents", lambda: reads.append(1) or real())

    assert searcher.documents() is listed and reads == []
    monkeypatch.setattr(searcher.index.catalog, "version", lambda: -2)  # as after a commit
    assert searcher.documents() == listed and reads == [1]
    assert {d.source for d in listed} and all(d.clean_text == "" for d in listed)
