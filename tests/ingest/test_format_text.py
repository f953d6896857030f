"""Tests for ingest.formats.text: .txt and .md files, read through load_text as the pipeline does."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest.formats.base import LoadedText
from ingest.formats.text import load_plain_text
from ingest.load import load_text
from tests.ingest.loading import unreadable_reason, write

POLICY = (
    "\u3000\u3000第一条 为加强科技创新，促进经济社会发展，制定本办法。\n"
    "\u3000\u3000第二条 本办法自2024年1月1日起施行，一律以本办法为准。\n"
)


@pytest.mark.parametrize(("name", "codec"), [("gbk.txt", "gbk"), ("u16.txt", "utf-16"), ("u32.md", "utf-32"),
                                             ("bom.md", "utf-8-sig"), ("plain.txt", "utf-8")])
def test_text_files_in_any_detected_encoding_load_the_same(tmp_path: Path, name: str, codec: str) -> None:
    assert load_text(write(tmp_path, name, POLICY.encode(codec))) == LoadedText(text=POLICY, title_hint="")


def test_the_loader_reads_bytes() -> None:
    assert load_plain_text("标题\n正文。".encode("gbk")).text == "标题\n正文。"


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
