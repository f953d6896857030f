"""A checked answer + the status of the documents it cites -> a note when one is a draft or no longer in force.

A portal visitor reads a cited answer as current policy; an answer drawn from a 征求意见稿 or from a
notice whose validity has ended says so in its text, not only in a badge.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace

from assistant.verification import CheckedAnswer
from core.knowledge import DocumentStatus, status_on
from core.records import doc_id_of

StatusOf = Callable[[str], "DocumentStatus | None"]  # a document id -> its stored status


def _note(title: str, status: DocumentStatus) -> str:
    if status.status == "draft":
        return f"（依据《{title}》，为征求意见稿，尚未正式发布。）"
    if status.status == "expired":
        until = f"有效期至{status.valid_until}，" if status.valid_until else ""
        return f"（《{title}》{until}已失效。）"
    if status.status == "repealed":
        return f"（《{title}》已废止。）"
    if status.status == "not_yet_effective":
        since = f"自{status.valid_from}起施行，" if status.valid_from else ""
        return f"（《{title}》{since}尚未生效。）"
    return ""


def status_noted(answer: CheckedAnswer, status_of: StatusOf, today: datetime.date) -> CheckedAnswer:
    """The answer with each citation's `doc_status` as of `today` ("unknown" when never read), and
    one note per cited document that is a draft, expired, repealed or not yet in force."""
    notes: dict[str, str] = {}
    citations = []
    for citation in answer.citations:
        stored = status_of(doc_id_of(citation.chunk_id))
        current = status_on(stored, today) if stored is not None else None
        citations.append(replace(citation, doc_status=current.status if current else "unknown"))
        if current is not None and (note := _note(citation.title, current)):
            notes.setdefault(citation.title, note)
    return CheckedAnswer(answer.text + "".join(notes.values()), citations, answer.removed_sentences,
                         answer.refused)
