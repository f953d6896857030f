"""Tests for ingest.formats.pdf: PDFs made with reportlab and pypdf in tmp_path."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.formats.pdf import load_pdf
from ingest.load import load_text
from tests.ingest.loading import unreadable_reason, write


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
    assert loaded.title_hint == "新昌县科技创新办法"


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


def test_the_loader_reads_bytes_and_drops_the_word_export_prefix() -> None:
    loaded = load_pdf(pdf_bytes([["第一条 内容。"]], title="Microsoft Word - 某某办法"))
    assert (loaded.text, loaded.title_hint) == ("第一条 内容。", "某某办法")
