"""Tests for ingest.targets: small inline documents for each rule, then the seeds and the work reports."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.knowledge import COMPARATORS, TARGET_KINDS, Target
from core.records import DocumentRecord
from ingest.pipeline import prepare_document
from ingest.targets import extract_targets
from tests.ingest.real_documents import prepared

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "seeds").glob("*.txt"))
REPORTS = sorted((REPO.parent / "shared" / "corpus" / "work-reports").glob("*政府工作报告.txt"))


def policy(text: str, *, title: str = "关于加快科技创新的实施意见", date: str | None = None,
           doc_type: str | None = None) -> DocumentRecord:
    """A document as ingest prepares it (cleaned, with heading sections), from inline text."""
    document = prepare_document(Path("/docs/policy.txt"), text, title, "test", chunk_tokens=200, count_tokens=len)
    assert document is not None
    return replace(document, date=document.date if date is None else date,
                   doc_type=document.doc_type if doc_type is None else doc_type)


def bare(text: str, *, title: str = "", date: str = "", doc_type: str = "") -> DocumentRecord:
    """A document with no chunks (so no sections): extraction must not need them."""
    return DocumentRecord(doc_id="t", path="/t.txt", source="t.txt", title=title, clean_text=text, date=date,
                          doc_type=doc_type)




def seed(prefix: str) -> DocumentRecord:
    (path,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return prepared(path)


def report(year: int) -> DocumentRecord:
    (path,) = [p for p in REPORTS if p.name.startswith(str(year))]
    return prepared(path)


def one(targets: list[Target], indicator: str) -> Target:
    (target,) = [t for t in targets if t.indicator == indicator]
    return target


def assert_quoted(document: DocumentRecord, target: Target) -> None:
    assert document.clean_text[target.start:target.end] == target.quote
    assert target.value and target.value in target.quote
    assert target.baseline_value is None or target.baseline_value in target.quote
    assert target.comparator in COMPARATORS and target.kind in TARGET_KINDS


# --- comparators, kinds, numbers, units --------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "value", "comparator"), [
    ("到2025年，研发投入强度达到3%左右。", "3%左右", "about"),
    ("到2025年，研发经费支出约120亿元。", "约120亿元", "about"),
    ("到2025年，城镇新增就业1200万人以上。", "1200万人以上", "at_least"),
    ("到2025年，高新技术企业数量不低于500家。", "不低于500家", "at_least"),
    ("到2025年，技术合同成交额超过200亿元。", "超过200亿元", "at_least"),
    ("到2025年，城镇登记失业率控制在5.5%以内。", "5.5%以内", "at_most"),
    ("到2025年，单位能耗不超过0.5吨标准煤。", "不超过0.5吨标准煤", "at_most"),
    ("到2025年，居民消费价格涨幅控制在3%。", "3%", "at_most"),
    ("到2025年，地区生产总值年均增长6.5%－7%。", "6.5%－7%", "range"),
    ("到2025年，地区生产总值年均增长6%至7%。", "6%至7%", "range"),
    ("到2025年，高新技术企业数量力争倍增。", "力争倍增", "multiple"),
    ("到2025年，技术交易额实现翻一番。", "翻一番", "multiple"),
    ("到2025年，森林覆盖率保持在60%以上。", "60%以上", "keep"),
    ("到2025年，技术合同成交额达到200亿元。", "200亿元", "exact"),
])
def test_each_comparator_is_read_from_the_words_around_the_figure(sentence: str, value: str,
                                                                    comparator: str) -> None:
    document = policy(sentence)

    (target,) = extract_targets(document)

    assert (target.value, target.comparator, target.target_year) == (value, comparator, 2025)
    assert_quoted(document, target)


@pytest.mark.parametrize(("sentence", "indicator", "kind"), [
    ("到2025年，地区生产总值年均增长6%。", "地区生产总值", "growth"),
    ("到2025年，居民收入提高8%。", "居民收入", "growth"),
    ("到2025年，高新技术产业增加值占比达到65%。", "高新技术产业增加值占比", "share"),
    ("到2025年，城镇登记失业率控制在5%以内。", "城镇登记失业率", "share"),
    ("到2025年，累计培育高新技术企业2500家。", "高新技术企业", "cumulative"),
    ("到2025年，单位生产总值能耗降低13.5%。", "单位生产总值能耗", "reduction"),
    ("到2025年，赤字率下降到3%。", "赤字率", "share"),
    ("到2025年，人才资源总量达到14万人。", "人才资源总量", "level"),
])
def test_each_kind_is_read_from_the_verb_and_the_indicator(sentence: str, indicator: str, kind: str) -> None:
    (target,) = extract_targets(policy(sentence))

    assert (target.indicator, target.kind) == (indicator, kind)


def test_number_is_the_first_figure_and_the_magnitude_stays_in_the_unit() -> None:
    targets = extract_targets(policy("到2025年，全社会劳动生产率达到25万元/人，技术交易额达到1.5亿元，"
                                     "地区生产总值年均增长6.5%－7%，数字经济增加值力争倍增。"))

    assert [(t.number, t.unit) for t in targets] == [(25.0, "万元/人"), (1.5, "亿元"), (6.5, "%"), (None, "")]


def test_old_reports_full_width_and_spaced_figures_are_read_as_written() -> None:
    document = bare("今年国民经济宏观调控的主要目标是：经济增长速度8 ％，商品零售价格涨幅控制在３％以内。",
                    title="1998年政府工作报告", doc_type="报告")

    growth, prices = extract_targets(document)

    assert (growth.value, growth.number, growth.unit, growth.target_year) == ("8 ％", 8.0, "%", 1998)
    assert (prices.value, prices.number, prices.comparator) == ("３％以内", 3.0, "at_most")


# --- indicators: as written, the words before the figure ------------------------------------------------


def test_indicator_drops_time_cue_and_leading_verbs_but_keeps_the_words_of_the_text() -> None:
    document = policy("到2027年，累计培育高新技术企业2500家、省科技型中小企业10000家。")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.kind) for t in targets] == [
        ("高新技术企业", "2500家", "cumulative"), ("省科技型中小企业", "10000家", "cumulative")]
    assert all(t.indicator in document.clean_text for t in targets)


def test_a_clause_that_only_names_the_act_takes_its_indicator_from_after_the_figure() -> None:
    (target,) = extract_targets(policy("到2025年，新引进100名左右行业领军人才。"))

    assert (target.indicator, target.value, target.comparator) == ("行业领军人才", "100名左右", "about")


def test_figures_without_a_commitment_or_an_indicator_are_no_targets() -> None:
    text = ("全县现有国家高新技术企业220家。\n"  # a fact, no commitment
            "实施科技赋能“1248”计划，打造5G智能装备小镇。\n"  # figures in quotes and names
            "力争到2025年实现增长10%。\n"  # nothing says what grows
            "为新昌经济总量倍增提供强有力的科技支撑。")  # 倍增 that is not a target
    assert extract_targets(policy(text)) == []


def test_enumerated_indicators_each_get_the_shared_multiple() -> None:
    document = policy("到2025年，高新技术企业、科技型中小企业、技术交易额等方面奋力实现倍增。")

    targets = extract_targets(document)

    assert [t.indicator for t in targets] == ["高新技术企业", "科技型中小企业", "技术交易额"]
    assert {(t.value, t.comparator, t.number) for t in targets} == {("倍增", "multiple", None)}


# --- years ---------------------------------------------------------------------------------------------


def test_a_work_report_states_its_own_years_targets_even_when_it_says_this_year() -> None:
    document = policy("今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右；城镇新增就业1000万人以上，"
                      "城镇登记失业率控制在4.6%以内。\n今年要再减少农村贫困人口1000万人以上。",
                      title="2014年政府工作报告", doc_type="报告")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.target_year) for t in targets] == [
        ("国内生产总值", "7.5%左右", 2014), ("城镇新增就业", "1000万人以上", 2014),
        ("城镇登记失业率", "4.6%以内", 2014), ("减少农村贫困人口", "1000万人以上", 2014)]
    assert targets[-1].kind == "reduction"


def test_a_work_reports_review_of_last_year_gives_no_targets() -> None:
    document = policy("一、2013年工作回顾\n国内生产总值增长7.7%，城镇新增就业1310万人。\n"
                      "二、2014年工作总体部署\n今年国内生产总值增长7.5%左右。",
                      title="2014年政府工作报告", doc_type="报告")

    (target,) = extract_targets(document)

    assert (target.value, target.target_year, target.section) == ("7.5%左右", 2014, "二、2014年工作总体部署")


def test_a_stated_year_sets_the_target_year_and_past_years_are_achievements() -> None:
    document = policy("2020年，全县高新技术企业达到220家，力争到2025年高新技术企业达到440家。",
                      title="某县“十四五”科技创新规划", date="2021-06-01")

    (target,) = extract_targets(document)

    assert (target.value, target.target_year) == ("440家", 2025)


def test_a_plan_period_sets_the_year_of_sentences_that_name_none() -> None:
    by_title = policy("未来五年，确保财政科技投入年均增长15%以上。", title="某县“十四五”科技创新规划")
    by_statement = policy("本规划期为2021—2025年。\n确保财政科技投入年均增长15%以上。", title="某县科技创新规划")
    no_period = policy("确保财政科技投入年均增长15%以上。", title="关于加快科技创新的实施意见")

    assert [t.target_year for t in extract_targets(by_title)] == [2025]
    assert [t.target_year for t in extract_targets(by_statement)] == [2025]
    assert [t.target_year for t in extract_targets(no_period)] == [None]  # no year is made up


def test_a_year_stated_in_a_paragraph_carries_to_its_next_sentences() -> None:
    document = policy("力争到2022年，研发投入占比达到5%。带动全市研发投入占比达到3%以上。")

    assert [(t.value, t.target_year) for t in extract_targets(document)] == [("5%", 2022), ("3%以上", 2022)]


def test_respective_years_pair_with_respective_values() -> None:
    document = policy("到2013年、2015年、2017年企业博士后工作站分别达到2家、3家、6家。")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.target_year) for t in targets] == [
        ("企业博士后工作站", "2家", 2013), ("企业博士后工作站", "3家", 2015), ("企业博士后工作站", "6家", 2017)]
    assert not any(t.conflict for t in targets)  # different years: no conflict


# --- baselines -----------------------------------------------------------------------------------------


def test_a_stated_baseline_is_kept_with_its_year() -> None:
    document = policy("到2025年，科技人员人均补助标准由2020年的240元提高到280元。")

    (target,) = extract_targets(document)

    assert (target.indicator, target.value, target.baseline_value, target.baseline_year) == (
        "科技人员人均补助标准", "280元", "240元", 2020)
    assert_quoted(document, target)


def test_compared_with_a_year_gives_the_baseline_year_only() -> None:
    (target,) = extract_targets(policy("到2025年，规上工业增加值比2020年增长40%。"))

    assert (target.baseline_year, target.baseline_value, target.kind) == (2020, None, "growth")


def test_no_baseline_is_made_up() -> None:
    (target,) = extract_targets(policy("到2025年，规上工业增加值达到1000亿元。"))

    assert (target.baseline_value, target.baseline_year) == (None, None)


# --- tables --------------------------------------------------------------------------------------------


def test_indicator_table_rows_give_targets_with_baselines_even_when_a_category_cell_is_merged() -> None:
    document = policy("表：主要指标\n指标 类别 | 指标名称 | 2020年 | 2025年 |\n"
                      "科技 投入 | 研发经费支出占GDP比重(%) | 4.38 | 5 |\n"
                      "高新技术企业数(家) | 220 | 力争倍增 | |\n"
                      "高新技术产业增加值占比(%) | 90.79 | 保持90以上 | |")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.baseline_value, t.baseline_year, t.target_year) for t in targets] == [
        ("研发经费支出占GDP比重(%)", "5", "4.38", 2020, 2025),
        ("高新技术企业数(家)", "力争倍增", "220", 2020, 2025),
        ("高新技术产业增加值占比(%)", "保持90以上", "90.79", 2020, 2025)]
    assert [(t.unit, t.comparator, t.kind) for t in targets] == [
        ("%", "exact", "share"), ("家", "multiple", "level"), ("%", "keep", "share")]
    for target in targets:
        assert_quoted(document, target)


def test_a_table_with_missing_cells_gives_the_rows_it_can_read_and_nothing_made_up() -> None:
    document = policy("指标名称 | 2020年 | 2025年 |\n"
                      "研发经费支出(亿元) | 120 | |\n"  # no target cell
                      "技术合同成交额(亿元) | | 300 |\n"  # no baseline cell
                      "| | |\n"
                      "高新技术企业数(家) |\n")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.baseline_value, t.target_year) for t in targets] == [
        ("技术合同成交额(亿元)", "300", None, 2025)]
    assert_quoted(document, targets[0])


def test_a_target_without_any_year_keeps_no_year_rather_than_borrow_one() -> None:
    (target,) = extract_targets(bare("力争高新技术企业数量达到500家。"))

    assert (target.value, target.target_year) == ("500家", None)


@pytest.mark.parametrize(("sentence", "value", "number", "unit", "comparator"), [
    ("今年国民生产总值计划增长百分之八。", "百分之八", 8.0, "%", "exact"),
    ("今年工业总产值计划增长百分之七点五。", "百分之七点五", 7.5, "%", "exact"),
    ("今年人口自然增长率控制在千分之十三左右。", "千分之十三左右", 13.0, "‰", "about"),
    ("今年经济增长速度的目标定为百分之八至九。", "百分之八至九", 8.0, "%", "range"),
    ("今年农民纯收入计划增长百分之四至百分之五。", "百分之四至百分之五", 4.0, "%", "range"),
    ("今年国民生产总值计划增长百分之三十八。", "百分之三十八", 38.0, "%", "exact"),
])
def test_percentages_written_in_words_are_read_as_written(sentence: str, value: str, number: float, unit: str,
                                                          comparator: str) -> None:
    document = bare(sentence, title="1993年政府工作报告", doc_type="报告")

    (target,) = extract_targets(document)

    assert (target.value, target.number, target.unit, target.comparator, target.target_year) == (
        value, number, unit, comparator, 1993)
    assert_quoted(document, target)


def test_a_line_ending_in_a_colon_opens_the_targets_on_the_next_line_with_its_year() -> None:
    document = bare("今年经济社会发展的主要预期目标是：\n\n国内生产总值增长8%左右；城镇新增就业900万人以上。\n\n"
                    "全国城镇新增就业1168万人。", title="2010年政府工作报告", doc_type="报告")

    targets = extract_targets(document)

    assert [(t.indicator, t.value, t.target_year) for t in targets] == [
        ("国内生产总值", "8%左右", 2010), ("城镇新增就业", "900万人以上", 2010)]  # the line after is a fact


def test_next_year_counts_from_the_year_the_report_was_written_under_a_heading_for_that_year() -> None:
    document = policy("二、1981年国民经济计划的安排\n明年能源生产计划增长0.9％。", title="1980年政府工作报告",
                      date="", doc_type="报告")

    (target,) = extract_targets(document)

    assert (target.value, target.target_year) == ("0.9％", 1981)


def test_a_share_without_its_subject_takes_the_subject_of_the_figure_before_it() -> None:
    targets = extract_targets(policy("未来五年,确保财政科技投入年均增长15%以上,占财政支出的比重保持在10%以上。"))

    assert [(t.indicator, t.value) for t in targets] == [
        ("财政科技投入", "15%以上"), ("财政科技投入占财政支出的比重", "10%以上")]


def test_a_rank_to_reach_is_a_ceiling_and_an_rd_intensity_is_a_share() -> None:
    (rank,) = extract_targets(policy("到2027年,国家创新型城市排名进入全国前20位。"))
    (intensity,) = extract_targets(policy("到2027年,高新区R&D投入强度达到8%以上。"))

    assert (rank.value, rank.comparator) == ("20位", "at_most")
    assert (intensity.value, intensity.kind) == ("8%以上", "share")


# --- conflicts -----------------------------------------------------------------------------------------


def test_two_values_for_one_indicator_and_year_are_both_kept_and_marked() -> None:
    document = policy("到2025年，研发投入强度达到3%。\n到2025年，研发投入强度达到3.5%。\n"
                      "到2030年，研发投入强度达到4%。\n到2025年，人才资源总量达到14万人。\n"
                      "指标 | 2020年 | 2025年 |\n人才资源总量(万人) | 9.9 | 14 |")

    targets = extract_targets(document)

    assert [(t.value, t.target_year, t.conflict) for t in targets] == [
        ("3%", 2025, True), ("3.5%", 2025, True), ("4%", 2030, False), ("14万人", 2025, False),
        ("14", 2025, False)]  # the table repeats the prose figure: no conflict


# --- the document's own fields -------------------------------------------------------------------------


def test_targets_carry_the_documents_fields_and_need_no_chunks() -> None:
    document = replace(bare("到2025年，研发投入强度达到3%。", title="关于加快科技创新的实施意见"),
                       region="某市", source="policy.txt")

    (target,) = extract_targets(document, doc_status="in_force")

    assert (target.region, target.source, target.title, target.doc_status, target.section) == (
        "某市", "policy.txt", "关于加快科技创新的实施意见", "in_force", "")


# --- properties ----------------------------------------------------------------------------------------

_INDICATORS = ("城镇新增就业", "高新技术企业", "技术合同成交额", "人才资源总量", "规上工业增加值")
_UNITS = ("家", "万人", "亿元", "%", "个", "项", "万元/人", "人年")
_SUFFIXES = (("", "exact"), ("左右", "about"), ("以上", "at_least"), ("以内", "at_most"))


@settings(max_examples=60, deadline=None, database=None)
@given(indicator=st.sampled_from(_INDICATORS), verb=st.sampled_from(("达到", "为", "")),
       number=st.one_of(st.integers(1, 99999).map(str), st.integers(1, 99999).map(lambda n: f"{n / 100:.2f}")),
       unit=st.sampled_from(_UNITS), suffix=st.sampled_from(_SUFFIXES), year=st.integers(2021, 2035))
def test_a_stated_target_is_read_back_exactly(indicator: str, verb: str, number: str, unit: str,
                                              suffix: tuple[str, str], year: int) -> None:
    document = bare(f"一、发展目标\n到{year}年，{indicator}{verb}{number}{unit}{suffix[0]}。")

    (target,) = extract_targets(document)

    assert (target.indicator, target.value, target.number, target.unit) == (
        indicator, f"{number}{unit}{suffix[0]}", float(number), unit)
    assert (target.comparator, target.target_year) == (suffix[1], year)
    assert_quoted(document, target)


_PIECES = ("到2025年", "，", "。", "；", "\n", "|", "力争", "增长", "5%", "左右", "以上", "高新技术企业", "2500家",
           "指标 | 2020年 | 2025年 |", "由", "提高到", "比2020年", "倍增", "分别", "、", "今年", "“", "”",
           "3 ％", "１２", "亿元", "一、2013年工作回顾", "二、主要目标", "累计", "下降", "控制在", "6.5%－7%",
           "研发投入", "占比", "，比上年", "十四五", "今后五年", "3，000万吨", "保持")


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join),
       st.sampled_from(("", "2014年政府工作报告", "某县“十四五”科技创新规划")))
def test_every_target_quotes_the_text_it_stands_in_whatever_the_text(text: str, title: str) -> None:
    document = bare(text, title=title, doc_type="报告" if "报告" in title else "")

    for target in extract_targets(document):
        assert_quoted(document, target)


# --- the seeds and the work reports --------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS + REPORTS, ids=lambda p: p.name)
def test_every_target_in_the_corpora_quotes_the_text_it_stands_in(path: Path) -> None:
    document = prepared(path)

    targets = extract_targets(document)

    for target in targets:
        assert_quoted(document, target)
        assert target.target_year is None or 1949 <= target.target_year <= 2100


def test_the_corpora_have_targets_and_the_work_reports_are_read_in_seconds() -> None:
    documents = [prepared(p) for p in REPORTS]
    assert len(documents) == 43

    started = time.perf_counter()
    found = [extract_targets(d) for d in documents]
    seconds = time.perf_counter() - started

    assert seconds < 5
    assert sum(map(len, found)) > 300
    assert sum(len(extract_targets(seed(p.name[:3]))) for p in SEEDS) > 80


def test_seed_000_indicator_table_rows_have_baseline_and_target_years() -> None:
    targets = extract_targets(seed("000"))
    rows = {t.indicator: t for t in targets if "|" in t.quote}

    assert len(rows) >= 12
    assert {(t.baseline_year, t.target_year) for t in rows.values()} == {(2020, 2025)}
    research = rows["全社会R&D经费支出占GDP比重(%)"]
    assert (research.value, research.baseline_value, research.unit, research.kind) == ("5", "4.38", "%", "share")
    firms = rows["高新技术企业数(家)"]
    assert (firms.value, firms.comparator, firms.number, firms.baseline_value) == ("力争倍增", "multiple", None, "220")
    assert rows["高新技术产业增加值占工业增加值比重(%)"].comparator == "keep"


def test_seed_000_prose_and_table_disagree_on_patents_and_both_rows_are_kept() -> None:
    targets = extract_targets(seed("000"))
    patents = [t for t in targets if t.indicator.startswith("每万人高价值发明专利")]

    assert {(t.value, "|" in t.quote) for t in patents} == {("倍增", False), ("确保30件", True), ("力争倍增", True)}
    assert all(t.conflict and t.target_year == 2025 for t in patents)
    # where prose and table agree (5%左右 in prose, 5 in the table) nothing is marked
    research = [t for t in targets if t.indicator.startswith("全社会R&D经费支出占GDP比重")]
    assert {t.value for t in research} == {"5%左右", "5"} and not any(t.conflict for t in research)
    assert {t.indicator for t in targets if t.conflict} == {t.indicator for t in patents}


def test_seed_000_achievements_of_the_last_plan_are_no_targets() -> None:
    targets = extract_targets(seed("000"))

    assert not [t for t in targets if "取得的主要成就" in t.section]
    assert one(targets, "新增高技能人才").target_year == 2025


def test_seed_001_respective_years() -> None:
    targets = extract_targets(seed("001"))

    assert [(t.value, t.target_year) for t in targets if t.indicator == "发明专利授权量"] == [
        ("83件", 2013), ("108件", 2015), ("146件", 2017)]


def test_seed_002_targets_are_next_years_work_not_this_years_highlights() -> None:
    targets = extract_targets(seed("002"))

    assert targets and {t.target_year for t in targets} == {2022}
    assert all(t.section.startswith("二、2022年工作重点") for t in targets)
    assert one(targets, "新增国家高新技术企业").value == "25家以上"


def test_seed_003_targets_of_the_demonstration_zone_are_for_2022() -> None:
    targets = extract_targets(seed("003"))

    assert {t.target_year for t in targets} == {2022}
    assert one(targets, "每万人发明专利拥有量").value == "100件"
    assert one(targets, "技术合同交易额").kind == "growth"


def test_seed_004_draft_targets_for_2027() -> None:
    targets = extract_targets(seed("004"), doc_status="draft")

    firms = [t for t in targets if t.indicator == "高新技术企业"]
    assert [(t.value, t.kind, t.target_year) for t in firms] == [("2500家", "cumulative", 2027)] * 2
    assert not any(t.conflict for t in firms)  # stated twice, the same
    assert {t.doc_status for t in targets} == {"draft"}


@pytest.mark.parametrize(("year", "indicator", "value", "comparator"), [
    (2015, "国内生产总值", "7%左右", "about"),
    (2014, "城镇新增就业", "1000万人以上", "at_least"),
    (2013, "城镇登记失业率", "低于4.6%", "at_most"),
    (2009, "居民消费价格总水平涨幅", "4%左右", "about"),
    (2007, "城镇新增就业人数", "不低于900万人", "at_least"),
    (1998, "经济增长速度", "8 ％", "exact"),
])
def test_a_work_reports_main_expected_targets_get_the_reports_year(year: int, indicator: str, value: str,
                                                                    comparator: str) -> None:
    targets = extract_targets(report(year))

    main = [t for t in targets if t.indicator == indicator and t.value == value]
    assert main and all(t.target_year == year and t.comparator == comparator for t in main)
    assert not [t for t in targets if "回顾" in t.section and "要求" not in t.section]
