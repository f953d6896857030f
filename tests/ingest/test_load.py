"""Tests for ingest.load: which files a walk finds, and load_text's refusals (fixtures in tmp_path)."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

import pytest

from ingest.formats import LOADERS
from ingest.load import SkippedFile, UnreadableFileError, find_policy_files, load_text
from tests.ingest.loading import unreadable_reason, write


@pytest.mark.parametrize("suffix", sorted(LOADERS))
def test_load_text_raises_only_unreadable_file_error_on_junk(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(suffix)
    reasons: list[str] = []
    for index in range(15):
        path = write(tmp_path, f"junk{index}{suffix}", rng.randbytes(rng.randrange(1, 3000)))
        try:
            loaded = load_text(path)
        except UnreadableFileError as error:
            reasons.append(error.reason)
            continue
        assert loaded.text.strip()
    assert reasons
    assert all(reasons)


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    assert unreadable_reason(write(tmp_path, "sheet.xlsx", b"PK")) == "unsupported type .xlsx"
    assert unreadable_reason(tmp_path / "gone.txt").startswith("cannot read file")


def test_unreadable_file_error_message_and_pickling() -> None:
    error = UnreadableFileError(Path("a/b.pdf"), "encrypted PDF")
    assert str(error) == "a/b.pdf: encrypted PDF"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


# --- find_policy_files ----------------------------------------------------------------------


def test_find_policy_files(tmp_path: Path) -> None:
    for name in [
        "b.txt", "a.PDF", "notes.xlsx", ".hidden.txt", "~$lock.docx", "sub/z.htm",
        "sub/deeper/y.md", "sub/.cache/x.txt", ".git/description.md", "sub/image.png",
    ]:  # fmt: skip
        write(tmp_path, f"corpus/{name}", b"x")
    corpus = tmp_path / "corpus"
    files, skipped = find_policy_files(
        [
            corpus,
            corpus / "b.txt",  # already found in the folder
            corpus / "notes.xlsx",
            tmp_path / "missing",
            corpus / ".hidden.txt",  # hidden but named explicitly
            tmp_path / "missing",
        ]
    )
    assert files == [
        corpus / "a.PDF",
        corpus / "b.txt",
        corpus / "sub" / "deeper" / "y.md",
        corpus / "sub" / "z.htm",
        corpus / ".hidden.txt",
    ]
    assert skipped == [
        SkippedFile(corpus / "notes.xlsx", "unsupported type .xlsx"),
        SkippedFile(tmp_path / "missing", "no such file or directory"),
    ]
