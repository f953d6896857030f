"""Tests for ingest.load: every fixture is built in tmp_path, nothing is downloaded."""

from __future__ import annotations

import io
import pickle
import random
from pathlib import Path

import docx
import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.encoding import UndecodableTextError
from ingest.load import (
    SUPPORTED_SUFFIXES,
    LoadedText,
    SkippedFile,
    UnreadableFileError,
    decode_bytes,
    find_policy_files,
    load_text,
)

# U+3000 indents and 一 put NUL bytes on the "wrong" side in UTF-16, which BOM-less detection
# has to cope with; the mix of ASCII digits and CJK is what real policy files look like.
POLICY = (
    "\u3000\u3000第一条 为加强科技创新，促进经济社会发展，制定本办法。\n"
    "\u3000\u3000第二条 本办法自2024年1月1日起施行，一律以本办法为准。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Return the path of a new file holding data."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def unreadable_reason(path: Path) -> str:
    """Return the reason load_text gives for refusing path (fails if it loads)."""
    with pytest.raises(UnreadableFileError) as caught:
        load_text(path)
    assert caught.value.path == path
    return caught.value.reason


# --- plain text and encodings ---------------------------------------------------------------


def test_gbk_file_is_read_as_gb18030(tmp_path: Path) -> None:
    loaded = load_text(write(tmp_path, "gbk.txt", POLICY.encode("gbk")))
    assert loaded == LoadedText(tmp_path / "gbk.txt", POLICY, encoding="gb18030", title_hint="")


def test_gb18030_file_keeps_rare_characters(tmp_path: Path) -> None:
    text = "生僻字：䶮（U+4DAE）和𠀀（U+20000）。\n" + POLICY
    loaded = load_text(write(tmp_path, "rare.txt", text.encode("gb18030")))
    assert loaded.encoding == "gb18030"
    assert loaded.text == text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str) -> None:
    raw = "\ufeff".encode(codec) + POLICY.encode(codec)
    loaded = load_text(write(tmp_path, "u16.txt", raw))
    assert loaded.text == POLICY
    assert loaded.encoding == "utf-16"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_from_nul_bytes(tmp_path: Path, codec: str) -> None:
    loaded = load_text(write(tmp_path, "u16.txt", POLICY.encode(codec)))
    assert loaded.text == POLICY
    assert loaded.encoding == codec


def test_utf32_with_bom(tmp_path: Path) -> None:
    loaded = load_text(write(tmp_path, "u32.txt", POLICY.encode("utf-32")))
    assert (loaded.text, loaded.encoding) == (POLICY, "utf-32")


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    loaded = load_text(write(tmp_path, "bom.md", POLICY.encode("utf-8-sig")))
    assert loaded.text == POLICY
    assert not loaded.text.startswith("\ufeff")
    assert loaded.encoding == "utf-8-sig"


def test_plain_utf8(tmp_path: Path) -> None:
    loaded = load_text(write(tmp_path, "plain.txt", POLICY.encode()))
    assert (loaded.text, loaded.encoding) == (POLICY, "utf-8")


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "utf-16"])
def test_crlf_and_cr_line_endings_become_lf(tmp_path: Path, codec: str) -> None:
    raw = "第一行\r\n第二行\r第三行\r\n".encode(codec)
    loaded = load_text(write(tmp_path, "crlf.txt", raw))
    assert loaded.text == "第一行\n第二行\n第三行\n"


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(4000)
    assert unreadable_reason(write(tmp_path, "image.txt", png)) == "binary file (not text)"


@pytest.mark.parametrize(
    "raw",
    [b"", b"   ", b" \r\n\t \n", "\u3000\u3000\n".encode(), "\ufeff  \r\n".encode("utf-16")],
    ids=["zero-bytes", "spaces", "mixed-ascii-whitespace", "ideographic-space", "utf16-spaces"],
)
def test_empty_and_whitespace_only_files(tmp_path: Path, raw: bytes) -> None:
    assert unreadable_reason(write(tmp_path, "empty.txt", raw)) == "empty file"


def test_undecodable_garbage_is_rejected(tmp_path: Path) -> None:
    garbage = bytes(b for b in random.Random(3).randbytes(5000) if b)  # no NULs: not "binary"
    assert unreadable_reason(write(tmp_path, "garbage.txt", garbage)) == "undecodable text"


def test_control_character_soup_is_rejected() -> None:
    with pytest.raises(UndecodableTextError) as caught:
        decode_bytes(bytes(range(1, 32)) * 20)
    assert caught.value.reason == "undecodable text"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["中国", "政策", "第一条", "2023年", "abc 中文"])
def test_short_gbk_is_not_mistaken_for_big5_or_utf16(text: str) -> None:
    # charset-normalizer ranks big5/cp949/utf_16_be first for these, tied with gb18030.
    assert decode_bytes(text.encode("gbk")) == (text, "gb18030")


