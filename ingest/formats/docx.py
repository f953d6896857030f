"""Word .docx bytes -> its paragraphs and table rows in document order, and its title."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from ingest.budget import FileBudget
from ingest.encoding import normalise_text
from ingest.formats.base import LoadedText, UnreadableContentError, collapse

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def load_docx(raw: bytes) -> LoadedText:
    """Return a .docx's paragraphs and table rows in document order."""
    if raw.startswith(_OLE2_MAGIC):
        raise UnreadableContentError("not a readable .docx (old Word .doc format, save as .docx)")
    try:
        document = docx.Document(io.BytesIO(raw))
        lines = [line for line in _docx_lines(document.element.body) if line]
        title = _docx_title(document)
    except Exception:  # noqa: BLE001 - python-docx raises zip, XML and key errors on damage
        raise UnreadableContentError("not a readable .docx") from None
    text = normalise_text("\n".join(lines))
    if not text.strip():
        raise UnreadableContentError("no text in .docx")
    return LoadedText(text=text, title_hint=title)


def check_docx_budget(raw: bytes, budget: FileBudget) -> None:
    """Refuse a .docx whose parts unzip to more than the budget, from the sizes its zip declares,
    before anything is inflated: python-docx reads every part into memory (a 3 MB zip bomb took
    26 s and 3 GB before it was found unreadable)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            size = sum(member.file_size for member in archive.infolist())
    except Exception:  # noqa: BLE001 - not a zip, or a damaged one: load_docx says so
        return
    budget.check_unzipped(size)


def _docx_lines(container: BaseOxmlElement) -> Iterator[str]:
    """Yield one line per paragraph and per table row of a body or cell, in order."""
    for block in _docx_blocks(container):
        if isinstance(block, CT_P):
            yield _docx_paragraph_text(block).strip()
            continue
        for row in block.tr_lst:
            cells = [_docx_cell_text(cell) for cell in row.tc_lst]
            if any(cells):
                yield " | ".join(cells)


def _docx_blocks(container: BaseOxmlElement) -> Iterator[CT_P | CT_Tbl]:
    """Yield the paragraphs and tables of a body or cell, also those inside content controls."""
    for child in container.iterchildren():
        if isinstance(child, (CT_P, CT_Tbl)):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_blocks(content)
        elif child.tag == qn("w:customXml"):
            yield from _docx_blocks(child)


def _docx_paragraph_text(paragraph: CT_P) -> str:
    """Return a paragraph's text, tracked insertions included, text boxes left out."""
    # python-docx's Paragraph.text skips runs wrapped in w:ins, w:smartTag, w:fldSimple, ...
    runs = paragraph.xpath(".//w:r[not(ancestor::w:txbxContent)]")
    return "".join(run.text for run in runs if isinstance(run, CT_R))


def _docx_cell_text(cell: CT_Tc) -> str:
    """Return a cell's text on one line; "" for the lower parts of a vertically merged cell."""
    if cell.vMerge == "continue":
        return ""
    return collapse(" ".join(_docx_lines(cell)))


def _docx_title(document: DocxDocument) -> str:
    """Return the core-properties title, else the first Title/Heading paragraph, else ""."""
    title = collapse(document.core_properties.title or "")
    if title:
        return title
    for block in _docx_blocks(document.element.body):
        if not isinstance(block, CT_P):
            continue
        style = Paragraph(block, document.part).style
        name = style.name if style is not None and style.name else ""
        if name == "Title" or name.startswith("Heading"):
            text = collapse(_docx_paragraph_text(block))
            if text:
                return text
    return ""
