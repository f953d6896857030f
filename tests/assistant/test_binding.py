"""The claim binding: a figure belongs to the asked indicator (its words, its head) and the asked year."""

from __future__ import annotations

from assistant.question_frame import frame_of, indicator_heads, indicator_words
from assistant.verification.binding import asked_years, indicator_share, names_asked_year, states_asked_figure


def _states(sentence: str, question: str, heading: str = "") -> bool:
    return states_asked_figure(sentence, question, indicator_words(question), heads=indicator_heads(question),
                               heading=heading, min_share=0.25, heading_share=0.5)


def test_measure_words_alone_bind_nothing() -> None:
    assert indicator_share({"增长"}, ["广义", "货币", "增长"]) == 0.0
    assert indicator_share({"货币", "增长"}, ["广义", "货币", "增长"]) == 4 / 6
    assert indicator_share(set(), []) == 1.0


def test_each_figure_is_named_by_its_own_words_in_an_enumeration() -> None:
    sentence = "全县现有上市企业10家、国家高新技术企业220家、科技型中小企业702家。"
    assert _states(sentence, "全县高新技术企业有多少家？")
    assert not _states("全县现有上市企业10家。", "全县高新技术企业有多少家？")


def test_a_figure_without_words_of_its_own_takes_the_words_before_it() -> None:
    sentence = "到2013年、2015年、2017年企业博士后工作站分别达到2家、3家、6家。"
    assert _states(sentence, "2015年企业博士后工作站要达到几家？")


def test_a_table_rows_label_before_its_colon_names_its_figures() -> None:
    assert _states("规上工业新产品产值率：2020年51.9%，2025年53%。", "2025年规上工业新产品产值率是多少？")


def test_years_and_the_questions_own_figures_are_not_answers() -> None:
    assert not _states("到2025年，建成“330计划”。", "“330计划”到2025年资助多少？")


def test_the_head_may_stand_in_the_section_heading_but_not_as_a_modifier_in_the_title() -> None:
    assert _states("到2025年达到500家。", "高新技术企业要达到多少家？", heading="三、高新技术企业培育")
    assert not _states("每年安排1亿元。", "科技风险投资基金规模有多大？", heading="某市科技创新规划")


def test_a_year_that_names_a_yearly_document_chooses_the_document_not_the_figure() -> None:
    assert asked_years(frame_of("2013年政府工作报告对当年进出口的目标是多少？")) == ()
    assert asked_years(frame_of("某市到2023年高新技术企业要达到多少家？")) == ("2023",)


def test_the_year_is_named_by_the_text_a_plan_period_or_this_year_of_a_yearly_document() -> None:
    question = "某市2025年高新技术企业要达到多少家？"
    assert names_asked_year(question, "到2025年，达到500家。")
    assert names_asked_year(question, "达到500家。", title="某市“十四五”科技创新规划")
    assert not names_asked_year(question, "达到500家。", title="某市“十三五”科技创新规划")
    assert names_asked_year(question, "今年新增50家。", title="某市2025年工作要点")
    assert names_asked_year(question, "今年新增50家。", title="工作要点", date="2025-02-01")
    assert not names_asked_year(question, "新增50家。", title="某市2025年工作要点")
    assert not names_asked_year(question, "今年新增50家。", title="某市2024年总结和2025年思路", date="2024-12-30")


def test_a_figure_in_another_unit_than_the_question_asks_measures_another_indicator() -> None:
    income = "城镇居民家庭人均可支配收入由5160元增加到7703元，城镇新增就业压力较大。"

    assert not _states(income, "城镇新增就业多少人？")
    assert _states("城镇新增就业1100万人。", "城镇新增就业多少人？")
    assert _states("新引进博士100名。", "新引进博士多少人？")  # 名 and 人 both count people
    assert not _states("新引进博士占比5%。", "新引进博士多少人？")
    assert _states("城镇新增就业指标 | 1100 |", "城镇新增就业多少人？")  # a table cell has no unit
    assert _states("集聚各类创新人才1万名以上。", "北翼中心新引进多少个项目，那人才集聚上要达到什么规模？")


def test_a_compound_head_written_apart_in_the_source_still_names_the_figure() -> None:
    sentence = "提高1200万中小学教师待遇，中央财政为此将投入120亿元。"

    assert _states(sentence, "中央财政投入多少？")
    assert not _states("地方财政也要增加支出，共投入120亿元。", "中央财政投入多少？")
