"""web.rendering: answers, evidence, sources, documents, targets and reports -> HTML in which every
text is escaped."""

from __future__ import annotations

from assistant.chain import Answer
from assistant.result import CitationOut, answer_out
from assistant.verification import Citation
from core.knowledge import DocumentStatus
from core.records import ChunkRecord, DocumentRecord, Evidence
from ingest.pipeline import IngestReport
from tests.web.test_targets import status, target
from web.rendering import (
    CONTEXT_CHARS,
    answer_html,
    documents_html,
    evidence_html,
    evidence_panel,
    ingest_report_html,
    sources_footer,
    sources_text,
    target_context_html,
    targets_summary_html,
)
from web.targets import PlacedTarget

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def _evidence(text: str, **document: str) -> Evidence:
    record = DocumentRecord(doc_id=document.get("doc_id", "d"), path="/p", source=document.get("source", "a.txt"),
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

    rendered = evidence_html([evidence], answer.citations, turn=1, question=PAYLOAD, statuses={})
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
    moved = CitationOut(n=1, source="a.txt", title="办法", section="", quote="补助50%", start=40, end=45,
                        doc_status="in_force")

    html = evidence_html([evidence], [moved], turn=1, question="补助多少", statuses={})

    assert '<mark class="quote">补助50%</mark>' in html and "已引用" in html


def test_evidence_while_answering_and_the_panel_folds_older_turns() -> None:
    pending = evidence_html([_evidence("补助50%。")], None, turn=2, question="问", statuses={})
    panel = evidence_panel(["<section>1</section>", pending])

    assert "正在生成回答" in pending and "已引用" not in pending
    assert panel.index(pending) < panel.index("<details class=\"ev-old\">")
    assert "没有检索到相关段落" in evidence_html([], [], turn=1, question="问", statuses={})


def test_sources_text_lists_each_citation_with_its_quote() -> None:
    citation = CitationOut(n=1, source="a.txt", title="办法", section="一、", quote="补助50%", start=0, end=5,
                           doc_status="in_force")

    assert sources_text([citation]) == "来源:\n[1] 《办法》 一、(a.txt,现行有效)\n    “补助50%”"
    assert sources_text([]) == ""


def _quoted(text: str, quote: str, **fields: object) -> tuple[str, object]:
    start = text.index(quote)
    return text, target(quote=quote, start=start, end=start + len(quote), **fields)


def test_a_targets_quote_is_highlighted_exactly_in_its_escaped_passage() -> None:
    text, quoted = _quoted(f"计划<i>甲</i>\n一、目标\n{PAYLOAD}到2025年,新增<b>孵化器</b>10家。\n二、措施"
                           f"{PAYLOAD}\n附件",
                           f"{PAYLOAD}到2025年,新增<b>孵化器</b>10家。",
                           title=f"计划{PAYLOAD}", section="<i>一、目标</i>", indicator="<b>孵化器</b>",
                           source="a<b>.txt", region="<i>德清</i>")
    lapsed = status("expired", status_quote=f"有效期至2025年12月31日。{PAYLOAD}")

    html = target_context_html(quoted, text, lapsed)  # type: ignore[arg-type]

    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    highlighted = html.split('<mark class="quote">')[1].split("</mark>")[0]
    assert highlighted == "&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;img src=x onerror=&quot;" \
                          "window.__xss=1&quot;&gt;到2025年,新增&lt;b&gt;孵化器&lt;/b&gt;10家。"
    assert html.count('<mark class="quote">') == 1
    assert '<div class="ev-text">计划&lt;i&gt;甲&lt;/i&gt;\n一、目标\n<mark class="quote">&lt;script' in html
    assert "10家。</mark>\n二、措施&lt;script&gt;" in html and "\n附件</div>" in html  # short: all of it
    assert 'class="doc-status s-expired" title="有效期至2025年12月31日。&lt;script' in html
    assert "已失效" in html and "a&lt;b&gt;.txt" in html and "&lt;i&gt;一、目标&lt;/i&gt;" in html


def test_a_long_paragraph_is_cut_around_the_quote() -> None:
    before, after = "甲" * (CONTEXT_CHARS + 50), "乙" * (CONTEXT_CHARS + 50)
    text, quoted = _quoted(f"{before}研发投入达到3%。{after}", "研发投入达到3%。")

    html = target_context_html(quoted, text)  # type: ignore[arg-type]

    body = html.split('<div class="ev-text">')[1].split("</div>")[0]
    assert body == "…" + "甲" * CONTEXT_CHARS + '<mark class="quote">研发投入达到3%。</mark>' \
        + "乙" * CONTEXT_CHARS + "…"


def test_lines_that_start_or_end_out_of_reach_are_left_out_whole() -> None:
    far = "远" * (CONTEXT_CHARS + 40)
    text, quoted = _quoted(f"{far}\n{'近' * 30}\n研发投入达到3%。\n{'后' * 30}\n{far}", "研发投入达到3%。")

    html = target_context_html(quoted, text)  # type: ignore[arg-type]

    body = html.split('<div class="ev-text">')[1].split("</div>")[0]
    assert body == f"{'近' * 30}\n<mark class=\"quote\">研发投入达到3%。</mark>\n{'后' * 30}"


def test_a_quote_whose_offsets_moved_is_found_by_its_words_or_shown_alone() -> None:
    quoted = target(quote="高新技术企业500家", start=40, end=50, conflict=True, doc_status="draft")

    moved = target_context_html(quoted, "前言。\n高新技术企业500家。")
    gone = target_context_html(quoted, "全文改写了。")

    assert '前言。\n<mark class="quote">高新技术企业500家</mark>。' in moved
    assert '<mark class="quote">高新技术企业500家</mark></div>' in gone and "原文已更新" in gone
    assert "征求意见稿" in moved and "⚠ 有冲突" in moved


def test_documents_show_their_status_number_and_validity_with_the_words_as_tooltip() -> None:
    documents = [DocumentRecord(doc_id=d, path=f"/{d}", source=f"{d}.txt", title=f"文件{d}", clean_text="")
                 for d in ("a", "b", "c")]
    statuses: dict[str, DocumentStatus] = {
        "a": status("expired", doc_number="德政办发〔2023〕12号", valid_until="2025-12-31",
                    status_quote='有效期至2025年12月31日"><script>'),
        "b": status("in_force", status_basis="inferred", status_quote="“十四五”规划")}

    html = documents_html(documents, {"a": 3}, statuses)

    assert "<th>状态</th><th>文号</th><th>有效期至</th>" in html
    assert ('<span class="doc-status s-expired" title="有效期至2025年12月31日&quot;&gt;&lt;script&gt;">'
            "已失效</span></td><td class='doc-number'>德政办发〔2023〕12号</td><td>2025-12-31</td>") in html
    assert 'title="据““十四五”规划”推断">现行有效' in html
    assert '<span class="doc-status s-unknown">未知</span>' in html  # c: never read
    assert "<script" not in html


def test_the_targets_summary_counts_documents_and_conflicts() -> None:
    placed = [PlacedTarget(1, "a", target()), PlacedTarget(2, "a", target(conflict=True)),
              PlacedTarget(3, "b", target(source="b.txt"))]

    assert "共 3 条规划指标,来自 2 个文件,其中 1 条" in targets_summary_html(placed)
    assert "没有符合条件" in targets_summary_html([])


def test_each_source_shows_its_documents_status_and_a_cited_draft_is_flagged_beside_its_title() -> None:
    draft = _evidence("补助50%。", source="d.txt", doc_id="d")
    current = _evidence("奖励10万元。", source="c.txt", doc_id="c")
    statuses = {draft.document.doc_id: DocumentStatus("", "", "", "draft", "stated", "", "", "（征求意见稿）")}
    cited = CitationOut(n=1, source="d.txt", title="办法", section="", quote="补助50%", start=0, end=5,
                        doc_status="draft")

    panel = evidence_html([draft, current], [cited], turn=1, question="补助多少", statuses=statuses)
    footer = sources_footer([cited, cited.model_copy(update={"n": 2, "doc_status": "in_force"})], 1)

    first, second = panel.split('id="src-1-2"')
    assert 'class="doc-status s-draft" title="（征求意见稿）">征求意见稿' in first
    assert 'class="doc-status s-unknown">未知' in second  # a document whose status was never read
    assert footer.count("doc-status") == 1 and "s-draft" in footer  # in force needs no warning
    assert "(d.txt,征求意见稿)" in sources_text([cited])
