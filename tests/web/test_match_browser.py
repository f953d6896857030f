"""The 政策匹配 tab in headless Chromium: fill the profile, see the grouped results with ✔/✘/?, answer the
clarifying questions and see the list change, export the CSV; and the portal's /embed/match page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.app_server import serve
from tests.web.conftest import parts_with
from tests.web.test_ui_browser import ARTIFACTS, ask
from vectorstore.models import SentenceEmbeddings
from web.server import create_app

# A county's measures with conditions on a title, a share of R&D, a degree and size; the test data's other
# documents come from two other places, whose measures this county's enterprise must never see.
MEASURES = """常山县支持科技型企业高质量发展若干政策
常政办发〔2024〕8号
一、创新主体
(一)对新认定的高新技术企业,给予一次性奖励30万元。
(二)对研发投入占营业收入比例达到3%以上的企业,按研发投入的10%给予补助,最高不超过100万元。
二、人才引进
(一)对企业全职引进的博士,给予每人每年5万元生活补贴,连续补贴3年。
三、降低成本
(一)对年营业收入不超过500万元的小微企业,给予50%房租补贴。
常山县人民政府办公室
2024年3月1日
"""


@pytest.fixture(scope="module")
def match_url(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> Iterator[str]:
    parts = parts_with(tmp_path_factory, embeddings, {"changshan_measures.txt": MEASURES})
    with serve(create_app(parts, allowed_origins=[])) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1360, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_the_tab_groups_measures_and_its_questions_change_the_list(page: Page, match_url: str) -> None:
    page.goto(match_url)
    page.get_by_role("tab", name="政策匹配").click()
    page.locator("#match-region input").click()
    options = page.get_by_role("option")
    expect(options.filter(has_text="兰溪市")).to_have_count(1)  # the indexed regions are offered
    page.get_by_role("option", name="常山县", exact=True).click()
    page.locator("#match-run").click()

    results = page.locator("#match-results")
    waiting = page.locator('#match-results .match-group[data-verdict="needs_info"] .match-item')
    expect(waiting).to_have_count(4)
    expect(page.locator("#match-results .match-item:not([data-region='常山县'])")).to_have_count(0)
    expect(results).to_contain_text("✔ 发布地区：常山县")
    expect(results).to_contain_text("? 高新技术企业")
    expect(page.locator("#match-note")).to_contain_text("需补充信息 4 条")

    question = page.locator("#match-q0-choice")
    expect(question).to_contain_text("贵公司是否为高新技术企业？")
    question.get_by_text("是", exact=True).click()
    eligible = page.locator('#match-results .match-group[data-verdict="eligible"] .match-item')
    expect(eligible).to_have_count(1)
    expect(eligible).to_contain_text("给予一次性奖励30万元")
    expect(eligible).to_contain_text("✔ 高新技术企业")
    expect(page.locator("#match-quals input[type=checkbox]:checked")).to_have_count(1)  # written into the form

    slot = page.locator("[id^=match-q][id$=-text]").filter(has_text="研发投入占营业收入比例")
    expect(slot).to_have_count(1)  # a number: asked in a text box
    slot.locator("textarea, input").first.fill("1.5")
    slot.locator("textarea, input").first.press("Enter")
    ineligible = page.locator('#match-results .match-group[data-verdict="ineligible"] .match-item')
    expect(ineligible).to_have_count(1)
    expect(ineligible).to_contain_text("✘ 研发投入占营业收入比例达到3%以上")
    expect(page.locator("#match-rd textarea, #match-rd input").first).to_have_value("1.5")
    page.screenshot(path=ARTIFACTS / "match-tab.png", full_page=True)

    with page.expect_download() as download:
        page.locator("#match-export").click()
    assert download.value.suggested_filename == "policy-match.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_bytes().decode("utf-8-sig"))))
    assert [r["结论"] for r in rows] == ["符合条件", "需补充信息", "需补充信息", "暂不符合"]
    assert {r["发布地区"] for r in rows} == {"常山县"}
    assert all(r["原文"] in MEASURES for r in rows)


def test_a_box_that_holds_no_number_says_what_to_write(page: Page, match_url: str) -> None:
    page.goto(match_url)
    page.get_by_role("tab", name="政策匹配").click()
    page.locator("#match-employees textarea, #match-employees input").first.fill("很多")
    page.locator("#match-run").click()
    expect(page.locator("#match-note")).to_contain_text("职工人数请填写数字，例如 120")
    expect(page.locator("#match-results .match-item")).to_have_count(0)  # nothing matched on a bad form


def test_the_portal_can_open_the_match_form_alone(page: Page, match_url: str) -> None:
    page.goto(f"{match_url}/embed/match")
    expect(page.locator("#match-region")).to_be_visible()
    expect(page.locator("#question")).to_have_count(0)  # no chat on this page
    expect(page.locator(".app-header h1")).to_have_text("政策匹配")
    page.locator("#match-region input").click()
    page.get_by_role("option", name="常山县", exact=True).click()  # the list is filled when the page loads
    expect(page.locator("#match-region input")).to_have_value("常山县")
    page.locator("#match-run").click()
    expect(page.locator("#match-results .match-item")).to_have_count(4)


def test_the_chat_answers_an_enterprise_from_the_matcher_and_reads_its_reply(page: Page, match_url: str) -> None:
    page.goto(match_url)
    ask(page, "我是常山县的一家企业，有哪些扶持？")
    bot = page.locator("#chat [data-testid=bot]").last
    expect(bot).to_contain_text("根据您提供的企业情况（常山县）")
    expect(bot).to_contain_text("请问：贵公司是否为高新技术企业？")
    expect(bot.locator("a.cite")).not_to_have_count(0)
    expect(page.locator("#evidence .ev-item mark.quote").first).to_be_visible()

    ask(page, "是的")
    bot = page.locator("#chat [data-testid=bot]").last
    expect(bot).to_contain_text("✔高新技术企业")
    expect(bot).to_contain_text("给予一次性奖励30万元")


def test_the_api_answers_a_match_question_with_exact_citations(match_url: str) -> None:
    body = httpx.post(f"{match_url}/api/ask", json={"question": "我们公司在常山县，研发投入占营收1%，能享受哪些政策？"},
                      timeout=60).json()

    assert body["answer"].startswith("根据您提供的企业情况") and not body["refused"]
    assert "研发投入的10%" not in body["answer"]  # 1% is under its 3% line: not listed as applying
    assert body["citations"] and all(c["source"] == "changshan_measures.txt" for c in body["citations"])
    assert all(MEASURES.find(c["quote"]) >= 0 for c in body["citations"])
