"""Turn the bytes of a text file into str by detecting its encoding, never by guessing."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030"})
# Labels browsers treat as GBK that Python's codec registry does not know.
_GB_LABELS = frozenset({"x-gbk", "gb_2312", "gb_2312-80", "csgb2312", "x-euc-cn"})
# C0/C1 controls other than tab and line breaks, replacement chars, surrogates and private use:
# text decoded with the wrong codec is full of them, real documents almost never are.
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff\ue000-\uf8ff]")
_MAX_GARBAGE_RATIO = 0.02
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile("\r\n?|[\f\v\u2028\u2029]")
EMPTY = "empty file"
BINARY = "binary file (not text)"
UNDECODABLE = "undecodable text"


class UndecodableTextError(ValueError):
    """The bytes are not text in any encoding we can detect; .reason says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file, or raise UndecodableTextError."""
    if not raw.strip():
        raise UndecodableTextError(EMPTY)
    text, encoding = _decode(raw)
    if _garbage_ratio(text) > _MAX_GARBAGE_RATIO:
        came_from_nul_bytes = b"\x00" in raw and bom_encoding(raw) is None
        raise UndecodableTextError(BINARY if came_from_nul_bytes else UNDECODABLE)
    text = normalise_text(text)
    if not text.strip():
        raise UndecodableTextError(EMPTY)
    return text, encoding


def normalise_text(text: str) -> str:
    """Return text with one leading BOM dropped, "\\n" line endings and no stray control chars."""
    text = text.removeprefix("\ufeff")
    text = _LINE_BREAKS.sub("\n", text)
    return _STRAY_CONTROLS.sub("", text)


def codec_for_label(label: str) -> str | None:
    """Return the Python codec to use for a declared charset label, or None if unknown."""
    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in _GB_FAMILY else name


def bom_encoding(raw: bytes) -> str | None:
    """Return the codec named by a leading byte-order mark, or None when there is none."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    return None


def _decode(raw: bytes) -> tuple[str, str]:
    """Return (text, encoding) using the first rule that applies; text may still be garbage."""
    encoding = bom_encoding(raw)
    if encoding:
        return raw.decode(encoding, errors="replace"), encoding
    if b"\x00" in raw:
        # NUL never occurs in real UTF-8 or legacy-encoded text, only in UTF-16/32 or binary.
        encoding = _bomless_utf16_or_32(raw)
        if encoding is None:
            raise UndecodableTextError(BINARY)
        return raw.decode(encoding), encoding
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _detected_legacy_encoding(raw)
    if encoding is None:
        raise UndecodableTextError(UNDECODABLE)
    return raw.decode(encoding, errors="replace"), encoding


def _bomless_utf16_or_32(raw: bytes) -> str | None:
    """Return the UTF-16/32 codec that strictly decodes data with NUL bytes, or None (binary)."""
    if len(raw) % 4 == 0:
        if not any(raw[3::4]) and max(raw[2::4]) <= 0x10:
            candidates = ["utf-32-le"]
        elif not any(raw[0::4]) and max(raw[1::4]) <= 0x10:
            candidates = ["utf-32-be"]
        else:
            candidates = []
        if candidates and _decodes(raw, candidates[0]):
            return candidates[0]
    if len(raw) % 2:
        return None
    # The NUL byte of an ASCII character sits on the odd side in UTF-16-LE. Chinese text also
    # has U+xx00 characters (U+3000 indents, 一) with the NUL on the other side, so the majority
    # only sets the order to try; a strict decode settles it, as the wrong byte order soon
    # produces unpaired surrogates and so does binary data.
    order = ["utf-16-le", "utf-16-be"]
    if raw[0::2].count(0) > raw[1::2].count(0):
        order.reverse()
    return next((encoding for encoding in order if _decodes(raw, encoding)), None)


def _decodes(raw: bytes, encoding: str) -> bool:
    """Return whether raw decodes in encoding without a single error."""
    try:
        raw.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _detected_legacy_encoding(raw: bytes) -> str | None:
    """Return the codec charset-normalizer finds most plausible, preferring GB18030 on a tie."""
    matches = list(from_bytes(raw))
    if not matches:
        # The detector gives up on some short GB18030 texts with four-byte characters (e.g. 𠀀
        # next to ASCII). Bytes that are valid GB18030 but not UTF-8 are rare outside GB text,
        # and the garbage check still runs on the result.
        return "gb18030" if _decodes(raw, "gb18030") else None
    best = matches[0]
    # Short inputs decode cleanly in several CJK codecs (e.g. 4 GBK bytes are valid Big5 and
    # Shift-JIS too) and the detector then ranks them arbitrarily; GB is the Chinese-policy prior.
    for match in matches:
        tied = match.chaos <= best.chaos and match.coherence >= best.coherence
        if tied and codec_for_label(match.encoding) == "gb18030":
            return "gb18030"
    return codec_for_label(best.encoding) or best.encoding


def _garbage_ratio(text: str) -> float:
    """Return the share of characters that only show up in wrongly decoded or binary data."""
    if not text:
        return 0.0
    return len(_GARBAGE.findall(text)) / len(text)
