"""Tests for ingest.formats.docx: Word documents built with python-docx in tmp_path."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from ingest.formats.docx import load_docx
from ingest.load import load_text
from tests.ingest.loading import unreadable_reason, write


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
    assert loaded.title_hint == "新昌县科技创新规划"


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


def test_the_loader_reads_bytes() -> None:
    document = docx.Document()
    document.add_paragraph("第一条 内容。")
    assert load_docx(docx_bytes(document)).text == "第一条 内容。"
