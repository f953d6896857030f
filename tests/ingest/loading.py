"""Helpers for the loader tests: files in tmp_path and the reason load_text refuses one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.load import UnreadableFileError, load_text


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
