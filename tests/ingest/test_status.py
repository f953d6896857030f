"""Tests for ingest.status: inline documents for each rule, then the seeds and the work reports."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.numerals import chinese_number
from core.records import DocumentRecord
from ingest.status import add_months, document_status, five_year_plan_years
from tests.ingest.real_documents import prepared

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "corpus" / "seeds").glob("*.txt"))
REPORTS = sorted((REPO.parent / "shared" / "corpus" / "work-reports").glob("*政府工作报告.txt"))
TODAY = datetime.date(2026, 1, 15)


def policy(text: str, *, title: str = "", date: str = "", issuer: str = "",
           doc_type: str = "") -> DocumentRecord:
    return DocumentRecord(doc_id="t", path="/t.txt", source="t.txt", title=title, clean_text=text, date=date,
                          issuer=issuer, doc_type=doc_type)




# --- drafts --------------------------------------------------------------------------------------------


def test_a_draft_is_a_draft_whatever_its_dates_say() -> None:
    text = ("关于加快科技创新的若干意见（征求意见稿）\n一、总体要求\n"
            "本意见自2020年1月1日起施行，有效期至2021年12月31日。")

    status = document_status(policy(text), today=TODAY)

    assert (status.status, status.status_basis) == ("draft", "stated")
    assert status.status_quote == "关于加快科技创新的若干意见（征求意见稿）"
    assert (status.valid_from, status.valid_until) == ("", "")


@pytest.mark.parametrize("opening", ["某市科技创新条例（草案）", "某市科技创新条例(送审稿)",
                                     "关于长三角科创枢纽城市的建设意见 (征求意见稿)"])
def test_draft_markers_in_the_opening_lines(opening: str) -> None:
    assert document_status(policy(f"{opening}\n第一条 为了促进科技创新，制定本条例。"), today=TODAY).status == "draft"


def test_a_draft_named_inside_the_text_is_another_documents() -> None:
    text = "各位代表：\n我们在听了关于宪法草案的报告以后，一致同意。\n今年要继续加强经济建设。"

    assert document_status(policy(text, title="1954年政府工作报告"), today=TODAY).status == "unknown"


# --- stated validity -----------------------------------------------------------------------------------


def test_valid_until_a_date_that_has_passed_is_expired() -> None:
    text = "关于做好疫情期间科技服务的通知\n一、…\n本通知自印发之日起施行，有效期至2020年12月31日。"
    document = policy(text, date="2020-03-01")

    expired = document_status(document, today=datetime.date(2021, 1, 1))
    current = document_status(document, today=datetime.date(2020, 12, 31))

    assert (expired.status, expired.status_basis, expired.valid_from, expired.valid_until) == (
        "expired", "stated", "2020-03-01", "2020-12-31")
    assert expired.status_quote == "本通知自印发之日起施行，有效期至2020年12月31日。"
    assert expired.status_quote in document.clean_text
    assert current.status == "in_force"


def test_an_execution_period_with_both_ends() -> None:
    status = document_status(policy("关于X的通知\n执行期限为2020年1月1日至2020年6月30日。"), today=TODAY)

    assert (status.status, status.valid_from, status.valid_until) == ("expired", "2020-01-01", "2020-06-30")


@pytest.mark.parametrize(("issued", "today", "until", "expected"), [
    ("2020-02-10", datetime.date(2020, 4, 1), "2020-05-10", "in_force"),
    ("2020-02-10", datetime.date(2020, 5, 11), "2020-05-10", "expired"),
    ("2020-11-30", datetime.date(2021, 1, 1), "2021-02-28", "in_force"),  # no 30 February: the month's end
])
def test_three_months_from_the_stated_date_are_exact_calendar_months(issued: str, today: datetime.date,
                                                                      until: str, expected: str) -> None:
    document = policy("关于支持企业复工复产的通知\n执行期暂定为自发布之日起三个月。", date=issued)

    status = document_status(document, today=today)

    assert (status.status, status.valid_from, status.valid_until) == (expected, issued, until)
    assert status.status_quote == "执行期暂定为自发布之日起三个月。"


def test_a_duration_without_a_date_to_count_from_says_nothing() -> None:
    status = document_status(policy("关于X的通知\n执行期暂定为自发布之日起三个月。"), today=TODAY)

    assert (status.status, status.status_basis, status.valid_until, status.status_quote) == (
        "unknown", "default", "", "")


def test_effective_from_a_coming_date_is_not_yet_effective() -> None:
    document = policy("某市科技创新券管理办法\n第二十条 本办法自2022年1月1日起施行，有效期3年。")

    before = document_status(document, today=datetime.date(2021, 12, 1))
    during = document_status(document, today=datetime.date(2023, 6, 1))

    assert (before.status, before.valid_from, before.valid_until) == ("not_yet_effective", "2022-01-01", "2025-01-01")
    assert before.status_quote == "第二十条 本办法自2022年1月1日起施行，有效期3年。"
    assert during.status == "in_force"


def test_validity_of_a_law_the_text_mentions_is_not_the_documents() -> None:
    text = "今年要认真贯彻《劳动合同法》，该法自2008年1月1日起施行。"

    assert document_status(policy(text, title="2008年政府工作报告"), today=TODAY).status == "unknown"


# --- repeal --------------------------------------------------------------------------------------------


def test_this_document_repealed() -> None:
    text = "某市科技计划项目管理办法\n本办法自2023年1月1日起废止。"

    status = document_status(policy(text), today=TODAY)

    assert (status.status, status.status_basis) == ("repealed", "stated")
    assert status.status_quote == "本办法自2023年1月1日起废止。"
    assert document_status(policy(text), today=datetime.date(2022, 6, 1)).valid_until == "2022-12-31"
    assert document_status(policy("某市科技计划项目管理办法（已废止）\n第一条 …"), today=TODAY).status == "repealed"


def test_repealing_an_older_document_does_not_repeal_this_one() -> None:
    text = "某市科技计划项目管理办法\n本办法自印发之日起施行，原《某市科技计划项目管理暂行办法》同时废止。"

    status = document_status(policy(text, date="2019-05-05"), today=TODAY)

    assert (status.status, status.valid_from) == ("in_force", "2019-05-05")


# --- plans, reports, defaults --------------------------------------------------------------------------


def test_a_stated_plan_period_gives_an_inferred_status() -> None:
    document = policy("一、总体要求\n本规划期为2021—2025年，展望到2035年。", title="某县科技创新规划")

    ended = document_status(document, today=TODAY)
    running = document_status(document, today=datetime.date(2023, 5, 1))

    assert (ended.status, ended.status_basis) == ("expired", "inferred")
    assert ended.status_quote == "本规划期为2021—2025年，展望到2035年。"
    assert (running.status, running.status_basis) == ("in_force", "inferred")
    assert (ended.valid_from, ended.valid_until) == ("", "")  # a plan period is no stated validity


def test_a_five_year_plan_in_the_title_gives_its_period() -> None:
    title = "某县“十四五”科技创新规划"

    status = document_status(policy(f"{title}\n一、发展基础", title=title), today=TODAY)

    assert (status.status, status.status_basis, status.status_quote) == ("expired", "inferred", title)


def test_a_plan_without_a_stated_period_and_a_work_report_are_unknown_by_default() -> None:
    plan = policy("“十四五”时期，是抢抓新一轮科技革命的战略机遇期，特制定本规划。", title="创新是引领发展的第一动力",
                  doc_type="规划")
    work_report = policy("各位代表：\n今年经济社会发展的主要预期目标是：国内生产总值增长7%左右。",
                         title="2015年中华人民共和国国务院政府工作报告", doc_type="报告")

    for document in (plan, work_report):
        status = document_status(document, today=TODAY)
        assert (status.status, status.status_basis, status.status_quote) == ("unknown", "default", "")
    assert document_status(work_report, today=TODAY).issuer == "中华人民共和国国务院"


# --- who, when, which number ---------------------------------------------------------------------------


def test_the_documents_own_number_not_a_cited_one() -> None:
    own = ("新政发〔2021〕12号\n某县人民政府关于印发科技新政的通知\n"
           "根据《国务院关于X的通知》（国发〔2020〕5号），制定本政策。")
    cited_only = "关于印发科技新政的通知\n根据《国务院关于X的通知》（国发〔2020〕5号），制定本政策。"
    labelled = "索引号：001\n发文字号：浙政办发〔2019〕3号\n关于X的通知"

    assert document_status(policy(own), today=TODAY).doc_number == "新政发〔2021〕12号"
    assert document_status(policy(cited_only), today=TODAY).doc_number == ""
    assert document_status(policy(labelled), today=TODAY).doc_number == "浙政办发〔2019〕3号"


def test_issuer_and_date_come_from_the_record_or_what_the_text_clearly_states() -> None:
    signed = policy("关于X的通知\n一、…\n某市人民政府\n2021年3月5日", title="某市人民政府关于X的通知")
    recorded = policy("关于X的通知", issuer="某县科技局", date="2023-06-19")

    assert (document_status(signed, today=TODAY).issuer, document_status(signed, today=TODAY).date) == (
        "某市人民政府", "2021-03-05")
    assert (document_status(recorded, today=TODAY).issuer, document_status(recorded, today=TODAY).date) == (
        "某县科技局", "2023-06-19")


# --- helpers -------------------------------------------------------------------------------------------


@settings(database=None)  # nothing written into the project tree
@given(st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2100, 1, 1)), st.integers(0, 120))
def test_adding_months_lands_that_many_months_on_never_past_the_day(start: datetime.date, months: int) -> None:
    end = add_months(start, months)

    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day <= start.day
    assert end.day == start.day or (end + datetime.timedelta(days=1)).day == 1  # else the month's last day


@pytest.mark.parametrize(("text", "number"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("两", 2), ("6", 6)])
def test_small_chinese_numbers(text: str, number: int) -> None:
    assert chinese_number(text) == number


def test_five_year_plan_years() -> None:
    assert [five_year_plan_years(n) for n in (1, 9, 13, 14)] == [(1953, 1957), (1996, 2000), (2016, 2020),
                                                              (2021, 2025)]


# --- the seeds and the work reports --------------------------------------------------------------------


def test_seed_004_is_a_draft() -> None:
    (path,) = [p for p in SEEDS if p.name.startswith("004")]
    document = prepared(path)

    status = document_status(document, today=TODAY)

    assert (status.status, status.status_basis) == ("draft", "stated")
    assert "征求意见稿" in status.status_quote and status.status_quote in document.clean_text


@pytest.mark.parametrize("path", SEEDS + REPORTS[::6], ids=lambda p: p.name)
def test_the_corpora_statuses_quote_their_text_and_reports_are_unknown(path: Path) -> None:
    document = prepared(path)

    status = document_status(document, today=TODAY)

    assert status.status_quote == "" or status.status_quote in document.clean_text
    assert (status.status_quote == "") == (status.status_basis == "default")
    if path in REPORTS:
        assert (status.status, status.status_basis, status.issuer) == ("unknown", "default", "中华人民共和国国务院")
    elif not path.name.startswith("004"):
        assert status.status == "unknown"  # no seed but the draft states its status
