"""PDF bytes -> the text layer of its pages, and its document-information title."""

from __future__ import annotations

import io
import re

import pypdf
from pypdf import PasswordType

from ingest.budget import FileBudget
from ingest.encoding import normalise_text
from ingest.formats.base import LoadedText, UnreadableContentError, collapse, first_line

_WORD_EXPORT_PREFIX = re.compile(r"^Microsoft Word - ", re.IGNORECASE)


def load_pdf(raw: bytes) -> LoadedText:
    """Return the text layer of a PDF, pages joined by "\\n"."""
    # Downloaded "PDFs" are often HTML error pages; pypdf's own message would be cryptic.
    if b"%PDF-" not in raw[:1024]:
        raise UnreadableContentError("not a readable PDF: no %PDF header (not a PDF file?)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            _decrypt_with_empty_password(reader)
        page_texts = [_page_text(page) for page in reader.pages]
        title = _pdf_title(reader)
    except UnreadableContentError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise UnreadableContentError(f"not a readable PDF: {first_line(error)}") from None
    if not page_texts:
        raise UnreadableContentError("PDF has no pages")
    if all(page is None for page in page_texts):
        raise UnreadableContentError("not a readable PDF: no page could be read")
    text = "\n".join(page for page in page_texts if page)
    if not text:
        raise UnreadableContentError("PDF has no text layer (scanned image?)")
    return LoadedText(text=text, title_hint=title)


def check_pdf_budget(raw: bytes, budget: FileBudget) -> None:
    """Refuse a PDF with more pages than the budget before any page is read: counting them reads
    only the page tree (0.3 s for 2,000 pages; extracting their text took 35 s)."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        pages = len(reader.pages)
    except Exception:  # noqa: BLE001 - damaged or encrypted: load_pdf says what is wrong with it
        return
    budget.check_pages(pages)


def _decrypt_with_empty_password(reader: pypdf.PdfReader) -> None:
    """Open a PDF that is encrypted only against editing, or raise "encrypted PDF"."""
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # noqa: BLE001 - e.g. AES without the optional cryptography package
        opened = False
    if not opened:
        raise UnreadableContentError("encrypted PDF")


def _page_text(page: pypdf.PageObject) -> str | None:
    """Return one page's text ("" when it has none), or None when the page cannot be read."""
    try:
        text = page.extract_text() or ""
    except Exception:  # noqa: BLE001 - one damaged page should not cost the whole document
        return None
    return normalise_text(text).strip()


def _pdf_title(reader: pypdf.PdfReader) -> str:
    """Return the document-information title, without the "Microsoft Word - " export prefix."""
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # noqa: BLE001 - a broken info dictionary only costs the hint
        return ""
    if not isinstance(title, str):
        return ""
    return _WORD_EXPORT_PREFIX.sub("", collapse(title))
