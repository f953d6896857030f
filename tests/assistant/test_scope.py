"""Questions about places, years or documents that no document covers are said to be uncovered."""

from __future__ import annotations

from assistant.question_frame import frame_of
from assistant.scope import covered_summary, document_filters, scope_answer, uncovered
from core.records import ChunkRecord, DocumentRecord, Evidence, interleave


def document(doc_id: str, title: str, region: str, date: str = "", regions: tuple[str, ...] = ()) -> DocumentRecord:
    return DocumentRecord(doc_id=doc_id, path=f"/p/{doc_id}.txt", source=f"{doc_id}.txt", title=title,
                          clean_text="", region=region, regions=regions or (region,), date=date)


def evidence(doc: DocumentRecord, text: str) -> Evidence:
    chunk = ChunkRecord(chunk_id=f"{doc.doc_id}:00000", doc_id=doc.doc_id, ord=0, start=0, end=len(text),
                        section=("一、目标",), text=text)
    return Evidence(chunk, doc, 1.0)


COUNTY = document("a", "新昌县科技创新规划", "新昌县", "2021-05-01")
CITY = document("b", "湖州市科创高地建设意见", "湖州市", "2023-03-01")
REPORT = document("c", "2014年政府工作报告", "", "2014-03-05")
DOCUMENTS = [COUNTY, CITY, REPORT]


def test_a_city_with_only_a_county_inside_it_is_not_covered() -> None:
    found = [evidence(COUNTY, "到2025年研发投入占比达到3.8%。")]
    gap = uncovered(frame_of("绍兴市到2025年研发投入占比目标是多少？"), DOCUMENTS, found)
    assert gap is not None and gap.names == ("绍兴市",)
    answer = scope_answer(gap)
    assert answer.startswith("现有文件中没有找到关于绍兴市的内容。")
    assert "新昌县、湖州市" in answer


def test_places_covered_by_a_document_or_named_in_a_passage() -> None:
    found = [evidence(CITY, "积极融入杭州城西科创大走廊建设。")]
    assert uncovered(frame_of("湖州的目标？"), DOCUMENTS, found) is None
    assert uncovered(frame_of("湖州怎样融入杭州的科创走廊？"), DOCUMENTS, found) is None
    assert uncovered(frame_of("深圳的招商中心有几个？"), DOCUMENTS, found) is not None


def test_a_yearly_document_is_covered_only_by_that_years_document() -> None:
    mentions_1990 = [evidence(REPORT, "1990年以来，经济持续增长。")]
    gap = uncovered(frame_of("1990年政府工作报告的增长目标是多少？"), DOCUMENTS, mentions_1990)
    assert gap is not None and gap.names == ("1990年的文件",)
    assert uncovered(frame_of("2014年政府工作报告的增长目标是多少？"), DOCUMENTS, mentions_1990) is None


def test_a_year_no_passage_or_document_mentions_is_not_covered() -> None:
    found = [evidence(CITY, "到2027年，高新技术企业达到2500家。")]
    assert uncovered(frame_of("湖州到2027年的目标？"), DOCUMENTS, found) is None
    gap = uncovered(frame_of("湖州到2030年的目标？"), DOCUMENTS, found)
    assert gap is not None and gap.names == ("2030年",)


def test_a_named_document_must_match_an_indexed_title() -> None:
    assert uncovered(frame_of("《湖州市科创高地建设意见》的目标？"), DOCUMENTS, []) is None
    assert uncovered(frame_of("《苏州市人才新政》的目标？"), DOCUMENTS, []) is not None


def test_covered_summary_lists_regions_and_years() -> None:
    assert covered_summary(DOCUMENTS) == "现有文件涉及新昌县、湖州市，年份在2014年至2023年之间。"
    assert covered_summary([]) == ""


def test_a_question_naming_yearly_documents_searches_each_of_them() -> None:
    reports = [document(f"r{y}", f"{y}年政府工作报告", "全国") for y in (2013, 2014, 2015)]
    filters = document_filters(frame_of("2014年和2015年政府工作报告的增长目标分别是多少？"), reports)
    assert [f.document for f in filters] == ["r2014", "r2015"]
    assert document_filters(frame_of("到2025年的增长目标是多少？"), reports) == []


def test_interleave_takes_each_list_in_turn_without_repeats() -> None:
    a = [evidence(COUNTY, "甲。"), evidence(REPORT, "乙。")]
    b = [evidence(CITY, "丙。"), a[0]]
    assert [e.chunk.text for e in interleave([a, b], 3)] == ["甲。", "丙。", "乙。"]
