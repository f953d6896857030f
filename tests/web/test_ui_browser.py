"""web.ui in headless Chromium (Debian's package, driven by playwright), served by `python app.py`:
cited streaming answers, follow-ups, examples, the portal widget in a cross-origin iframe, uploads
and escaping; the 规划指标 tab over an index with a plan (its app served in-process)."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from assistant.backends import BACKENDS
from settings import PROJECT_DIR, Settings
from tests.app_server import app_settings, build_index, free_port, make_parts, run_app_py, serve
from tests.web.conftest import PLAN_FILE
from vectorstore.lock import release_index
from vectorstore.models import SentenceEmbeddings
from web.examples import example_questions
from web.feedback import FEEDBACK_FILE, FeedbackStore
from web.server import create_app

ARTIFACTS = PROJECT_DIR / "test-artifacts"
TOKEN = "test-admin-token"
XSS_POLICY = """安吉县科技型企业研发补助办法
一、支持标准
(一)研发补助。对科技型企业按研发投入的10%给予补助,每家企业每年最高50万元。<script>window.__xss=1</script>
(二)页面示例。<img src=x onerror="window.__xss=1">这段文字应当原样显示。
安吉县科学技术局
2024年4月1日
"""


class _PortalPage(BaseHTTPRequestHandler):
    """A portal page on another origin that embeds the widget with its one-line snippet."""

    app_url = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
                '<title>门户</title></head>'
                f'<body><h1>某市人民政府门户网站</h1><p>政策文件栏目</p>'
                f'<script src="{self.app_url}/widget.js"></script></body></html>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _portal(port: int, app_url: str) -> ThreadingHTTPServer:
    handler = type("Portal", (_PortalPage,), {"app_url": app_url})
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings) -> Path:
    directory = tmp_path_factory.mktemp("browser-db")
    build_index(directory, embeddings)
    release_index(directory)  # app.py, another process, serves it
    return directory


@pytest.fixture(scope="module")
def portal_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def app_url(db: Path, portal_port: int, models_dir: Path) -> Iterator[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    env = {"POLICYQA_ADMIN_TOKEN": TOKEN, "POLICYQA_MODELS_DIR": str(models_dir),
           "POLICYQA_ALLOWED_ORIGINS": f"http://127.0.0.1:{portal_port}",
           "POLICYQA_RATE_LIMIT_PER_MINUTE": "0"}
    with run_app_py(db, ARTIFACTS / "app-browser.log", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def local_llm_url(tmp_path_factory: pytest.TempPathFactory, embeddings: SentenceEmbeddings,
                  models_dir: Path) -> Iterator[str]:
    """The same app in-process, answering with the packaged local LLM."""
    directory = tmp_path_factory.mktemp("llm-db")
    settings = app_settings(directory, llm_backend="local", models_dir=models_dir, max_answer_tokens=128)
    parts = make_parts(build_index(directory, embeddings), settings)
    with serve(create_app(parts, allowed_origins=[])) as url:
        yield url


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def ask(page: Page, question: str, scope: Page | None = None) -> None:
    """Type a question, send it, wait until the answer is final."""
    status = page.locator("#status")
    before = status.locator(".answer-status").get_attribute("data-answer", timeout=0) \
        if status.locator(".answer-status[data-answer]").count() else None
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    done = status.locator(".answer-status[data-answer]")
    expect(done).to_have_count(1, timeout=60_000)
    if before:
        expect(done).not_to_have_attribute("data-answer", before, timeout=60_000)


WATCH_PROGRESS = """() => {  // when did sources, answer text and the final answer first appear?
    window.__seen = {};
    new MutationObserver(() => {
        const now = performance.now(), seen = window.__seen;
        const final = document.querySelector('#status [data-answer]');
        if (!seen.sources && document.querySelector('#evidence .ev-item')) {
            seen.sources = now;
            seen.finalWithSources = Boolean(final);
        }
        const bot = [...document.querySelectorAll('#chat [data-testid=bot]')].pop();
        if (!seen.text && bot && !/^(正在|已找到)/.test(bot.innerText.trim())) seen.text = now;
        if (!seen.final && final) seen.final = now;
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_local_llm_answer_streams_after_its_sources(page: Page, local_llm_url: str) -> None:
    page.goto(local_llm_url)
    page.evaluate(WATCH_PROGRESS)

    # A question the model words (a figure question is answered from the sources, without it).
    ask(page, "兰溪市科技创新券对检验检测服务怎样补助?")

    seen = page.evaluate("window.__seen")
    assert not seen["finalWithSources"]  # the passages were on screen while the model wrote
    assert seen["sources"] + 500 < seen["final"] and seen["text"] <= seen["final"]
    expect(page.locator("#chat [data-testid=bot]").last).to_contain_text("50%")
    expect(page.locator("#status")).to_contain_text(BACKENDS["local"].label)
    page.locator("#chat a.cite").first.click()
    expect(page.locator(".ev-item.active mark.quote")).to_contain_text("50%")
    page.screenshot(path=ARTIFACTS / "local-llm-answer.png", full_page=True)


def test_answer_with_a_citation_that_shows_its_source(page: Page, app_url: str, db: Path) -> None:
    page.goto(app_url)
    page.evaluate(WATCH_PROGRESS)

    ask(page, "兰溪市科技创新券对检验检测服务按多少比例补助?")

    seen = page.evaluate("window.__seen")
    assert seen["sources"] <= seen["final"]
    answer = page.locator("#chat .message.bot, #chat [data-testid=bot]").last
    expect(answer).to_contain_text("50%")
    expect(answer.locator(".msg-sources")).to_contain_text("《兰溪市科技创新券实施办法》")
    marker = answer.locator("a.cite").first
    number = re.sub(r"\D", "", marker.inner_text())
    marker.click()
    source = page.locator(f"#src-1-{number}")
    expect(source).to_have_class(re.compile(r"\bactive\b"))
    expect(source).to_be_in_viewport()
    expect(source.locator("mark.quote")).to_contain_text("50%")
    expect(source).to_contain_text("兰溪市科技创新券实施办法")
    page.screenshot(path=ARTIFACTS / "chat-citation.png", full_page=True)

    page.locator("#copy").click()
    expect(page.locator("#copy")).to_contain_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "50%" in copied and "来源:" in copied and "lanxi_subsidy.txt" in copied

    page.locator("#comment textarea").fill("很清楚")
    page.locator("#thumbs-up").click()
    expect(page.locator("#feedback-note")).to_contain_text("已记录")
    stored = FeedbackStore(db / FEEDBACK_FILE).rows()[-1]
    assert (stored["rating"], stored["comment"], stored["backend"]) == ("up", "很清楚", "extractive")
    assert "50%" in stored["answer"] and "lanxi_subsidy.txt" in stored["citations"]


def test_the_examples_beside_the_corpus_fill_the_question_box(page: Page, app_url: str) -> None:
    groups = example_questions("", Settings().corpus, [])  # app.py runs with the default corpus
    page.goto(app_url)

    for group in groups:
        expect(page.get_by_text(group.label, exact=True).first).to_be_visible()
    page.get_by_text(groups[1].questions[0], exact=True).first.click()

    expect(page.locator("#question textarea")).to_have_value(groups[1].questions[0])


def test_follow_up_uses_the_conversation(page: Page, app_url: str) -> None:
    page.goto(app_url)
    ask(page, "江山市领军人才的安家补贴是多少?")
    ask(page, "那顶尖人才呢?")

    bots = page.locator("#chat [data-testid=bot]")
    expect(bots).to_have_count(2)
    expect(bots.last).to_contain_text("300")
    expect(page.locator("#status")).to_contain_text("检索用语:江山市顶尖人才的安家补贴是多少?")
    expect(page.locator("#evidence details.ev-old")).to_have_count(1)  # turn 1's sources, folded
    bots.last.locator("a.cite").first.click()
    expect(page.locator("#evidence .ev-turn[data-turn='2'] .ev-item.active")).to_be_visible()

    previous = page.locator("#status [data-answer]").get_attribute("data-answer")
    page.locator("#regenerate").click()
    expect(page.locator("#status [data-answer]")).not_to_have_attribute("data-answer",
                                                                       previous or "")
    expect(bots).to_have_count(2)
    page.screenshot(path=ARTIFACTS / "chat-follow-up.png", full_page=True)

    page.locator("#clear").click()
    expect(bots).to_have_count(0)
    expect(page.locator("#evidence .ev-empty")).to_be_visible()


def test_widget_embeds_the_chat_in_a_portal_iframe(page: Page, app_url: str,
                                                   portal_port: int) -> None:
    portal = _portal(portal_port, app_url)
    stranger = _portal(free_port(), app_url)
    try:
        page.goto(f"http://127.0.0.1:{portal_port}/")
        page.locator(".policyqa-button").click()
        frame = page.frame_locator("iframe.policyqa-frame")
        groups = example_questions("", Settings().corpus, [])
        frame.get_by_text("示例问题").click()  # folded on the compact page
        expect(frame.get_by_text(groups[0].questions[0], exact=True).first).to_be_visible()
        expect(frame.get_by_text(groups[1].questions[0], exact=True)).to_have_count(0)  # first group only
        frame.locator("#question textarea").fill("兰溪市企业使用大型科研仪器,创新券按服务费的多少补助?")
        frame.locator("#send").click()
        marker = frame.locator("#chat a.cite").first
        expect(marker).to_be_visible(timeout=60_000)
        marker.click()
        expect(frame.locator(".ev-item.active mark.quote")).to_contain_text("30%")
        page.screenshot(path=ARTIFACTS / "portal-widget.png")

        refusals: list[str] = []
        page.on("console", lambda message: refusals.append(message.text))
        page.goto(f"http://127.0.0.1:{stranger.server_port}/")
        page.locator(".policyqa-button").click()
        page.wait_for_timeout(1500)
        assert any("frame-ancestors" in text for text in refusals), refusals
        expect(page.frame_locator("iframe.policyqa-frame").locator("#question")).to_have_count(0)
    finally:
        portal.shutdown()
        stranger.shutdown()


def test_uploaded_document_with_markup_is_shown_as_text(page: Page, app_url: str,
                                                        tmp_path: Path) -> None:
    upload = tmp_path / "安吉县研发补助办法.txt"
    upload.write_text(XSS_POLICY, encoding="utf-8")
    page.goto(app_url)
    page.get_by_role("tab", name="已收录文件").click()
    expect(page.locator("#documents")).to_contain_text("共 2 个文件")
    page.get_by_text("管理员上传").click()
    page.locator("#admin-token input").fill(TOKEN)
    page.locator("#upload-files input[type=file]").set_input_files(upload)
    expect(page.locator("#upload-files")).to_contain_text("安吉县研发补助办法.txt")
    page.locator("#upload").click()
    expect(page.locator("#upload-report")).to_contain_text("新增 1 个", timeout=120_000)
    expect(page.locator("#documents")).to_contain_text("安吉县")
    page.screenshot(path=ARTIFACTS / "documents-upload.png", full_page=True)

    page.get_by_role("tab", name="政策问答").click()
    ask(page, "安吉县科技型企业研发补助每家最高多少?")

    evidence = page.locator("#evidence")
    expect(evidence).to_contain_text("<script>window.__xss=1</script>")
    expect(evidence).to_contain_text('<img src=x onerror="window.__xss=1">')
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#evidence img, #chat img, #documents img").count() == 0
    page.screenshot(path=ARTIFACTS / "escaped-markup.png", full_page=True)


@pytest.fixture
def plan_page(browser: Browser, plan_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _choose(page: Page, dropdown: str, option: str) -> None:
    page.locator(f"{dropdown} input").click()
    page.get_by_role("option", name=option, exact=True).click()


def _row(page: Page, words: str) -> Locator:
    return page.locator("#targets-table [role=row]").filter(has_text=words)


def test_targets_tab_filters_sorts_shows_quotes_charts_and_exports(plan_page: Page, plan_url: str) -> None:
    page = plan_page
    page.goto(plan_url)
    page.get_by_role("tab", name="规划指标").click()
    summary, rows = page.locator("#target-summary"), page.locator("#targets-table [role=row]")
    expect(summary).to_contain_text("共 8 条规划指标,来自 2 个文件")
    expect(rows).to_have_count(9)  # with the header

    _choose(page, "#target-region", "德清县")
    expect(summary).to_contain_text("共 6 条规划指标,来自 1 个文件,其中 2 条")
    expect(rows).to_have_count(7)
    expect(rows.filter(has_text="江山市")).to_have_count(0)
    conflicting = rows.filter(has_text="⚠ 有冲突")
    expect(conflicting).to_have_count(2)
    shaded = re.compile(r"background-color: rgb\(254, 226, 226\)")  # CONFLICT_STYLE
    expect(conflicting.first.get_by_role("gridcell").first).to_have_attribute("style", shaded)
    expect(_row(page, "技术交易额").get_by_role("gridcell").first).not_to_have_attribute("style", shaded)
    expect(_row(page, "<b>孵化器</b>")).to_have_count(1)  # the document's markup, as text
    assert page.locator("#targets-table b").count() == 0

    header = page.locator("#targets-table [data-testid=header-0]")
    header.hover()
    header.get_by_role("button", name="Open cell menu").click()
    page.get_by_role("menuitem", name="降序排序").click()
    expect(rows.nth(1)).to_contain_text("<b>孵化器</b>")  # 序号 6 now comes first
    _row(page, "技术交易额").get_by_role("gridcell").nth(1).click()
    quote = page.locator("#target-quote")
    expect(quote.locator("mark.quote")).to_have_text("技术交易额(亿元) | 12 | 20 |")
    expect(quote).to_contain_text("指标名称 | 2022年 | 2025年 |")  # the passage around it
    expect(quote).to_contain_text("《德清县科技创新发展行动计划》")
    expect(quote).to_contain_text("一、发展目标")
    expect(quote).to_contain_text(PLAN_FILE)
    expect(quote.locator(".doc-status")).to_have_text("已失效")

    _row(page, "<b>孵化器</b>").get_by_role("gridcell").nth(1).click()
    expect(quote.locator("mark.quote")).to_contain_text("<script>window.__xss=1</script>到2025年")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#target-quote script, #target-quote b").count() == 0

    chart = page.locator("#targets-chart")  # Vega draws an svg: its labels are text
    expect(page.locator("#chart-unit input")).to_have_value("%")
    expect(chart).to_contain_text("目标值与基期值(单位:%)")
    expect(chart).to_contain_text("3. 研发投入占GDP比重(%)·基期")
    _choose(page, "#chart-unit", "亿元")
    expect(chart).to_contain_text("目标值与基期值(单位:亿元)")
    expect(chart).to_contain_text("5. 技术交易额(亿元)·目标")
    expect(chart).not_to_contain_text("研发投入")
    page.screenshot(path=ARTIFACTS / "targets-tab.png", full_page=True)

    with page.expect_download() as download:
        page.locator("#target-export").click()
    assert download.value.suggested_filename == "targets.csv"
    exported = Path(download.value.path()).read_bytes()
    assert exported.startswith("\ufeff".encode())
    records = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig"))))
    assert len(records) == 6 and {r["region"] for r in records} == {"德清县"}

    _choose(page, "#target-year", "2026")
    expect(summary).to_contain_text("没有符合条件的规划指标")
    page.get_by_role("tab", name="已收录文件").click()
    status = page.locator("#documents tr").filter(has_text="德清县").locator(".doc-status")
    expect(status).to_have_text("已失效")
    expect(status).to_have_attribute("title", "本计划自2023年1月1日起施行,有效期至2025年12月31日。")
    expect(page.locator("#documents")).to_contain_text("德政办发〔2023〕12号")


def test_each_source_of_an_answer_shows_its_documents_status(plan_page: Page, plan_url: str) -> None:
    page = plan_page
    page.goto(plan_url)

    ask(page, "技术交易额到2025年达到多少？")

    answer = page.locator("#chat [data-testid=bot]").last
    expect(answer).to_contain_text("已失效")  # the lapsed plan is named in the answer's text
    expect(answer.locator(".msg-sources .doc-status")).to_have_text("已失效")  # and beside its title
    plan_source = page.locator(".ev-item").filter(has_text=PLAN_FILE).first
    expect(plan_source.locator(".doc-status")).to_have_text("已失效")
    expect(plan_source.locator(".doc-status")).to_have_attribute(
        "title", "本计划自2023年1月1日起施行,有效期至2025年12月31日。")


def test_a_question_carrying_markup_shows_as_text_in_the_embedded_chat(page: Page, app_url: str) -> None:
    payload = '<img src=x onerror="window.__xss=1">![x](http://evil.example/a.png)'
    page.goto(f"{app_url}/embed/")

    ask(page, f"{payload}兰溪市企业使用大型科研仪器,创新券按服务费的多少补助?")

    chat = page.locator("#chat")
    expect(chat).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(chat).to_contain_text("30%")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#chat img, #evidence img").count() == 0  # neither the tag nor the markdown image
