"""An Answer -> AnswerOut, the one typed JSON answer: `ask --json`, /api/ask, its SSE final event,
/v1's citations and the eval log all serialise it."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field, JsonValue

from assistant.chain import Answer


class CitationOut(BaseModel):
    """A cited sentence: `quote` is the source document's clean text from `start` to `end`."""

    n: int = Field(description="the [n] marker that cites it in the answer")
    source: str = Field(description="the document's file name")
    title: str
    section: str = Field(description="the heading path above the quote")
    quote: str
    start: int
    end: int
    doc_status: str = Field(description="the document's status on the day answered: in_force | draft | expired | "
                                        "not_yet_effective | repealed | unknown")


class TimingsOut(BaseModel):
    """Seconds from the question; null when that step did not happen."""

    retrieve_s: float | None = None
    first_token_s: float | None = None
    total_s: float | None = None


class AnswerOut(BaseModel):
    """The answer contract of `python -m assistant ask --json`; keys and their order are fixed."""

    id: JsonValue = Field(default=None, description="the caller's id, echoed")
    answer: str = Field(description="the answer; [n] markers cite `citations`")
    refused: bool = Field(description="the indexed policies do not answer the question")
    backend: str = Field(description="who wrote the answer: local | openai | extractive")
    citations: list[CitationOut]
    query: str = Field(description="what was searched (a follow-up is rewritten with its history)")
    timings: TimingsOut


def answer_out(answer: Answer, item_id: JsonValue = None) -> AnswerOut:
    """The typed answer; `item_id` is the caller's id, echoed."""
    return AnswerOut(
        id=item_id, answer=answer.answer, refused=answer.refused, backend=answer.backend,
        citations=[CitationOut(n=c.n, source=c.source, title=c.title, section=c.section,
                               quote=c.quote, start=c.start, end=c.end, doc_status=c.doc_status or "unknown")
                   for c in answer.citations],
        query=answer.query,
        timings=TimingsOut(**{key: answer.timings.get(key) for key in TimingsOut.model_fields}))


def answer_json(out: BaseModel, *, indent: int | None = None) -> str:
    """The JSON text of an answer, as the CLI has always printed it (non-ASCII kept as is)."""
    return json.dumps(out.model_dump(mode="json"), ensure_ascii=False, indent=indent)
