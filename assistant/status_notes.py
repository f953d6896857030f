"""A checked answer + the status of the documents it cites -> a note when one is a draft or no longer in force.

A portal visitor reads a cited answer as current policy; an answer drawn from a 征求意见稿 or from a
notice whose validity has ended says so in its text, not only in a badge.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

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
    """The answer with one note per cited document that is a draft, expired, repealed or not yet in
    force (as of `today`); unchanged otherwise."""
    notes: dict[str, str] = {}
    for citation in answer.citations:
        stored = status_of(doc_id_of(citation.chunk_id))
        if stored is not None and (note := _note(citation.title, status_on(stored, today))):
            notes.setdefault(citation.title, note)
    if not notes:
        return answer
    return CheckedAnswer(answer.text + "".join(notes.values()), answer.citations, answer.removed_sentences,
                         answer.refused)
