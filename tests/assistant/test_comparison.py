"""Comparisons are computed from each side's own figure, never judged by the model."""

from __future__ import annotations

from assistant.comparison import Side, asks_to_compare, compared


def test_questions_that_compare() -> None:
    assert asks_to_compare("甲县和乙市的目标分别是多少？哪个更高？")
    assert asks_to_compare("两份文件对这个指标的要求一致吗？")
    assert asks_to_compare("2014年和2015年的目标相差多少？")
    assert not asks_to_compare("甲县到2025年的目标是多少？")


def test_the_higher_side_is_named_and_no_computed_figure_is_stated() -> None:
    text = compared([Side("甲县", "5%左右", "[1]"), Side("乙市", "3.8%", "[2]")], "分别是多少？哪个更高？")
    assert text == "甲县为5%左右[1]；乙市为3.8%[2]。甲县高于乙市。"


def test_agreement_questions_get_a_plain_verdict() -> None:
    same = compared([Side("甲", "50%", "[1]"), Side("乙", "50%", "[2]")], "一致吗？")
    assert same.endswith("两者一致。")
    different = compared([Side("甲", "70%", "[1]"), Side("乙", "50%以上", "[2]")], "一致吗？")
    assert different.endswith("两者不一致，甲高于乙。")


def test_counts_with_scale_words_and_units() -> None:
    text = compared([Side("2014年", "1000万人", "[1]"), Side("2015年", "1.2万家", "[2]")], "相差多少？")
    assert text.endswith("两者单位不同，不能直接比较。")
    counts = compared([Side("2014年", "727万人", "[1]"), Side("2015年", "749万人", "[2]")], "增加了多少？")
    assert counts.endswith("2015年高于2014年。")


def test_one_side_or_no_number_is_only_listed() -> None:
    sides = [Side("甲", "力争倍增", "[1]"), Side("乙", "5%", "[2]")]
    assert compared(sides, "哪个更高？") == "甲为力争倍增[1]；乙为5%[2]。"


def test_a_several_year_total_is_not_compared_with_one_years_figure() -> None:
    sides = [Side("2008年", "1.6万亿元", "[1]", "中央财政用于三农的支出五年累计1.6万亿元"),
             Side("2009年", "5955亿元", "[2]", "全年中央财政用于三农的投入5955亿元")]
    answer = compared(sides, "2008年和2009年中央财政用于三农的安排哪个多？")
    assert "不能直接比较" in answer and "高于" not in answer
