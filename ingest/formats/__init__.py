"""File suffix -> the loader that turns a file of that format into text: one module per format.

A new format is one module here (`bytes -> LoadedText`, raising UnreadableContentError with a
short reason) and one line in LOADERS; the CLI, folder walks and the upload accept-list read it.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.formats.base import LoadedText, UnreadableContentError
from ingest.formats.docx import load_docx
from ingest.formats.html import load_html
from ingest.formats.pdf import load_pdf
from ingest.formats.text import load_plain_text

Loader = Callable[[bytes], LoadedText]

# In the order users see them (CLI help, the upload form and its refusal message).
LOADERS: dict[str, Loader] = {
    ".txt": load_plain_text,
    ".md": load_plain_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}

__all__ = ["LOADERS", "LoadedText", "Loader", "UnreadableContentError"]
