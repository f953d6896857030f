"""Figure grounding: a figure counts only with its unit, in a source sentence about the same thing."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.verification.grounding import (
    grounded,
    overlap,
    rank_words_as_cited,
    support_for,
    worded_support,
)
from core.records import ChunkRecord, DocumentRecord, Evidence

POLICY = AnswerPolicy()
TARGET = "到2027年,高新区R&D投入强度达到8%以上,新引进领军型创新创业团队和人才项目600个以上。"
ACHIEVED = "2022年全社会研发投入占地区生产总值的比重达到3.1%。"


def _passage(text: str, section: str = "一、主要目标", context: str = "", n: int = 0) -> Evidence:
    document = DocumentRecord(f"d{n}", f"/p/{n}.txt", f"{n}.txt", "某市科创规划", text, "某市")
    chunk = ChunkRecord(f"d{n}:00000", f"d{n}", 0, 0, len(text), (section,), text, context)
    return Evidence(chunk, document, 1.0)


def test_a_figure_with_its_unit_in_a_sentence_about_the_same_thing_is_grounded() -> None:
    assert grounded(("8", "%"), "高新区R&D投入强度要达到8%以上", _passage(TARGET), "", min_overlap=0.2)


def test_the_same_number_with_another_unit_is_not_grounded() -> None:
    assert not grounded(("8", "个"), "高新区要引进8个人才项目", _passage(TARGET), "", min_overlap=0.2)


def test_a_figure_in_a_sentence_about_something_else_is_not_grounded() -> None:
    sentence = "每家企业最高补贴8%"

    assert not grounded(("8", "%"), sentence, _passage(TARGET), "", min_overlap=0.2)
    assert grounded(("8", "%"), sentence, _passage(TARGET), "", min_overlap=0.0)


def test_a_target_does_not_ground_an_achieved_figure() -> None:
    question = "高新区R&D投入强度实际达到了多少?"

    assert not grounded(("8", "%"), "R&D投入强度达到8%", _passage(TARGET), question, min_overlap=0.2)
    assert grounded(("3.1", "%"), "研发投入比重达到3.1%", _passage(ACHIEVED, "一、现状"), "实际达到了多少?",
                    min_overlap=0.2)


def test_a_table_row_is_read_with_its_header() -> None:
    table = "指标 | 2020年 | 2025年 |\n研发投入强度(%) | 3.1 | 3.5 |"

    assert grounded(("2025", "年"), "研发投入强度2025年要达到3.5%", _passage(table), "", min_overlap=0.2)


def test_figures_from_several_passages_are_grounded_together() -> None:
    evidence = [_passage(TARGET, n=0), _passage(ACHIEVED, "一、现状", n=1)]
    body = "研发投入比重2022年达到3.1%,到2027年高新区R&D投入强度达到8%以上"
    figures = {("3.1", "%"), ("8", "%"), ("2022", "年"), ("2027", "年")}

    assert support_for(figures, body, [], evidence, "", {1, 2}, POLICY) == [1, 2]
    assert support_for(figures, body, [1], evidence, "", {1}, POLICY) == []  # passage 2 not citable


def test_a_stricter_figure_overlap_rejects_loosely_worded_sentences() -> None:
    body = "高新区的投入强度达到8%"
    evidence = [_passage(TARGET)]

    assert support_for({("8", "%")}, body, [1], evidence, "", {1}, POLICY) == [1]
    assert support_for({("8", "%")}, body, [1], evidence, "", {1}, AnswerPolicy(figure_overlap=0.99)) == []


def test_overlap_counts_wording_and_figures() -> None:
    assert overlap("投入强度达到8%", TARGET) > overlap("投入强度达到9%", TARGET) > overlap("天气晴朗", TARGET)


def test_a_figure_free_sentence_needs_a_passage_with_its_wording() -> None:
    evidence = [_passage(TARGET, n=0), _passage("对新引进的博士给予生活补贴。", n=1)]

    assert worded_support("对新引进的博士给予生活补贴", [1], evidence, {1, 2}, POLICY, claimed=True) == [2]
    assert worded_support("企业上市给予一次性奖励", [2], evidence, {1, 2}, POLICY, claimed=True) is None
    assert worded_support("企业上市给予一次性奖励", [], evidence, {1, 2}, POLICY, claimed=False) == []
    assert worded_support("是", [], evidence, {1, 2}, POLICY, claimed=False) == []


def test_a_rank_takes_the_cited_sources_word() -> None:
    assert rank_words_as_cited("排名进入全国第20位", ["排名进入全国前20位。"]) == "排名进入全国前20位"
    assert rank_words_as_cited("排名第20位", ["排名前20位,其中第20位。"]) == "排名第20位"
