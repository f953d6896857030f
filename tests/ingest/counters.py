"""A token counter for splitter tests that records what it was asked to count, one by one or in bulk."""

from __future__ import annotations


class RecordingCounter:
    """Counts characters; `calls` holds each bulk call's texts, `alone` each text counted by itself."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.alone: list[str] = []

    def count_many(self, texts: list[str]) -> list[int]:
        self.calls.append(list(texts))
        return [len(t) for t in texts]

    def count(self, text: str) -> int:
        self.alone.append(text)
        return len(text)
