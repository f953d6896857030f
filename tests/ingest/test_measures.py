"""Support measures read out of a document: what counts, the amount, the conditions and who issued it."""

from __future__ import annotations

from pathlib import Path

from core.measures import NATIONAL
from ingest.measures import extract_measures
from tests.ingest.real_documents import prepared
from tests.ingest.test_targets import bare

SEEDS = sorted((Path(__file__).resolve().parents[2] / "corpus" / "seeds").glob("*.txt"))


def test_a_tiered_amount_a_rate_with_its_cap_and_a_fixed_sum_are_read() -> None:
    text = ("某市人才新政\n对在本市就业的人才，按每月675-4500元给予租房补贴。\n"
            "对企业研发投入，按研发投入的10%给予补助，最高不超过500万元。\n每引进一名博士，给予用人单位5万元奖励。")
    tiered, ratio, fixed = extract_measures(bare(text))

    assert tiered.amount is not None and tiered.amount.kind == "tiered" and tiered.amount.tiers == ("675-4500元",)
    assert ratio.amount is not None
    assert (ratio.amount.kind, ratio.amount.rate, ratio.amount.cap) == ("ratio", 10.0, 500.0)
    assert fixed.amount is not None
    assert (fixed.amount.kind, fixed.amount.cap, fixed.amount.unit) == ("fixed", 5.0, "万元")
    assert [(c.field, c.value) for c in fixed.conditions] == [("talent", ["博士"])]


def test_results_and_promises_are_not_measures() -> None:
    text = "今年以来累计发放补贴2亿元。\n加大科技奖励力度，营造创新氛围。\n对新认定的高新技术企业给予一次性奖励30万元。"

    (measure,) = extract_measures(bare(text))

    assert "30万元" in measure.quote and measure.instrument == "award"
    assert [(c.field, c.op, c.value) for c in measure.conditions] == [("qualifications", "any_of", ["高新技术企业"])]


def test_a_measure_after_a_promise_or_a_report_in_the_same_sentence_is_read() -> None:
    text = ("措施提出，加大创业担保贷款贴息力度，将持卡人才纳入支持范围，对符合条件的个人创业担保贷款实施全额贴息。\n"
            "此次发布的税费政策针对性强，减免力度有所加大。\n"
            "今年以来已为企业减免税费5亿元。")
    (measure,) = extract_measures(bare(text))

    assert measure.benefit.endswith("实施全额贴息") and measure.instrument == "loan"


def test_thresholds_become_conditions_with_their_exact_words() -> None:
    text = "对月销售额10万元以下的增值税小规模纳税人，免征增值税。"
    (measure,) = extract_measures(bare(text))

    fields = {c.field: c for c in measure.conditions}
    assert fields["revenue_wan"].op == "<=" and fields["revenue_wan"].value == 120  # monthly, as a year
    assert fields["qualifications"].value == ["小规模纳税人"]
    assert all(text[c.start:c.end] == c.quote for c in measure.conditions)


def test_a_share_that_reckons_the_sum_is_no_condition_but_a_share_to_reach_is() -> None:
    text = "对研发投入占营业收入比例达到3%以上的企业，按研发投入的10%给予补助，最高不超过100万元。"
    (measure,) = extract_measures(bare(text))

    assert [(c.field, c.op, c.value, c.quote) for c in measure.conditions] == [
        ("rd_ratio", ">=", 0.03, "研发投入占营业收入比例达到3%以上")]
    assert measure.amount is not None and measure.amount.rate == 10.0


def test_the_issuer_is_the_body_that_acts_not_a_place_merely_named() -> None:
    text = ("中新网8月6日电 常山县出台新政，按照标准在北京、上海、杭州开设餐饮店的最高能给予100万元奖励。\n"
            "财政部、税务总局近日发布公告，对小型微利企业减按25%计算应纳税所得额。\n"
            "国家税务总局郑州市税务局发布通知，对首次购房的青年人才给予契税补贴。")
    shop, tax, deed = extract_measures(bare(text))

    assert shop.region == "常山县" and shop.region_code.startswith("3308")
    assert tax.region == NATIONAL
    assert deed.region == "郑州市"  # a local office of a national body


def test_a_document_title_naming_a_state_council_reply_does_not_make_its_measures_national() -> None:
    text = ("为落实《国务院关于同意某区建设示范区的批复》精神，湖州市提出如下措施。\n"
            "对新认定的高新技术企业给予奖励20万元。")
    (measure,) = extract_measures(bare(text))

    assert measure.region == "湖州市"


def test_every_measure_and_condition_quote_is_an_exact_span_of_each_seed() -> None:
    count = 0
    for path in SEEDS:
        document = prepared(path)
        for measure in extract_measures(document):
            count += 1
            assert document.clean_text[measure.start:measure.end] == measure.quote
            assert measure.benefit in measure.quote
            assert all(document.clean_text[c.start:c.end] == c.quote and c.quote in measure.quote
                       for c in measure.conditions)
    assert count >= 5
