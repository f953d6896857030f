"""Stored targets -> what the `targets` command prints: JSON lines or a readable table."""

from __future__ import annotations

import json
from collections.abc import Sequence

from core.knowledge import TARGET_FIELDS, Target

_COLUMNS = (("indicator", 30), ("value", 14), ("comparator", 10), ("target_year", 11), ("baseline_value", 14),
            ("baseline_year", 13), ("region", 10), ("source", 24))


def target_lines(targets: Sequence[Target]) -> list[str]:
    """One JSON object per target, with exactly TARGET_FIELDS."""
    return [json.dumps({name: target.as_dict()[name] for name in TARGET_FIELDS}, ensure_ascii=False)
            for target in targets]


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)  # CJK characters take two terminal columns


def _cell(value: object, width: int) -> str:
    """The value cut to fit `width` terminal columns (with …), then padded, with a space after."""
    text = "" if value is None else str(value)
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text) + 1)


def target_table(targets: Sequence[Target]) -> str:
    """A fixed-width table; a conflicting value is marked with "!" (the document gives another)."""
    header = "".join(_cell(name, width) for name, width in _COLUMNS).rstrip()
    rows = []
    for target in targets:
        values = target.as_dict()
        values["value"] = f"{'!' if target.conflict else ''}{target.value}"
        rows.append("".join(_cell(values[name], width) for name, width in _COLUMNS).rstrip())
    footer = f"{len(targets)} targets" + ("; ! marks a value the same document contradicts"
                                          if any(t.conflict for t in targets) else "")
    return "\n".join([header, *rows, footer])
