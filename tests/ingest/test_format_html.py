"""Tests for ingest.formats.html: portal pages in tmp_path, charsets declared, mislabelled or detected."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.formats.html import decode_html, load_html
from ingest.load import load_text
from tests.ingest.loading import unreadable_reason, write

PORTAL_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>关于印发科技创新规划的通知_新昌县人民政府</title>
<style>.nav {{ color: red }}</style>
<script>var tracker = "统计代码"; document.write("广告");</script>
</head><body>
<header class="portal">新昌县人民政府门户网站</header>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<div class="content">
  <h1>关于印发科技创新规划的通知</h1>
  <p>各乡镇&nbsp;人民政府、县政府&amp;各部门：</p>
  <p>现将<b>规划</b>印发给你们，<br>请认真贯彻执行。</p>
  <table>
    <tr><th>指标名称</th><th>2020年</th><th>2025年</th></tr>
    <tr><td>研发投入&nbsp;强度</td><td>3.1%</td><td>3.5%</td></tr>
    <tr><td></td><td> </td><td></td></tr>
  </table>
  <!-- 注释不是正文 -->
  <ul><li>附件1</li><li>附件2</li></ul>
</div>
<noscript>请启用脚本</noscript>
<footer>版权所有 &copy; 2023 网站标识码 3306240001</footer>
</body></html>
"""

PORTAL_TEXT = """关于印发科技创新规划的通知
各乡镇 人民政府、县政府&各部门：
现将规划印发给你们，
请认真贯彻执行。
指标名称 | 2020年 | 2025年
研发投入 强度 | 3.1% | 3.5%
附件1
附件2"""


def test_html_drops_chrome_and_renders_table_rows(tmp_path: Path) -> None:
    page = PORTAL_PAGE.format(charset="utf-8")
    loaded = load_text(write(tmp_path, "notice.html", page.encode()))
    assert loaded.text == PORTAL_TEXT
    assert loaded.title_hint == "关于印发科技创新规划的通知_新昌县人民政府"
    for chrome in ["tracker", "广告", "color", "首页", "门户网站", "版权所有", "注释", "请启用"]:
        assert chrome not in loaded.text
    assert "&nbsp;" not in loaded.text
    assert "\xa0" not in loaded.text


def test_html_declared_gbk_is_decoded(tmp_path: Path) -> None:
    page = PORTAL_PAGE.format(charset="gbk").replace("&copy;", "(c)")
    loaded = load_text(write(tmp_path, "notice.htm", page.encode("gbk")))
    assert loaded.text == PORTAL_TEXT


def test_html_declared_gb2312_but_saved_as_utf8(tmp_path: Path) -> None:
    page = PORTAL_PAGE.format(charset="gb2312")
    assert decode_html(page.encode()) == page  # read as the UTF-8 it is, not as GB2312
    loaded = load_text(write(tmp_path, "mislabelled.html", page.encode()))
    assert loaded.text == PORTAL_TEXT


@pytest.mark.parametrize(
    ("charset", "codec", "body"),
    [("big5", "big5", "臺灣"), ("windows-1252", "cp1252", "Café naïve résumé")],
)
def test_html_declared_charset_is_honoured(
    tmp_path: Path, charset: str, codec: str, body: str
) -> None:
    # Without the declaration these short bodies would be detected as GB18030 and cp1250.
    page = f'<meta charset="{charset}"><p>{body}</p>'.encode(codec)
    loaded = load_text(write(tmp_path, "declared.html", page))
    assert loaded.text == body


def test_html_http_equiv_charset_and_h1_title(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312">'
        "</head><body><h1>税收优惠公告</h1><p>第一条&emsp;内容。</p></body></html>"
    )
    loaded = load_text(write(tmp_path, "upper.HTML", page.encode("gb2312")))
    assert loaded.title_hint == "税收优惠公告"
    assert loaded.text == "税收优惠公告\n第一条 内容。"


def test_html_without_closing_head_keeps_body(tmp_path: Path) -> None:
    page = "<html><head><title>标题</title><meta charset=utf-8><body><p>正文。</p></body></html>"
    loaded = load_text(write(tmp_path, "unclosed.html", page.encode()))
    assert (loaded.text, loaded.title_hint) == ("正文。", "标题")


def test_html_layout_table_keeps_paragraphs_as_lines(tmp_path: Path) -> None:
    page = (
        "<table><tr><td>栏目导航</td><td><p>第一段。</p><p>第二段。</p><p>第三段。</p></td></tr>"
        "</table><table><tr><td><p>独占一格的正文。</p></td></tr></table>"
    )
    loaded = load_text(write(tmp_path, "layout.html", page.encode()))
    assert loaded.text == "栏目导航\n第一段。\n第二段。\n第三段。\n独占一格的正文。"


def test_html_article_header_is_kept(tmp_path: Path) -> None:
    page = (
        "<header>门户</header><article><header><h2>正文标题</h2></header><p>正文。</p>"
        "</article><footer>页脚</footer>"
    )
    assert load_text(write(tmp_path, "a.html", page.encode())).text == "正文标题\n正文。"


def test_html_without_visible_text_is_skipped(tmp_path: Path) -> None:
    page = b"<html><head><title>t</title><script>x=1</script></head><body><nav>n</nav></body>"
    assert unreadable_reason(write(tmp_path, "chrome.html", page)) == "no visible text in HTML"


def test_the_loader_reads_bytes_and_honours_a_declared_charset() -> None:
    assert load_html("<p>正文。</p>".encode()).text == "正文。"
    assert decode_html("<meta charset=gbk><p>正文</p>".encode("gbk")) == "<meta charset=gbk><p>正文</p>"
