"""web.rendering: answers, evidence, sources and reports -> HTML in which every text is escaped."""

from __future__ import annotations

from assistant.chain import Answer
from assistant.result import CitationOut, answer_out
from assistant.verification import Citation
from core.records import ChunkRecord, DocumentRecord, Evidence
from ingest.pipeline import IngestReport
from web.rendering import (
    answer_html,
    evidence_html,
    evidence_panel,
    ingest_report_html,
    sources_footer,
    sources_text,
)

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def _evidence(text: str, **document: str) -> Evidence:
    record = DocumentRecord(doc_id="d", path="/p", source=document.get("source", "a.txt"),
                            title=document.get("title", "办法"), clean_text=text,
                            region=document.get("region", ""))
    chunk = ChunkRecord(chunk_id="d:00000", doc_id="d", ord=0, start=0, end=len(text),
                        section=(document.get("section", "一、"),), text=text)
    return Evidence(chunk, record, 1.0)


def test_rendered_document_text_is_escaped() -> None:
    text = f"补助50%。{PAYLOAD}"
    evidence = _evidence(text, source="x<b>.txt", title=f"标题{PAYLOAD}", region="<i>湖州</i>",
                         section=PAYLOAD)
    citation = Citation(n=1, source="x<b>.txt", title="t", section="s", quote=PAYLOAD, start=6,
                        end=6 + len(PAYLOAD), chunk_id="d:00000")
    answer = answer_out(Answer(answer=f"答{PAYLOAD}[1]", refused=False, backend="local",
                               citations=[citation], query="q", evidence=[evidence]))

    rendered = evidence_html([evidence], answer.citations, turn=1, question=PAYLOAD)
    rendered += answer_html(answer.answer, 1) + ingest_report_html(IngestReport())
    rendered += sources_footer([answer.citations[0].model_copy(update={"title": PAYLOAD})], 1)
    assert "<script" not in rendered and "<img" not in rendered and "<i>" not in rendered
    assert "&lt;script&gt;" in rendered and '<mark class="quote">&lt;script&gt;' in rendered
    assert '<a class="cite" href="#src-1-1"' in rendered


def test_markers_link_to_this_turns_sources_and_only_one_or_two_digits_count() -> None:
    html = answer_html("见[2]与[123]。", turn=3)

    assert '<a class="cite" href="#src-3-2" title="查看来源 2">[2]</a>' in html
    assert "[123]" in html and "src-3-123" not in html


def test_a_quote_from_another_version_of_the_text_is_found_by_its_words() -> None:
    evidence = _evidence("第一句。补助50%。")
    moved = CitationOut(n=1, source="a.txt", title="办法", section="", quote="补助50%", start=40, end=45)

    html = evidence_html([evidence], [moved], turn=1, question="补助多少")

    assert '<mark class="quote">补助50%</mark>' in html and "已引用" in html


def test_evidence_while_answering_and_the_panel_folds_older_turns() -> None:
    pending = evidence_html([_evidence("补助50%。")], None, turn=2, question="问")
    panel = evidence_panel(["<section>1</section>", pending])

    assert "正在生成回答" in pending and "已引用" not in pending
    assert panel.index(pending) < panel.index("<details class=\"ev-old\">")
    assert "没有检索到相关段落" in evidence_html([], [], turn=1, question="问")


def test_sources_text_lists_each_citation_with_its_quote() -> None:
    citation = CitationOut(n=1, source="a.txt", title="办法", section="一、", quote="补助50%", start=0, end=5)

    assert sources_text([citation]) == "来源:\n[1] 《办法》 一、(a.txt)\n    “补助50%”"
    assert sources_text([]) == ""
