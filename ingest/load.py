"""Read policy files (.txt, .md, .html, .pdf, .docx) into plain text, one file at a time."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
from bs4 import BeautifulSoup, NavigableString, Tag
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from pypdf import PasswordType

from ingest.encoding import (
    EMPTY,
    UndecodableTextError,
    bom_encoding,
    codec_for_label,
    decode_bytes,
    normalise_text,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "LoadedText",
    "SkippedFile",
    "UnreadableFileError",
    "decode_bytes",
    "find_policy_files",
    "load_text",
]

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".pdf", ".docx"})

# Not <head>: html.parser nests the whole <body> inside it when "</head>" is missing.
_HTML_DROPPED = [
    "script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "template",
    "title", "svg", "object", "embed", "button", "select",
]  # fmt: skip
_HTML_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})  # fmt: skip
_HTML_CELLS = ["td", "th"]
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_WORD_EXPORT_PREFIX = re.compile(r"^Microsoft Word - ", re.IGNORECASE)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class LoadedText:
    """A document's text; block structure kept as lines ("\\n" between paragraphs/table rows)."""

    path: Path
    text: str
    encoding: str  # "utf-8", "gb18030", "utf-16", ... or "pdf", "docx"; for html the charset used
    title_hint: str = ""


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
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFileError(path, _unsupported_reason(path))
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(path, f"cannot read file ({error.strerror or error})") from None
    if not raw.strip():
        raise UnreadableFileError(path, EMPTY)
    try:
        if suffix in (".html", ".htm"):
            return _load_html(path, raw)
        if suffix == ".pdf":
            return _load_pdf(path, raw)
        if suffix == ".docx":
            return _load_docx(path, raw)
        text, encoding = decode_bytes(raw)
        return LoadedText(path=path, text=text, encoding=encoding)
    except UndecodableTextError as error:
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
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
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
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _unique_skips(skipped: list[SkippedFile]) -> list[SkippedFile]:
    """Return skipped without repeats of the same path, first reason kept."""
    unique: dict[Path, SkippedFile] = {}
    for skip in skipped:
        unique.setdefault(skip.path, skip)
    return list(unique.values())


def _unsupported_reason(path: Path) -> str:
    """Return the skip reason for a file type we do not read."""
    return f"unsupported type {path.suffix.lower() or '(no extension)'}"


# --- HTML -----------------------------------------------------------------------------------


def _load_html(path: Path, raw: bytes) -> LoadedText:
    """Return the visible text of an HTML page without portal chrome, tables as "a | b" rows."""
    markup, encoding = _decode_html(raw)
    try:
        soup = BeautifulSoup(markup, "html.parser")
        title = _html_title(soup)
        _drop_chrome(soup)
        lines = _html_lines(soup)
    except Exception as error:  # noqa: BLE001 - the parser must not crash a whole ingest run
        raise UnreadableFileError(path, f"not a readable HTML file: {_short(error)}") from None
    text = "\n".join(lines)
    if not text:
        raise UnreadableFileError(path, "no visible text in HTML")
    return LoadedText(path=path, text=text, encoding=encoding, title_hint=title)


def _decode_html(raw: bytes) -> tuple[str, str]:
    """Return (markup, charset): BOM, then valid UTF-8, then <meta charset>, then detection."""
    if bom_encoding(raw) is None and b"\x00" not in raw:
        # Valid non-ASCII UTF-8 is near proof; pages often declare gb2312 yet are saved as UTF-8.
        if not raw.isascii() and _is_utf8(raw):
            return normalise_text(raw.decode("utf-8")), "utf-8"
        declared = _declared_charset(raw)
        if declared:
            try:
                return normalise_text(raw.decode(declared)), declared
            except UnicodeDecodeError:
                pass
    return decode_bytes(raw)


