"""Quotes: each citation quotes the exact run of source sentences that best backs what cites it."""

from __future__ import annotations

from assistant.verification.quotes import best_quote, cite
from core.records import ChunkRecord, DocumentRecord, Evidence

TEXT = "一、支持标准\n按实际支出的50%给予补助。每家企业每年最高20万元。\n二、申请时间\n每年6月30日前提交申请。"


def _passage(start: int = 100) -> Evidence:
    clean = "x" * start + TEXT
    document = DocumentRecord("d", "/p/a.txt", "a.txt", "某县科技创新券实施办法", clean, "某县")
    chunk = ChunkRecord("d:00003", "d", 3, start, start + len(TEXT), ("二、支持标准",), TEXT)
    return Evidence(chunk, document, 1.0)


def test_the_quote_is_the_sentence_that_backs_the_answer() -> None:
    start, end = best_quote(["每家企业每年最高20万元"], _passage())

    assert TEXT[start:end] == "每家企业每年最高20万元。"


def test_two_sentences_citing_one_passage_quote_the_run_between_them() -> None:
    start, end = best_quote(["按实际支出的50%给予补助", "每家企业每年最高20万元"], _passage())

    assert TEXT[start:end] == "按实际支出的50%给予补助。每家企业每年最高20万元。"


def test_cite_places_markers_and_quotes_at_document_offsets() -> None:
    evidence = [_passage(), _passage()]

    checked = cite([("每家企业每年最高20万元。", [2]), ("每年6月30日前提交申请", [2])], evidence, ["另有9亿元。"])

    assert checked.text == "每家企业每年最高20万元[2]。每年6月30日前提交申请[2]。"
    citation = checked.citations[0]
    clean = evidence[1].document.clean_text
    assert citation.n == 2 and clean[citation.start:citation.end] == citation.quote
    assert citation.quote.startswith("每家企业") and citation.quote.endswith("提交申请。")
    assert checked.removed_sentences == ["另有9亿元。"] and not checked.refused
