"""Paths -> the policy files among them, and one file at a time -> its bytes (one read, within
the budget) -> its text (by LOADERS)."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.budget import DEFAULT_BUDGET, FileBudget, OverBudgetError
from ingest.encoding import EMPTY, UndecodableTextError
from ingest.formats import GUARDS, LOADERS, LoadedText, UnreadableContentError
from ingest.formats.base import garbled_reason

__all__ = ["LoadedText", "SkippedFile", "UnreadableFileError", "find_policy_files", "load_bytes", "load_text",
           "read_policy_file"]

CHANGED = "changed while being read (it is read again on the next run)"
# File times are coarse (a kernel tick), so a write during a read can leave them as they were: a
# file modified this recently is read a second time, and must read the same. A writer that saves in
# place and stalls mid-write between the two reads is not seen: that snapshot is indexed as read (id
# and text from the same bytes) and replaced on the next run; saving by rename never shows one.
_SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class SkippedFile:
    """A path that was not loaded, with a short human-readable reason."""

    path: Path
    reason: str


class UnreadableFileError(Exception):
    """A file whose contents cannot be turned into text; str() is "<path>: <reason>"."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[UnreadableFileError], tuple[Path, str]]:
        # Keeps the error picklable (e.g. across a process pool) despite the two-argument init.
        return type(self), (self.path, self.reason)


def load_text(path: Path, budget: FileBudget = DEFAULT_BUDGET) -> LoadedText:
    """Return the text of one policy file, or raise UnreadableFileError saying why not."""
    if path.suffix.lower() not in LOADERS:
        raise UnreadableFileError(path, _unsupported_reason(path))
    return load_bytes(path, read_policy_file(path, budget), budget)


def read_policy_file(path: Path, budget: FileBudget = DEFAULT_BUDGET) -> bytes:
    """Return a file's bytes from one whole read, or raise UnreadableFileError: not a regular file,
    over the size budget (checked before reading), unreadable, or changed while being read."""
    try:
        # Non-blocking, so that a FIFO named like a policy file cannot stall the run on opening.
        handle = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except OSError as error:
        raise UnreadableFileError(path, f"cannot read file ({error.strerror or error})") from None
    with handle:
        try:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise UnreadableFileError(path, "not a regular file")
            budget.check_size(before.st_size)
            raw = handle.read(budget.max_bytes + 1)  # a file growing while it is read stops here
            again = raw
            if time.time() - before.st_mtime < _SETTLE_SECONDS:
                handle.seek(0)
                again = handle.read(budget.max_bytes + 1)
            after = os.fstat(handle.fileno())
        except OverBudgetError as error:
            raise UnreadableFileError(path, error.reason) from None
        except OSError as error:
            raise UnreadableFileError(path, f"cannot read file ({error.strerror or error})") from None
    if again != raw or len(raw) != after.st_size or _version(before) != _version(after):
        raise UnreadableFileError(path, CHANGED)
    return raw


def _version(status: os.stat_result) -> tuple[int, int, int, int]:
    """What changes when a file is written to or replaced."""
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def load_bytes(path: Path, raw: bytes, budget: FileBudget = DEFAULT_BUDGET) -> LoadedText:
    """Return the text of a policy file from bytes already read (the pipeline hashes the same bytes
    it loads), or raise UnreadableFileError: unsupported, empty, over budget, unreadable, garbled."""
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise UnreadableFileError(path, _unsupported_reason(path))
    if not raw.strip():
        raise UnreadableFileError(path, EMPTY)
    try:
        if guard := GUARDS.get(suffix):
            guard(raw, budget)
        loaded = loader(raw)
    except (UnreadableContentError, UndecodableTextError, OverBudgetError) as error:
        raise UnreadableFileError(path, error.reason) from None
    if reason := garbled_reason(loaded.text):
        raise UnreadableFileError(path, reason)
    return loaded


def find_policy_files(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Return the supported files named by or found under paths, and the paths left out."""
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            candidates, problems = _files_under(path)
            skipped.extend(problems)
        elif path.is_file():
            if path.suffix.lower() not in LOADERS:
                skipped.append(SkippedFile(path, _unsupported_reason(path)))
                continue
            candidates = [path]
        elif path.exists():
            skipped.append(SkippedFile(path, "not a regular file"))
            continue
        else:
            skipped.append(SkippedFile(path, "no such file or directory"))
            continue
        for candidate in candidates:
            key = _identity(candidate)
            if isinstance(key, SkippedFile):
                skipped.append(key)
            elif key not in seen:
                seen.add(key)
                found.append(candidate)
    return found, _unique_skips(skipped)


def _identity(path: Path) -> Path | SkippedFile:
    """Return the path that two spellings of the same file share (what the index keys it by), or
    why the file cannot be indexed under its name."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:  # bytes that are no UTF-8 (a GBK name): SQLite and Chroma refuse them
        shown = Path(str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
        return SkippedFile(shown, "file name is not valid UTF-8 (rename the file)")
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError on a loop
        return SkippedFile(path, "symbolic link loop")


def _files_under(folder: Path) -> tuple[list[Path], list[SkippedFile]]:
    """Return supported, non-hidden files below folder in sorted order, and unreadable dirs."""
    files: list[Path] = []
    problems: list[SkippedFile] = []

    def report(error: OSError) -> None:
        problems.append(SkippedFile(Path(error.filename), f"cannot read folder ({error.strerror})"))

    # Symlinked folders are not followed, so a link cycle cannot make the walk endless.
    for directory, subdirs, names in os.walk(folder, onerror=report):
        subdirs[:] = sorted(name for name in subdirs if not name.startswith("."))
        files.extend(Path(directory, name) for name in names if _is_policy_name(name))
    return sorted(files), problems


def _is_policy_name(name: str) -> bool:
    """Return whether a file found in a folder walk should be loaded."""
    # "~$x.docx" are Word's lock files next to an open document, not documents.
    if name.startswith((".", "~$")):
        return False
    return Path(name).suffix.lower() in LOADERS


def _unique_skips(skipped: list[SkippedFile]) -> list[SkippedFile]:
    """Return skipped without repeats of the same path, first reason kept."""
    unique: dict[Path, SkippedFile] = {}
    for skip in skipped:
        unique.setdefault(skip.path, skip)
    return list(unique.values())


def _unsupported_reason(path: Path) -> str:
    """Return the skip reason for a file type we do not read."""
    return f"unsupported type {path.suffix.lower() or '(no extension)'}"
