"""Answers, evidence, documents and ingest reports -> HTML for the UI; every text is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from assistant.result import CitationOut
from core.records import DocumentRecord, Evidence
from core.text import MARKER
from ingest.pipeline import IngestReport

EMPTY_EVIDENCE = ('<div class="ev-empty">提问后,这里列出回答所依据的政策原文段落;'
                  '点击回答中的 [1]、[2] 可定位到对应段落。</div>')


def answer_html(text: str, turn: int) -> str:
    """Escaped answer text; each [n] becomes a link to source n of this turn."""
    return MARKER.sub(
        lambda m: f'<a class="cite" href="#src-{turn}-{m.group(1)}" title="查看来源 {m.group(1)}">'
                  f"[{m.group(1)}]</a>", escape(text))


def sources_footer(citations: Sequence[CitationOut], turn: int) -> str:
    """Under a final answer: each cited document by title, linked like the [n] markers."""
    if not citations:
        return ""
    links = "".join(f'<a class="cite source-link" href="#src-{turn}-{c.n}">'
                    f'[{c.n}] 《{escape(c.title)}》</a>' for c in citations)
    return f'<span class="msg-sources">来源:{links}</span>'


def _highlighted(text: str, start: int, end: int) -> str:
    if not 0 <= start < end <= len(text):
        return escape(text)
    return (escape(text[:start]) + '<mark class="quote">' + escape(text[start:end]) + "</mark>"
            + escape(text[end:]))


def _passage(n: int, evidence: Evidence, quote: CitationOut | None, turn: int) -> str:
    chunk, document = evidence.chunk, evidence.document
    meta = [part for part in (document.region, document.date, document.doc_type) if part]
    body = chunk.text
    if quote is not None:
        start, end = quote.start - chunk.start, quote.end - chunk.start
        if body[start:end] != quote.quote:  # offsets from another version: find the words
            found = body.find(quote.quote)
            start, end = (found, found + len(quote.quote)) if found >= 0 else (0, 0)
        body_html = _highlighted(body, start, end)
    else:
        body_html = escape(body)
    context = f'<div class="ev-context">{escape(chunk.context)}</div>' if chunk.context else ""
    state = "cited" if quote is not None else "uncited"
    badge = '<span class="ev-badge">已引用</span>' if quote is not None else ""
    return (f'<article class="ev-item {state}" id="src-{turn}-{n}">'
            f'<div class="ev-title"><span class="ev-n">[{n}]</span> '
            f'《{escape(document.title)}》{badge}</div>'
            f'<div class="ev-section">{escape(evidence.section_path) or "(正文)"}</div>'
            f'<div class="ev-meta">{" · ".join(escape(p) for p in meta)}'
            f'<span class="ev-source">{escape(document.source)}</span></div>'
            f'{context}<div class="ev-text">{body_html}</div></article>')


def evidence_html(evidence: Sequence[Evidence], citations: Sequence[CitationOut] | None, *,
                  turn: int, question: str) -> str:
    """One turn's passages, numbered as the answer cites them; citations=None: still answering."""
    quotes = {c.n: c for c in citations or ()}
    if citations is None:
        note = "已检索到以下段落,正在生成回答…"
    elif quotes:
        note = "黄色标出的是回答引用的原文。"
    else:
        note = "回答没有引用以下段落。"
    items = "".join(_passage(n, e, quotes.get(n), turn) for n, e in enumerate(evidence, 1))
    if not evidence:
        items = '<div class="ev-empty">没有检索到相关段落。</div>'
    return (f'<section class="ev-turn" data-turn="{turn}"><div class="ev-head">'
            f'<span class="ev-q">第 {turn} 问:{escape(question[:60])}</span>'
            f'<span class="ev-note">{note}</span></div>{items}</section>')


def evidence_panel(sections: Sequence[str]) -> str:
    """Newest turn open on top; earlier turns folded, so their [n] links still resolve."""
    if not sections:
        return f'<div class="ev-panel">{EMPTY_EVIDENCE}</div>'
    newest, *older = list(reversed(sections))
    folded = "".join(f'<details class="ev-old"><summary>较早的来源</summary>{s}</details>'
                     for s in older)
    return f'<div class="ev-panel">{newest}{folded}</div>'


def sources_text(citations: Sequence[CitationOut]) -> str:
    """Plain-text source list for copying and for OpenAI-style message content."""
    if not citations:
        return ""
    lines = ["来源:"]
    for c in citations:
        section = f" {c.section}" if c.section else ""
        lines.append(f"[{c.n}] 《{c.title}》{section}({c.source})\n    “{c.quote}”")
    return "\n".join(lines)


def documents_html(documents: Sequence[DocumentRecord], chunk_counts: Mapping[str, int]) -> str:
    """The indexed documents as a table."""
    if not documents:
        return '<div class="ev-empty">索引里还没有文件。</div>'
    rows = "".join(
        f"<tr><td>{escape(d.title)}</td><td>{escape(d.region)}</td><td>{escape(d.date)}</td>"
        f"<td>{escape(d.doc_type)}</td><td class='num'>{chunk_counts.get(d.doc_id, 0)}</td>"
        f"<td class='file'>{escape(d.source)}</td></tr>" for d in documents)
    return (f'<div class="doc-count">共 {len(documents)} 个文件,'
            f'{sum(chunk_counts.get(d.doc_id, 0) for d in documents)} 个段落</div>'
            '<table class="doc-table"><thead><tr><th>标题</th><th>地区</th><th>发布日期</th>'
            f"<th>类型</th><th>段落数</th><th>文件</th></tr></thead><tbody>{rows}</tbody></table>")


def ingest_report_html(report: IngestReport) -> str:
    """What an upload did, with every skipped file and its reason."""
    def names(paths: Sequence[str]) -> str:
        return "、".join(escape(Path(p).name) for p in paths) or "无"

    skipped = "".join(f"<li><b>{escape(s.path.name)}</b>:{escape(s.reason)}</li>"
                      for s in report.skipped)
    return (f'<div class="ingest-report"><p>新增 {len(report.added)} 个,更新 {len(report.updated)} 个,'
            f"未变 {len(report.unchanged)} 个,跳过 {len(report.skipped)} 个;"
            f"写入 {report.chunks} 个段落,用时 {report.seconds:.1f} 秒。</p>"
            f"<p>新增:{names(report.added)}</p><p>更新:{names(report.updated)}</p>"
            + (f'<p>跳过的文件:</p><ul class="skipped">{skipped}</ul>' if skipped else "")
            + "</div>")
