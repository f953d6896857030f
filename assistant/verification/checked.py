"""What the answer check returns: the checked text, and per cited source a citation with an exact quote."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    quote: str  # an exact substring of the document's clean text
    start: int
    end: int
    chunk_id: str
    doc_status: str = ""  # the document's status on the day answered (core.knowledge.STATUSES); "" until known


@dataclass(frozen=True)
class CheckedAnswer:
    text: str
    citations: list[Citation]
    removed_sentences: list[str]  # sentences dropped because a figure had no support
    refused: bool
