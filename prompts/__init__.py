"""Prompt texts live beside this file as plain Chinese prose; this loads them by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_FOLDER = Path(__file__).parent


@cache
def load_prompt(name: str) -> str:
    """The text of prompts/<name>.txt, trailing newline removed."""
    path = _FOLDER / f"{name}.txt"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt named {name!r} in {_FOLDER}")
    return path.read_text(encoding="utf-8").rstrip("\n")
