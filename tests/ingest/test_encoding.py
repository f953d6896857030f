"""Tests for ingest.encoding: which codec decodes a text file's bytes, and what is refused."""

from __future__ import annotations

import random

import pytest

from ingest.encoding import UndecodableTextError, decode_bytes

# U+3000 indents and 一 put NUL bytes on the "wrong" side in UTF-16, which BOM-less detection
# has to cope with; the mix of ASCII digits and CJK is what real policy files look like.
POLICY = (
    "\u3000\u3000第一条 为加强科技创新，促进经济社会发展，制定本办法。\n"
    "\u3000\u3000第二条 本办法自2024年1月1日起施行，一律以本办法为准。\n"
)


def test_gbk_is_read_as_gb18030() -> None:
    assert decode_bytes(POLICY.encode("gbk")) == (POLICY, "gb18030")


def test_gb18030_keeps_rare_characters() -> None:
    text = "生僻字：䶮（U+4DAE）和𠀀（U+20000）。\n" + POLICY
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    assert decode_bytes("\ufeff".encode(codec) + POLICY.encode(codec)) == (POLICY, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_from_nul_bytes(codec: str) -> None:
    assert decode_bytes(POLICY.encode(codec)) == (POLICY, codec)


def test_utf32_with_bom() -> None:
    assert decode_bytes(POLICY.encode("utf-32")) == (POLICY, "utf-32")


def test_utf8_bom_is_stripped() -> None:
    text, encoding = decode_bytes(POLICY.encode("utf-8-sig"))
    assert (text, encoding) == (POLICY, "utf-8-sig")
    assert not text.startswith("\ufeff")


def test_plain_utf8() -> None:
    assert decode_bytes(POLICY.encode()) == (POLICY, "utf-8")


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
