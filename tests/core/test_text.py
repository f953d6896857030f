"""Text units: each has one definition that every layer uses."""

from __future__ import annotations

from core.text import (
    CLAUSE,
    CLAUSE_END,
    WHITESPACE,
    answer_sentences,
    bigrams,
    figures_in,
    is_table_row,
    marker_numbers,
    normalise_markers,
    numbers_in,
    reading_clauses,
    sentences,
    share_of,
    strip_markers,
    table_cells,
    with_marker,
)


def test_sentences_end_at_sentence_marks_and_line_ends() -> None:
    assert sentences("一、目标\n到2025年达到5%。力争10家！ \n") == ["一、目标", "到2025年达到5%。", "力争10家！"]


def test_answer_sentences_keep_their_trailing_markers() -> None:
    assert answer_sentences("达到8%以上。[1]另有50万元[2]。") == ["达到8%以上。[1]", "另有50万元[2]。"]


def test_markers_are_normalised_stripped_and_read_in_order() -> None:
    text = normalise_markers("甲【2】乙［1］丙[ 2 ]")
    assert text == "甲[2]乙[1]丙[2]"
    assert marker_numbers(text) == [2, 1]
    assert strip_markers(text) == "甲乙丙"
    assert strip_markers("[2023]年") == "[2023]年"  # a bracketed year is no marker


def test_with_marker_goes_before_closing_punctuation() -> None:
    assert with_marker("达到8%以上。", "[1]") == "达到8%以上[1]。"
    assert with_marker("达到8%以上", "[1]") == "达到8%以上[1]。"
    assert with_marker("其中，", "[2]") == "其中，[2]"


def test_figures_keep_units_and_skip_enumeration_and_markers() -> None:
    assert figures_in("1. 培育600个以上，占比8%[1]") == {("600", "个"), ("8", "%")}
    assert numbers_in("（2）投入1,500万元，增长3.5个百分点") == {"1500", "3.5"}


def test_bigrams_drop_noise_by_default_and_keep_figures_when_asked() -> None:
    assert bigrams("补贴 50万元。") == {"补贴", "贴万", "万元"}
    assert "50" in bigrams("补贴 50万元", WHITESPACE)
    assert share_of({"补贴", "万元"}, {"补贴"}, empty=1.0) == 0.5
    assert share_of(set(), {"补贴"}, empty=1.0) == 1.0


def test_clauses_for_streaming_and_reading() -> None:
    text = "到2025年，达到5%[1]；另外"
    assert [m.group() for m in CLAUSE.finditer(text)] == ["到2025年，", "达到5%[1]；"]
    assert CLAUSE_END.search("甲，乙") is not None
    assert reading_clauses("甲乙，丙丁：戊") == ["甲乙，", "丙丁：", "戊"]


def test_table_rows_and_cells() -> None:
    assert is_table_row("指标 | 2020年 | 2025年 |")
    assert is_table_row("合计 |")
    assert not is_table_row("不是表格")
    assert table_cells("| 比重(%) | 29.0 | 35 | |") == ["比重(%)", "29.0", "35"]
