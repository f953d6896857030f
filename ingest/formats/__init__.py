"""File suffix -> the loader that turns a file of that format into text: one module per format.

A new format is one module here (`bytes -> LoadedText`, raising UnreadableContentError with a
short reason) and one line in LOADERS; the CLI, folder walks and the upload accept-list read it.
A format whose loader can cost far more than its file's size (pages, a zip) adds a line to GUARDS.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.budget import FileBudget
from ingest.formats.base import LoadedText, UnreadableContentError
from ingest.formats.docx import check_docx_budget, load_docx
from ingest.formats.html import load_html
from ingest.formats.pdf import check_pdf_budget, load_pdf
from ingest.formats.text import load_plain_text

Loader = Callable[[bytes], LoadedText]
# Raises OverBudgetError when a file would cost more than the budget, before its loader runs.
Guard = Callable[[bytes, FileBudget], None]

# In the order users see them (CLI help, the upload form and its refusal message).
LOADERS: dict[str, Loader] = {
    ".txt": load_plain_text,
    ".md": load_plain_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
}

# Checks that cost a fraction of loading: a PDF's page count, a zip's declared unpacked size.
GUARDS: dict[str, Guard] = {
    ".pdf": check_pdf_budget,
    ".docx": check_docx_budget,
}

__all__ = ["GUARDS", "LOADERS", "Guard", "LoadedText", "Loader", "UnreadableContentError"]
