"""Tests for ingest.counting: spans counted clause by clause, each clause once."""

from __future__ import annotations

from ingest.counting import clause_counter
from tests.ingest.counters import RecordingCounter


def test_clause_counter_counts_each_clause_once_and_sums() -> None:
    seen: list[str] = []

    def count(text: str) -> int:
        seen.append(text)
        return len(text)

    summed = clause_counter(count)
    assert summed("一是甲乙，丙丁。二是戊。") == len("一是甲乙，丙丁。二是戊。")
    assert summed("一是甲乙，丙丁。") == len("一是甲乙，丙丁。")
    assert seen == ["一是甲乙，", "丙丁。", "二是戊。"]


def test_a_documents_clauses_are_counted_up_front_in_one_call() -> None:
    counter = RecordingCounter()

    summed = clause_counter(counter.count, "一是甲乙，丙丁。二是戊。一是甲乙，", counter.count_many)

    assert counter.calls == [["一是甲乙，", "丙丁。", "二是戊。"]]  # each clause once
    assert summed("丙丁。二是戊。") == 7 and counter.alone == []
    assert summed("新的一句") == 4 and counter.alone == ["新的一句"]  # outside the document: counted alone
