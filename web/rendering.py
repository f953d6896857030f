"""Answers, evidence, documents, targets and ingest reports -> HTML for the UI; every text is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from assistant.result import CitationOut
from core.knowledge import STATUS_LABELS, DocumentStatus, Target, status_label
from core.records import DocumentRecord, Evidence
from core.text import MARKER
from ingest.pipeline import IngestReport
from web.targets import CONFLICT_MARK, PlacedTarget

EMPTY_TARGET = '<div class="ev-empty">点击表格中的一行,这里显示该指标在原文中的位置。</div>'
CONTEXT_CHARS = 160  # of text either side of a target's quote: a sentence or two, or a table's header
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
                    f'[{c.n}] 《{escape(c.title)}》</a>{_warning_badge(c.doc_status)}' for c in citations)
    return f'<span class="msg-sources">来源:{links}</span>'


def _warning_badge(status: str) -> str:
    """A cited document's status beside its title, when a reader should not take it as current policy."""
    return "" if status in ("in_force", "unknown", "") else _badge(status)


def _highlighted(text: str, start: int, end: int) -> str:
    if not 0 <= start < end <= len(text):
        return escape(text)
    return (escape(text[:start]) + '<mark class="quote">' + escape(text[start:end]) + "</mark>"
            + escape(text[end:]))


def _passage(n: int, evidence: Evidence, quote: CitationOut | None, turn: int,
             status: DocumentStatus | None) -> str:
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
            f'《{escape(document.title)}》{badge}{status_badge(status)}</div>'
            f'<div class="ev-section">{escape(evidence.section_path) or "(正文)"}</div>'
            f'<div class="ev-meta">{" · ".join(escape(p) for p in meta)}'
            f'<span class="ev-source">{escape(document.source)}</span></div>'
            f'{context}<div class="ev-text">{body_html}</div></article>')


def evidence_html(evidence: Sequence[Evidence], citations: Sequence[CitationOut] | None, *,
                  turn: int, question: str, statuses: Mapping[str, DocumentStatus]) -> str:
    """One turn's passages, numbered as the answer cites them, each with its document's status badge
    (`statuses` by doc id, as of today); citations=None: still answering."""
    quotes = {c.n: c for c in citations or ()}
    if citations is None:
        note = "已检索到以下段落,正在生成回答…"
    elif quotes:
        note = "黄色标出的是回答引用的原文。"
    else:
        note = "回答没有引用以下段落。"
    items = "".join(_passage(n, e, quotes.get(n), turn, statuses.get(e.document.doc_id))
                    for n, e in enumerate(evidence, 1))
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
        lines.append(f"[{c.n}] 《{c.title}》{section}({c.source},{status_label(c.doc_status)})\n    “{c.quote}”")
    return "\n".join(lines)


def _badge(status: str, why: str = "") -> str:
    kind = status if status in STATUS_LABELS else "unknown"
    tooltip = f' title="{escape(why)}"' if why else ""
    return f'<span class="doc-status s-{kind}"{tooltip}>{status_label(kind)}</span>'


def status_badge(status: DocumentStatus | None) -> str:
    """A document's status in words; the words of the document that say so are its tooltip."""
    if status is None:
        return _badge("unknown")
    why = status.status_quote
    if status.status_basis == "inferred":
        why = f"据“{why}”推断" if why else "据规划期推断"
    return _badge(status.status, why)


def documents_html(documents: Sequence[DocumentRecord], chunk_counts: Mapping[str, int],
                   statuses: Mapping[str, DocumentStatus]) -> str:
    """The indexed documents as a table, each with its status (as of the day `statuses` are for)."""
    if not documents:
        return '<div class="ev-empty">索引里还没有文件。</div>'

    def row(d: DocumentRecord) -> str:
        status = statuses.get(d.doc_id)
        number, until = (status.doc_number, status.valid_until) if status else ("", "")
        return (f"<tr><td>{escape(d.title)}</td><td>{escape(d.region)}</td><td>{escape(d.date)}</td>"
                f"<td>{escape(d.doc_type)}</td><td>{status_badge(status)}</td>"
                f"<td class='doc-number'>{escape(number)}</td><td>{escape(until)}</td>"
                f"<td class='num'>{chunk_counts.get(d.doc_id, 0)}</td>"
                f"<td class='file'>{escape(d.source)}</td></tr>")

    return (f'<div class="doc-count">共 {len(documents)} 个文件,'
            f'{sum(chunk_counts.get(d.doc_id, 0) for d in documents)} 个段落</div>'
            '<table class="doc-table"><thead><tr><th>标题</th><th>地区</th><th>发布日期</th>'
            "<th>类型</th><th>状态</th><th>文号</th><th>有效期至</th><th>段落数</th><th>文件</th>"
            f"</tr></thead><tbody>{''.join(row(d) for d in documents)}</tbody></table>")


def targets_summary_html(placed: Sequence[PlacedTarget]) -> str:
    if not placed:
        return '<div class="doc-count">没有符合条件的规划指标。</div>'
    documents = len({p.target.source for p in placed})
    conflicts = sum(p.target.conflict for p in placed)
    flagged = f",其中 {conflicts} 条与同一文件给出的另一数值冲突({CONFLICT_MARK})" if conflicts else ""
    return f'<div class="doc-count">共 {len(placed)} 条规划指标,来自 {documents} 个文件{flagged}。</div>'


def _quote_span(text: str | None, target: Target) -> tuple[int, int] | None:
    if not text:
        return None
    if text[target.start:target.end] == target.quote:
        return target.start, target.end
    found = text.find(target.quote)  # the document changed since the target was read
    return (found, found + len(target.quote)) if found >= 0 and target.quote else None


def _context_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole lines around [start, end) within CONTEXT_CHARS either side; a longer line is cut."""
    low, high = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    if low > 0 and (newline := text.find("\n", low - 1, start)) >= 0:
        low = newline + 1
    if high < len(text) and (newline := text.rfind("\n", end, high + 1)) >= 0:
        high = newline
    return low, high


def target_context_html(target: Target, text: str | None, status: DocumentStatus | None = None) -> str:
    """A target's quote highlighted in the passage of its document around it, with where it stands."""
    span = _quote_span(text, target)
    if text and span:
        start, end = span
        low, high = _context_bounds(text, start, end)
        before = "…" if low > 0 and text[low - 1] != "\n" else ""
        after = "…" if high < len(text) and text[high] != "\n" else ""
        body = (before + _highlighted(text[low:high], start - low, end - low) + after)
        note = ""
    else:
        body = f'<mark class="quote">{escape(target.quote)}</mark>'
        note = '<div class="ev-note">原文已更新,这里只显示读取时的引文。</div>'
    badge = status_badge(status) if status else _badge(target.doc_status)
    conflict = f'<span class="conflict">{CONFLICT_MARK}</span>' if target.conflict else ""
    year = f"{target.target_year}年" if target.target_year else "未写明年份"
    baseline = (f" · 基期 {escape(target.baseline_value)}"
                f"{f'({target.baseline_year}年)' if target.baseline_year else ''}"
                if target.baseline_value is not None else "")
    return (f'<article class="target-detail">'
            f'<div class="ev-title">《{escape(target.title or target.source)}》{badge}{conflict}</div>'
            f'<div class="ev-section">{escape(target.section) or "(正文)"}</div>'
            f'<div class="ev-meta">{escape(target.indicator)}:{escape(target.value)} · {year}{baseline}'
            f' · {escape(target.region)}<span class="ev-source">{escape(target.source)}</span></div>'
            f'{note}<div class="ev-text">{body}</div></article>')


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