def test_decode_bytes_never_raises_anything_else() -> None:
    rng = random.Random(11)
    reasons: set[str] = set()
    for size in [1, 2, 3, 4, 7, 64, 257, 1000, 4096]:
        for _ in range(20):
            raw = rng.randbytes(size)
            if rng.random() < 0.5:
                raw = raw.replace(b"\x00", b"")
            try:
                text, encoding = decode_bytes(raw)
            except UndecodableTextError as error:
                reasons.add(error.reason)
                continue
            assert text.strip()
            assert encoding
    assert {"binary file (not text)", "undecodable text"} <= reasons
    assert reasons <= {"binary file (not text)", "undecodable text", "empty file"}


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_load_text_raises_only_unreadable_file_error_on_junk(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(suffix)
    reasons: list[str] = []
    for index in range(15):
        path = write(tmp_path, f"junk{index}{suffix}", rng.randbytes(rng.randrange(1, 3000)))
        try:
            loaded = load_text(path)
        except UnreadableFileError as error:
            reasons.append(error.reason)
            continue
        assert loaded.text.strip()
    assert reasons
    assert all(reasons)


# --- HTML -----------------------------------------------------------------------------------

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
    assert loaded.encoding == "utf-8"
    assert loaded.title_hint == "关于印发科技创新规划的通知_新昌县人民政府"
    for chrome in ["tracker", "广告", "color", "首页", "门户网站", "版权所有", "注释", "请启用"]:
        assert chrome not in loaded.text
    assert "&nbsp;" not in loaded.text
    assert "\xa0" not in loaded.text


def test_html_declared_gbk_is_decoded(tmp_path: Path) -> None:
    page = PORTAL_PAGE.format(charset="gbk").replace("&copy;", "(c)")
    loaded = load_text(write(tmp_path, "notice.htm", page.encode("gbk")))
    assert loaded.encoding == "gb18030"
    assert loaded.text == PORTAL_TEXT


def test_html_declared_gb2312_but_saved_as_utf8(tmp_path: Path) -> None:
    page = PORTAL_PAGE.format(charset="gb2312")
    loaded = load_text(write(tmp_path, "mislabelled.html", page.encode()))
    assert loaded.encoding == "utf-8"
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
    assert (loaded.text, loaded.encoding) == (body, codec)


def test_html_http_equiv_charset_and_h1_title(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312">'
        "</head><body><h1>税收优惠公告</h1><p>第一条&emsp;内容。</p></body></html>"
    )
    loaded = load_text(write(tmp_path, "upper.HTML", page.encode("gb2312")))
    assert (loaded.encoding, loaded.title_hint) == ("gb18030", "税收优惠公告")
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


# --- DOCX -----------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    """Return a python-docx document saved to bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_keeps_block_order_and_renders_table_rows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("新昌县科技创新规划", level=1)
    document.add_paragraph("第一章 总体要求")
    table = document.add_table(rows=3, cols=3)
    rows = [
        ["指标名称", "2020年", "2025年"],
        ["研发投入", "3.1%", "3.5%"],
        ["发明专利", "10", "20"],
    ]
    for row_index, values in enumerate(rows):
        for column, value in enumerate(values):
            table.cell(row_index, column).text = value
    document.add_paragraph("第二章 保障措施")
    loaded = load_text(write(tmp_path, "plan.docx", docx_bytes(document)))
    assert loaded.text == (
        "新昌县科技创新规划\n第一章 总体要求\n指标名称 | 2020年 | 2025年\n"
        "研发投入 | 3.1% | 3.5%\n发明专利 | 10 | 20\n第二章 保障措施"
    )
    assert (loaded.encoding, loaded.title_hint) == ("docx", "新昌县科技创新规划")


def test_docx_merged_cells_are_not_repeated(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row_index, values in enumerate([["类别", "指标", "目标"], ["创新", "研发", "3%"]]):
        for column, value in enumerate(values):
            table.cell(row_index, column).text = value
    table.cell(2, 1).text, table.cell(2, 2).text = "专利", "20"
    table.cell(0, 1).merge(table.cell(0, 2))  # horizontal: "指标 目标" once
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical: "创新" only in the first row
    # Word hides text left in the lower part of a vertical merge; so must we.
    continued = table.rows[2]._tr.tc_lst[0]
    continued.add_p().add_r().text = "隐藏"
    loaded = load_text(write(tmp_path, "merged.docx", docx_bytes(document)))
    assert loaded.text.splitlines() == ["类别 | 指标 目标", "创新 | 研发 | 3%", " | 专利 | 20"]


def test_docx_title_from_core_properties(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "关于促进就业的若干意见"
    document.add_paragraph("正文第一段。")
    loaded = load_text(write(tmp_path, "titled.docx", docx_bytes(document)))
    assert (loaded.text, loaded.title_hint) == ("正文第一段。", "关于促进就业的若干意见")


def test_corrupt_docx_is_reported(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("内容" * 200)
    raw = docx_bytes(document)
    assert unreadable_reason(write(tmp_path, "cut.docx", raw[: len(raw) // 2])) == (
        "not a readable .docx"
    )
    assert unreadable_reason(write(tmp_path, "text.docx", "其实是文本".encode())) == (
        "not a readable .docx"
    )
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert unreadable_reason(write(tmp_path, "old.docx", old_word)).startswith(
        "not a readable .docx (old Word .doc format"
    )


# --- PDF ------------------------------------------------------------------------------------


def pdf_bytes(pages: list[list[str]], title: str = "") -> bytes:
    """Return a PDF with one page per list of lines, set in reportlab's built-in Chinese font."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        pdf.setFont("STSong-Light", 14)
        for index, line in enumerate(lines):
            pdf.drawString(72, 750 - 30 * index, line)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_pdf_chinese_text_is_extracted(tmp_path: Path) -> None:
    raw = pdf_bytes(
        [["第一条 为加强科技创新，制定本办法。", "第二条 本办法自2024年1月1日起施行。"],
         ["第三条 附则。"]],
        title="新昌县科技创新办法",
    )  # fmt: skip
    loaded = load_text(write(tmp_path, "policy.pdf", raw))
    assert loaded.text == (
        "第一条 为加强科技创新，制定本办法。\n第二条 本办法自2024年1月1日起施行。\n第三条 附则。"
    )
    assert (loaded.encoding, loaded.title_hint) == ("pdf", "新昌县科技创新办法")


def test_pdf_without_text_layer_is_skipped(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    reason = unreadable_reason(write(tmp_path, "scan.pdf", buffer.getvalue()))
    assert reason == "PDF has no text layer (scanned image?)"


def test_truncated_pdf_is_reported(tmp_path: Path) -> None:
    raw = pdf_bytes([["第一条 内容。"]])
    reason = unreadable_reason(write(tmp_path, "cut.pdf", raw[: len(raw) // 2]))
    assert reason.startswith("not a readable PDF: ")
    assert len(reason) < 120


def test_html_saved_as_pdf_is_reported(tmp_path: Path) -> None:
    reason = unreadable_reason(write(tmp_path, "404.pdf", b"<html><body>404</body></html>"))
    assert reason == "not a readable PDF: no %PDF header (not a PDF file?)"


def encrypted_pdf(user_password: str) -> bytes:
    """Return a one-page Chinese PDF encrypted with RC4 (needs no cryptography package)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_bytes([["加密正文。"]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_with_user_password_is_skipped(tmp_path: Path) -> None:
    assert unreadable_reason(write(tmp_path, "locked.pdf", encrypted_pdf("secret"))) == (
        "encrypted PDF"
    )


def test_pdf_encrypted_only_against_editing_is_read(tmp_path: Path) -> None:
    assert load_text(write(tmp_path, "owner.pdf", encrypted_pdf(""))).text == "加密正文。"


# --- load_text errors -----------------------------------------------------------------------


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    assert unreadable_reason(write(tmp_path, "sheet.xlsx", b"PK")) == "unsupported type .xlsx"
    assert unreadable_reason(tmp_path / "gone.txt").startswith("cannot read file")


def test_unreadable_file_error_message_and_pickling() -> None:
    error = UnreadableFileError(Path("a/b.pdf"), "encrypted PDF")
    assert str(error) == "a/b.pdf: encrypted PDF"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


# --- find_policy_files ----------------------------------------------------------------------


def test_find_policy_files(tmp_path: Path) -> None:
    for name in [
        "b.txt", "a.PDF", "notes.xlsx", ".hidden.txt", "~$lock.docx", "sub/z.htm",
        "sub/deeper/y.md", "sub/.cache/x.txt", ".git/description.md", "sub/image.png",
    ]:  # fmt: skip
        write(tmp_path, f"corpus/{name}", b"x")
    corpus = tmp_path / "corpus"
    files, skipped = find_policy_files(
        [
            corpus,
            corpus / "b.txt",  # already found in the folder
            corpus / "notes.xlsx",
            tmp_path / "missing",
            corpus / ".hidden.txt",  # hidden but named explicitly
            tmp_path / "missing",
        ]
    )
    assert files == [
        corpus / "a.PDF",
        corpus / "b.txt",
        corpus / "sub" / "deeper" / "y.md",
        corpus / "sub" / "z.htm",
        corpus / ".hidden.txt",
    ]
    assert skipped == [
        SkippedFile(corpus / "notes.xlsx", "unsupported type .xlsx"),
        SkippedFile(tmp_path / "missing", "no such file or directory"),
    ]
