"""What every format loader returns or raises, and the text helpers they share."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = re.compile(r"\s+")


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
