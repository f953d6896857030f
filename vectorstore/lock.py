"""One process per embedded index: two processes writing one Chroma directory corrupt it."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path
from typing import TextIO

from core.errors import IndexInUseError

LOCK_FILE = ".lock"
_held: dict[Path, TextIO] = {}  # this process may open its own index again


def hold_index(db: Path) -> None:
    """Take the index directory for this process until it exits or calls `release_index`."""
    key = db.resolve()
    if key in _held:
        return
    db.mkdir(parents=True, exist_ok=True)
    handle = (db / LOCK_FILE).open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip()
        handle.close()
        raise IndexInUseError(db, owner) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}: {' '.join(sys.argv)[:200]}")
    handle.flush()
    _held[key] = handle


def release_index(db: Path) -> None:
    """Let another process open the index (this one must not use it afterwards)."""
    handle = _held.pop(db.resolve(), None)
    if handle is not None:
        handle.close()  # closing the file drops the lock
