"""Counted subjects: which group of bodies a figure counts."""

from __future__ import annotations

from assistant.counted import about_other_counted, counted_subjects, with_counted_swapped


def test_counted_subjects_are_read_with_and_without_a_classifier() -> None:
    assert counted_subjects("两个国家高新区") == [("两", "国家高新区")]
    assert counted_subjects("带动两市研发投入") == [("两", "市")]
    assert ("两", "县") in counted_subjects("三个开发区和两个县")


def test_amounts_and_markets_are_not_counted_subjects() -> None:
    assert counted_subjects("提高两个百分点") == []
    assert ("两", "市") not in counted_subjects("两个市场主体")


def test_a_sentence_counting_another_group_is_about_it() -> None:
    question = "两个市研发投入比重要达到多少？"

    assert about_other_counted(question, "两个国家高新区研发投入比重达到5%。")
    assert not about_other_counted(question, "两市研发投入比重达到3%以上。")
    assert not about_other_counted(question, "研发投入比重达到3%以上。")  # counts nothing: not judged here


def test_only_a_counted_follow_up_swaps_the_group() -> None:
    assert with_counted_swapped("两个国家高新区的目标是多少？", "两个市整体") == "两个市的目标是多少？"
    assert with_counted_swapped("两个国家高新区的目标是多少？", "人才") is None
