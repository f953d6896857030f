"""Streamed release: complete clauses are shown at once unless a figure in them is in no source."""

from __future__ import annotations

from assistant.verification.release import Release
from core.records import ChunkRecord, DocumentRecord, Evidence

SUBSIDY = "每家企业每年最高20万元。"


def _release() -> Release:
    document = DocumentRecord("d", "/p/a.txt", "a.txt", "某县办法", SUBSIDY, "某县")
    evidence = Evidence(ChunkRecord("d:00000", "d", 0, 0, len(SUBSIDY), (), SUBSIDY), document, 1.0)
    return Release([evidence], "2024年补助多少?")


def test_text_waits_for_the_end_of_its_clause() -> None:
    release = _release()

    assert release.feed("每家企业") == ""
    assert release.feed("最高20万元[1]。每年") == "每家企业最高20万元[1]。"


def test_a_clause_with_a_figure_no_source_has_is_held_back() -> None:
    release = _release()

    assert release.feed("另有9亿元，最高20万元，") == "最高20万元，"


def test_figures_of_the_question_may_be_shown() -> None:
    assert _release().feed("2024年的标准：") == "2024年的标准："
