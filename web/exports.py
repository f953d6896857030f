"""Downloads: rows -> CSV bytes that Excel opens (BOM, no formulas), and bytes -> a file Gradio serves."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

EXPORT_DIR = "policyqa-exports"  # under the system temp dir, which Gradio may serve files from
# A spreadsheet runs a cell that starts like this as a formula, and documents are untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A value as a spreadsheet cell: None empty, booleans as words, whole floats as integers, and
    text that would start a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The header, then the rows; UTF-8 with a BOM, so Excel reads Chinese."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + text.getvalue()).encode("utf-8")


def export_file(content: bytes, name: str) -> str:
    """`content` as a file called `name` that a download button can serve; same bytes, same file."""
    folder = Path(tempfile.gettempdir()) / EXPORT_DIR / hashlib.sha256(content).hexdigest()[:20]
    path = folder / name
    if not path.exists():  # repeated views of the same rows write nothing
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{uuid.uuid4().hex}.part"
        partial.write_bytes(content)
        os.replace(partial, path)
    return str(path)
