"""What every format loader returns or raises, and the text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")
# What policy text is written in: printable ASCII, CJK ideographs, radicals and punctuation, full-width
# forms, and the symbols Chinese documents use (° × ‰ ℃ Ⅱ ① ≤ ■ ★ “”). Text decoded with the wrong
# codec, or extracted through a font without a Unicode map, is mostly other characters.
_READABLE = re.compile(
    "[\u0021-\u007e\u00b0\u00b1\u00b7\u00d7\u00f7\u2010-\u2027\u2030-\u205e\u2100-\u23ff"
    "\u2460-\u27bf\u2e80-\u2fdf\u3000-\u303f\u3190-\u31ef\u3200-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uffee\U00020000-\U0003134f]")
# The seeds and test policies are 100% such characters, French 96%, Japanese 58%; GBK read as
# Latin-1 is 9%, UTF-8 read as cp1252 20%, a CID font without a Unicode map ~18%.
MIN_READABLE_SHARE = 0.5


@dataclass(frozen=True)
class LoadedText:
    """A document's text; block structure kept as lines ("\\n" between paragraphs/table rows)."""

    text: str
    title_hint: str = ""


class UnreadableContentError(ValueError):
    """Bytes a loader cannot turn into text; `.reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def collapse(text: str) -> str:
    """Return text with whitespace runs (including &nbsp; and U+3000) as one space, stripped."""
    return _WHITESPACE.sub(" ", text).strip()


def first_line(error: Exception) -> str:
    """Return the first line of an exception message, at most 80 characters."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message[:80]


def garbled_reason(text: str) -> str | None:
    """Return why a loaded text is garbage (mojibake), or None when at least MIN_READABLE_SHARE of
    its visible characters are Chinese, ASCII or common symbols. Chinese bytes read with another
    Chinese codec (GBK as Big5) stay Chinese characters and pass."""
    visible = _WHITESPACE.sub("", text)
    if not visible:
        return None
    share = len(_READABLE.findall(visible)) / len(visible)
    if share >= MIN_READABLE_SHARE:
        return None
    return (f"garbled text (mojibake): only {share:.0%} of its characters are Chinese, ASCII or common "
            "symbols (a text layer without a usable font map, or a wrong encoding)")
