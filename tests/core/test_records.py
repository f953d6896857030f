"""Records: chunk ids are made and read in one place; evidence reads its passage one way."""

from __future__ import annotations

from core.records import (
    ChunkRecord,
    DocumentRecord,
    Evidence,
    Filters,
    doc_id_of,
    make_chunk_id,
    search_text,
    text_hash,
)


def test_chunk_ids_round_trip_even_when_doc_ids_hold_colons() -> None:
    chunk_id = make_chunk_id("a:b", 7)
    assert chunk_id == "a:b:00007"
    assert doc_id_of(chunk_id) == "a:b"


def test_evidence_section_path_and_text_with_context() -> None:
    chunk = ChunkRecord(chunk_id="d:00000", doc_id="d", ord=0, start=0, end=4,
                        section=("一、目标", "（一）总体"), text="达到5%", context="指标 | 2025年 |")
    document = DocumentRecord(doc_id="d", path="/p/d.txt", source="d.txt", title="某市规划", clean_text="")
    evidence = Evidence(chunk, document, 0.5)
    assert evidence.section_path == "一、目标 > （一）总体"
    assert evidence.text_with_context == "指标 | 2025年 |\n达到5%"


def test_search_text_names_the_region_once() -> None:
    chunk = ChunkRecord(chunk_id="d:00000", doc_id="d", ord=0, start=0, end=4, section=("一、目标",), text="达到5%")
    own = DocumentRecord(doc_id="d", path="/p", source="d.txt", title="某市规划", clean_text="", region="某市")
    other = DocumentRecord(doc_id="d", path="/p", source="d.txt", title="规划", clean_text="", region="某市")
    assert search_text(own, chunk).splitlines()[0] == "某市规划"
    assert search_text(other, chunk).splitlines()[0] == "某市 规划"
    assert text_hash("a") != text_hash("b") and len(text_hash("a")) == 32


def test_filters_are_empty_only_without_any_field() -> None:
    assert Filters().is_empty()
    assert not Filters(date_from="2023-01-01").is_empty()
