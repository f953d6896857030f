"""The UI's event handlers: a question streams into chat + evidence; feedback; catalog; uploads."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.backends import BACKENDS
from assistant.history import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS
from assistant.result import AnswerOut, answer_out
from core.errors import PolicyQAError
from core.records import Evidence, Filters
from web.rendering import (
    answer_html,
    documents_html,
    evidence_html,
    evidence_panel,
    ingest_report_html,
    sources_footer,
    sources_text,
)
from web.service import AppParts, BusyError, QAService
from web.uploads import UploadRefusedError

NO_REGION, NO_DOCUMENT = "全部地区", "全部文件"


@dataclass(frozen=True)
class Turn:
    """One answered question, as the chat keeps it (in a gr.State)."""

    id: str  # new for every answer, even a regenerated identical one
    question: str
    result: AnswerOut
    evidence_html: str


def backend_label(name: str) -> str:
    """Who wrote an answer, in the UI's words."""
    return BACKENDS[name].label if name in BACKENDS else name


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """Gradio 6 chat messages; text is escaped, [n] markers link to this turn's sources."""
    messages = []
    for number, turn in enumerate(turns, 1):
        messages += [{"role": "user", "content": escape(turn.question)},
                     {"role": "assistant", "content": answer_html(turn.result.answer, number)
                      + sources_footer(turn.result.citations, number)}]
    return messages


def _status(turn: Turn) -> str:
    result = turn.result
    parts = [f"依据 {len(result.citations)} 处原文" if result.citations else "没有引用原文",
             backend_label(result.backend), f"用时 {result.timings.total_s or 0.0:.1f} 秒"]
    searched = (f'<span class="query">检索用语:{escape(result.query)}</span>'
                if result.query != turn.question else "")
    return (f'<div class="answer-status" data-answer="{turn.id}">{" · ".join(parts)}{searched}'
            "</div>")


def _pending(text: str) -> str:
    return f'<div class="answer-status">{text}</div>'


def _copy_text(turn: Turn) -> str:
    sources = sources_text(turn.result.citations)
    return turn.result.answer + (f"\n\n{sources}" if sources else "")


def _checked_question(question: str | None, turns: list[Turn]) -> str:
    text = (question or "").strip()
    if not text:
        raise gr.Error("请先输入问题。")
    if len(text) > MAX_QUESTION_CHARS:
        raise gr.Error(f"问题有 {len(text)} 个字,请控制在 {MAX_QUESTION_CHARS} 字以内,一次问一件事。")
    if len(turns) >= MAX_HISTORY_TURNS:
        raise gr.Error(f"本次对话已有 {MAX_HISTORY_TURNS} 轮,请点“清空对话”后再提问。")
    return text


def make_respond(parts: AppParts) -> Callable[..., Iterator[tuple[Any, ...]]]:
    """(question, turns, region, document) -> chat, evidence panel, turns, copy text, status."""

    def respond(question: str, turns: list[Turn], region: str | None, document: str | None,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        text = _checked_question(question, turns)
        wait = parts.limiter.retry_after(request.client.host if request.client else "unknown")
        if wait:
            raise gr.Error(f"提问太频繁,请 {math.ceil(wait)} 秒后再试。")
        number = len(turns) + 1
        history = [pair for t in turns
                   for pair in (("user", t.question), ("assistant", t.result.answer))]
        sections = [t.evidence_html for t in turns]
        chat = [*chat_messages(turns), {"role": "user", "content": escape(text)},
                {"role": "assistant", "content": "正在检索相关政策文件…"}]
        yield chat, evidence_panel(sections), turns, "", _pending("正在检索…")
        evidence: list[Evidence] = []
        draft = ""
        filters = Filters(region=region or "", document=document or "")
        try:
            for event in parts.service.stream(text, history, filters):
                if event.kind == "evidence":  # sources show before the answer is written
                    evidence = event.evidence
                    chat[-1]["content"] = "已找到相关段落,正在生成回答…" if evidence else "正在生成回答…"
                    pending = evidence_html(evidence, None, turn=number, question=text)
                    yield chat, evidence_panel([*sections, pending]), turns, "", _pending("正在生成回答…")
                elif event.kind == "text":
                    draft += event.text
                    chat[-1]["content"] = answer_html(draft, number)
                    yield chat, gr.skip(), turns, "", gr.skip()
                elif event.kind == "final" and event.answer is not None:
                    result = answer_out(event.answer)
                    turn = Turn(uuid.uuid4().hex[:12], text, result, evidence_html(
                        evidence, result.citations, turn=number, question=text))
                    turns = [*turns, turn]
                    panel = evidence_panel([t.evidence_html for t in turns])
                    yield chat_messages(turns), panel, turns, _copy_text(turn), _status(turn)
        except BusyError as error:
            raise gr.Error("现在提问的人较多,请稍后再试。") from error
        except PolicyQAError as error:
            raise gr.Error(str(error)) from error

    return respond


def regenerate_input(turns: list[Turn]) -> tuple[str, list[Turn]]:
    """The last question again, without its answer."""
    if not turns:
        raise gr.Error("还没有可以重新生成的回答。")
    return turns[-1].question, turns[:-1]


def make_feedback(parts: AppParts, rating: str) -> Callable[[list[Turn], str], tuple[str, str]]:
    """👍/👎 on the latest answer -> stored with its question, citations and backend."""

    def give(turns: list[Turn], comment: str) -> tuple[str, str]:
        if not turns:
            return '<span class="note">还没有可以评价的回答。</span>', comment
        last = turns[-1]
        parts.feedback.record(rating=rating, question=last.question, answer=last.result.answer,
                              citations=[c.model_dump() for c in last.result.citations],
                              backend=last.result.backend, comment=comment or "")
        return '<span class="note">已记录您的评价,谢谢!</span>', ""

    return give


def catalog_views(service: QAService) -> tuple[str, gr.Dropdown, gr.Dropdown]:
    """The documents table and the region/document filter choices."""
    documents, counts = service.documents(), service.chunk_counts()
    regions = sorted({r for d in documents for r in (d.region, *d.regions) if r})
    titles = [(d.title or d.source, d.source) for d in sorted(documents, key=lambda d: d.title)]
    return (documents_html(documents, counts),
            gr.Dropdown(choices=[(NO_REGION, "")] + [(r, r) for r in regions]),
            gr.Dropdown(choices=[(NO_DOCUMENT, "")] + titles))


def make_ingest(parts: AppParts) -> Callable[..., tuple[Any, ...]]:
    """(token, uploaded paths) -> report, documents table, filter choices; with a progress bar."""

    def ingest(token: str, paths: list[str] | None,
               progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio injects it)
               ) -> tuple[Any, ...]:
        if not paths:
            raise gr.Error("请先选择要上传的文件。")
        try:
            report = parts.uploader.ingest(
                [Path(p) for p in paths], token or "",
                on_file=lambda done, total, name: progress(
                    done / total, desc=f"正在建立索引:{name}" if name else "完成"))
        except UploadRefusedError as error:
            raise gr.Error(str(error)) from error
        except BusyError as error:
            raise gr.Error("正在回答其他问题,请稍后再上传。") from error
        return (ingest_report_html(report), *catalog_views(parts.service))

    return ingest