def _is_utf8(raw: bytes) -> bool:
    """Return whether raw is valid UTF-8."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(raw: bytes) -> str | None:
    """Return the codec of a <meta> charset declaration near the top of the page, if usable."""
    match = _META_CHARSET.search(raw[:8192])
    if not match:
        return None
    codec = codec_for_label(match.group(1).decode("ascii", errors="replace"))
    # A meta tag readable as ASCII cannot be in UTF-16/32, whatever it claims.
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None
    return codec


def _html_title(soup: BeautifulSoup) -> str:
    """Return the page's <title>, else its first <h1>, else ""."""
    for name in ("title", "h1"):
        tag = soup.find(name)
        if isinstance(tag, Tag):
            text = _collapse(tag.get_text(" "))
            if text:
                return text
    return ""


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove scripts, navigation, site headers/footers and other non-content elements."""
    for tag in soup.find_all(_HTML_DROPPED):
        if tag.decomposed:
            continue  # already gone with an enclosing dropped element
        if tag.name in ("header", "footer") and tag.find_parent(["article", "main"]):
            continue  # an article's own header holds its title and date
        tag.decompose()


def _html_lines(root: Tag) -> list[str]:
    """Return the text of root as non-empty lines, one per block element or table row."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = _collapse("".join(current))
        if line:
            lines.append(line)
        current.clear()

    # An explicit stack instead of recursion: real pages nest deeper than Python's limit allows.
    stack: list[Tag | NavigableString | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
        elif isinstance(node, Tag):
            if node.name == "tr" and _is_data_row(node):
                flush()
                lines.append(_html_row(node))  # "" for a row of empty cells, dropped below
            elif node.name == "pre":
                flush()
                lines.extend(line.strip() for line in node.get_text().splitlines() if line.strip())
            else:
                if node.name in _HTML_BLOCKS:
                    flush()
                    stack.append(None)
                stack.extend(reversed(node.contents))
        elif type(node) is NavigableString:  # comments, doctypes and CDATA are subclasses
            current.append(str(node))
    flush()
    return [line for line in lines if line]


def _is_data_row(row: Tag) -> bool:
    """Return whether a <tr> holds data cells rather than page layout."""
    cells = row.find_all(_HTML_CELLS, recursive=False)
    if len(cells) < 2:
        return False
    # Old portals lay whole pages out in tables; a cell holding a table or several paragraphs
    # is layout and is read as ordinary blocks.
    for cell in cells:
        if cell.find("table") or len(cell.find_all(["p", "div", "li"], limit=3)) >= 3:
            return False
    return True


def _html_row(row: Tag) -> str:
    """Return a data row's cells joined by " | ", or "" when every cell is empty."""
    cells = [_collapse(cell.get_text(" ")) for cell in row.find_all(_HTML_CELLS, recursive=False)]
    return " | ".join(cells) if any(cells) else ""


def _collapse(text: str) -> str:
    """Return text with whitespace runs (including &nbsp; and U+3000) as one space, stripped."""
    return _WHITESPACE.sub(" ", text).strip()


# --- PDF ------------------------------------------------------------------------------------


def _load_pdf(path: Path, raw: bytes) -> LoadedText:
    """Return the text layer of a PDF, pages joined by "\\n"."""
    # Downloaded "PDFs" are often HTML error pages; pypdf's own message would be cryptic.
    if b"%PDF-" not in raw[:1024]:
        raise UnreadableFileError(path, "not a readable PDF: no %PDF header (not a PDF file?)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            _decrypt_with_empty_password(path, reader)
        page_texts = [_page_text(page) for page in reader.pages]
        title = _pdf_title(reader)
    except UnreadableFileError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise UnreadableFileError(path, f"not a readable PDF: {_short(error)}") from None
    if not page_texts:
        raise UnreadableFileError(path, "PDF has no pages")
    if all(page is None for page in page_texts):
        raise UnreadableFileError(path, "not a readable PDF: no page could be read")
    text = "\n".join(page for page in page_texts if page)
    if not text:
        raise UnreadableFileError(path, "PDF has no text layer (scanned image?)")
    return LoadedText(path=path, text=text, encoding="pdf", title_hint=title)


def _decrypt_with_empty_password(path: Path, reader: pypdf.PdfReader) -> None:
    """Open a PDF that is encrypted only against editing, or raise "encrypted PDF"."""
    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:  # noqa: BLE001 - e.g. AES without the optional cryptography package
        opened = False
    if not opened:
        raise UnreadableFileError(path, "encrypted PDF")


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
    return _WORD_EXPORT_PREFIX.sub("", _collapse(title))


# --- DOCX -----------------------------------------------------------------------------------


def _load_docx(path: Path, raw: bytes) -> LoadedText:
    """Return a .docx's paragraphs and table rows in document order."""
    if raw.startswith(_OLE2_MAGIC):
        raise UnreadableFileError(
            path, "not a readable .docx (old Word .doc format, save as .docx)"
        )
    try:
        document = docx.Document(io.BytesIO(raw))
        lines = [line for line in _docx_lines(document.element.body) if line]
        title = _docx_title(document)
    except Exception:  # noqa: BLE001 - python-docx raises zip, XML and key errors on damage
        raise UnreadableFileError(path, "not a readable .docx") from None
    text = normalise_text("\n".join(lines))
    if not text.strip():
        raise UnreadableFileError(path, "no text in .docx")
    return LoadedText(path=path, text=text, encoding="docx", title_hint=title)


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
    return _collapse(" ".join(_docx_lines(cell)))


def _docx_title(document: DocxDocument) -> str:
    """Return the core-properties title, else the first Title/Heading paragraph, else ""."""
    title = _collapse(document.core_properties.title or "")
    if title:
        return title
    for block in _docx_blocks(document.element.body):
        if not isinstance(block, CT_P):
            continue
        style = Paragraph(block, document.part).style
        name = style.name if style is not None and style.name else ""
        if name == "Title" or name.startswith("Heading"):
            text = _collapse(_docx_paragraph_text(block))
            if text:
                return text
    return ""


def _short(error: Exception) -> str:
    """Return the first line of an exception message, at most 80 characters."""
    message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return message[:80]
