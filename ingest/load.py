"""Paths -> the policy files among them, and one file at a time -> its text (by LOADERS)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.encoding import EMPTY, UndecodableTextError
from ingest.formats import LOADERS, LoadedText, UnreadableContentError

__all__ = ["LoadedText", "SkippedFile", "UnreadableFileError", "find_policy_files", "load_text"]


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


def load_text(path: Path) -> LoadedText:
    """Return the text of one policy file, or raise UnreadableFileError saying why not."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise UnreadableFileError(path, _unsupported_reason(path))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(path, f"cannot read file ({error.strerror or error})") from None
    if not raw.strip():
        raise UnreadableFileError(path, EMPTY)
    try:
        return loader(raw)
    except (UnreadableContentError, UndecodableTextError) as error:
        raise UnreadableFileError(path, error.reason) from None


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
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found, _unique_skips(skipped)


def _identity(path: Path) -> Path:
    """Return the path that two spellings of the same file share."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop; Python 3.11 raises RuntimeError
        return path.absolute()


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
