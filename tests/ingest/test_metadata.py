"""Tests for ingest.metadata on the shared seeds and small inline documents (rjieba)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.clean import clean_text
from ingest.metadata import PolicyMetadata, extract_metadata

SEEDS = Path(__file__).resolve().parents[2] / "corpus" / "seeds"


@cache
def seed(prefix: str) -> PolicyMetadata:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    return extract_metadata(raw, clean_text(raw))


# --- the shared seeds ----------------------------------------------------------------------------


def test_seed_000_county_plan() -> None:
    meta = seed("000")

    assert (meta.date, meta.region, meta.issuer, meta.doc_type) == (
        "2023-06-19", "新昌县", "新昌县科技局", "规划")


def test_seed_001_city_news_item() -> None:
    meta = seed("001")

    assert meta.title.startswith("嵊州市实施十大行动")
    assert (meta.region, meta.doc_type) == ("嵊州市", "新闻")
    assert meta.date == ""  # the page carries no date, so none is made up


def test_seed_002_work_report_signed_at_the_end() -> None:
    meta = seed("002")

    assert (meta.date, meta.region, meta.doc_type) == ("2021-12-16", "新昌县", "报告")
    assert meta.title == "2021年浙江新昌科技创新工作亮点和2022年重点工作思路"


def test_seed_003_provincial_opinion_without_a_title_line() -> None:
    meta = seed("003")

    assert "宁波温州国家自主创新示范区" in meta.title
    assert meta.title.startswith("关于") and meta.title.endswith("的意见")
    assert meta.doc_type == "意见"


def test_seed_004_draft_opinion_behind_portal_chrome() -> None:
    meta = seed("004")

    assert meta.title == "关于长三角科创枢纽城市的建设意见 (征求意见稿)"
    assert (meta.region, meta.doc_type) == ("湖州市", "意见")
    assert meta.regions[0] == "湖州市"


# --- small inline documents ----------------------------------------------------------------------


def test_title_hint_wins_over_the_text() -> None:
    clean = "关于加强科技创新的通知\n各单位:现将有关事项通知如下。"

    meta = extract_metadata(clean, clean, title_hint="  湖州市科技创新券管理办法 ")

    assert meta.title == "湖州市科技创新券管理办法"
    assert meta.doc_type == "办法"


def test_subject_sentence_builds_an_opinion_title() -> None:
    clean = ("为加快建设创新型县,现就推进科技创新工作提出如下意见。\n"
             "一、总体要求\n坚持创新驱动发展。")

    meta = extract_metadata(clean, clean)

    assert meta.title == "关于推进科技创新工作的意见"
    assert meta.doc_type == "意见"


def test_subject_sentence_builds_a_notice_title() -> None:
    clean = "各有关单位:现就开展科技型中小企业评价工作通知如下。\n一、评价对象\n在本县注册的企业。"

    meta = extract_metadata(clean, clean)

    assert meta.title == "关于开展科技型中小企业评价工作的通知"
    assert meta.doc_type == "通知"


def test_no_date_in_the_document_gives_an_empty_date() -> None:
    clean = ("关于加强科技创新的意见\n到2025年,研发投入占比达到3%。\n"
             "2022年3月起实施人才新政。\n一、加强领导\n二、强化保障\n三、抓好落实")

    assert extract_metadata(clean, clean).date == ""


def test_a_date_in_the_middle_of_the_body_is_not_taken_as_the_document_date() -> None:
    clean = ("关于加强科技创新的意见\n2021年12月16日,县政府召开科技创新大会。\n"
             "一、加强领导\n二、强化保障\n三、抓好落实")

    assert extract_metadata(clean, clean).date == ""


def test_publish_date_line_in_the_raw_page_is_read() -> None:
    raw = "发布时间:2023-6-9 10:00\n访问次数:12\n关于加强科技创新的通知\n正文。"

    meta = extract_metadata(raw, clean_text(raw))

    assert meta.date == "2023-06-09"
    assert meta.title == "关于加强科技创新的通知"


@pytest.mark.parametrize(("signature", "issuer", "date"), [
    ("县科技局2021-12-16", "新昌县科技局", "2021-12-16"),
    ("新昌县人民政府办公室 2022年3月1日", "新昌县人民政府办公室", "2022-03-01"),
])
def test_closing_signature_gives_issuer_and_date(signature: str, issuer: str, date: str) -> None:
    clean = ("新昌县科技创新工作要点\n新昌县坚持创新强县战略。\n全县科技创新综合实力显著增强。\n"
             "新昌县创新指数位居全省前列。\n" + signature)

    meta = extract_metadata(clean, clean)

    assert (meta.issuer, meta.date, meta.region) == (issuer, date, "新昌县")


def test_unknown_kind_of_document_is_other() -> None:
    clean = "科技创新工作情况介绍\n全县科技创新工作稳步推进。"

    assert extract_metadata(clean, clean).doc_type == "其他"


def test_effective_date_in_the_closing_line_is_not_the_issue_date() -> None:
    raw = "某市科技创新奖励办法\n第一条 为鼓励创新,制定本办法。\n本办法自2024年1月1日起施行。"

    assert extract_metadata(raw, raw).date == ""


def test_a_national_document_is_about_the_whole_country_not_a_place_it_names() -> None:
    text = "各位代表：\n支持香港、澳门保持长期繁荣稳定。上海、北京、上海要率先发展。上海浦东开发开放。"
    meta = extract_metadata(text, text, title_hint="2014年中华人民共和国国务院政府工作报告")
    assert (meta.region, meta.regions) == ("全国", ("全国",))


def test_special_administrative_regions_keep_their_own_suffix() -> None:
    text = "香港特别行政区政府关于创新科技的措施。香港将设立创新基金。香港科技园扩建。"
    meta = extract_metadata(text, text, title_hint="香港创新科技措施")
    assert meta.region == "香港特别行政区"
