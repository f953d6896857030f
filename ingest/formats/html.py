"""HTML page bytes -> its visible text without portal chrome, tables as "a | b" rows, and its title."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from ingest.encoding import bom_encoding, codec_for_label, decode_bytes, normalise_text
from ingest.formats.base import LoadedText, UnreadableContentError, collapse, first_line

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
_PARAGRAPHS = frozenset({"p", "div", "li"})
_LAYOUT_BLOCKS = 3  # a cell with this many paragraphs is page layout, not a table's data
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


def load_html(raw: bytes) -> LoadedText:
    """Return the visible text of an HTML page without portal chrome, tables as "a | b" rows."""
    markup = decode_html(raw)
    try:
        soup = BeautifulSoup(markup, "html.parser")
        title = _html_title(soup)
        _drop_chrome(soup)
        lines = _html_lines(soup)
    except Exception as error:  # noqa: BLE001 - the parser must not crash a whole ingest run
        raise UnreadableContentError(f"not a readable HTML file: {first_line(error)}") from None
    text = "\n".join(lines)
    if not text:
        raise UnreadableContentError("no visible text in HTML")
    return LoadedText(text=text, title_hint=title)


def decode_html(raw: bytes) -> str:
    """Return the markup: BOM, then valid UTF-8, then <meta charset>, then detection."""
    if bom_encoding(raw) is None and b"\x00" not in raw:
        # Valid non-ASCII UTF-8 is near proof; pages often declare gb2312 yet are saved as UTF-8.
        if not raw.isascii() and _is_utf8(raw):
            return normalise_text(raw.decode("utf-8"))
        declared = _declared_charset(raw)
        if declared:
            try:
                return normalise_text(raw.decode(declared))
            except UnicodeDecodeError:
                pass
    return decode_bytes(raw)[0]


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
            text = collapse(tag.get_text(" "))
            if text:
                return text
    return ""


def _drop_chrome(soup: BeautifulSoup) -> None:
    """Remove scripts, navigation, site headers/footers and other non-content elements."""
    # One walk from the top, knowing whether it is inside an article: asking each header for its
    # ancestors was quadratic in the nesting depth (hostile pages nest 10,000 levels).
    stack: list[tuple[Tag, bool]] = [(soup, False)]
    while stack:
        tag, in_article = stack.pop()
        # An article's own header holds its title and date.
        if tag.name in _HTML_DROPPED and not (tag.name in ("header", "footer") and in_article):
            tag.decompose()
            continue
        inside = in_article or tag.name in ("article", "main")
        stack.extend((child, inside) for child in tag.contents if isinstance(child, Tag))


def _html_lines(root: Tag) -> list[str]:
    """Return the text of root as non-empty lines, one per block element or table row."""
    lines: list[str] = []
    current: list[str] = []
    layout = _layout_cells(root)

    def flush() -> None:
        line = collapse("".join(current))
        if line:
            lines.append(line)
        current.clear()

    # An explicit stack instead of recursion: real pages nest deeper than Python's limit allows.
    stack: list[PageElement | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:
            flush()
        elif isinstance(node, Tag):
            if node.name == "tr" and _is_data_row(node, layout):
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


def _is_data_row(row: Tag, layout: set[int]) -> bool:
    """Return whether a <tr> holds data cells rather than page layout (`layout`: see _layout_cells)."""
    cells = [cell for cell in row.contents if isinstance(cell, Tag) and cell.name in _HTML_CELLS]
    return len(cells) >= 2 and not any(id(cell) in layout for cell in cells)


def _layout_cells(root: Tag) -> set[int]:
    """Return the ids of the cells that hold a table or several paragraphs: old portals lay whole
    pages out in tables, and such a cell is read as ordinary blocks, not as a row's data."""
    # One pass from the leaves up (children come after their parents in document order): a
    # search below each cell was quadratic in the nesting depth of tables in tables.
    holds_table: dict[int, bool] = {}
    blocks: dict[int, int] = {}  # p/div/li below a tag, counted up to _LAYOUT_BLOCKS
    layout: set[int] = set()
    for node in reversed(list(root.descendants)):
        if not isinstance(node, Tag):
            continue
        table, count = False, 0
        for child in node.contents:
            if isinstance(child, Tag):
                table = table or child.name == "table" or holds_table[id(child)]
                count = min(_LAYOUT_BLOCKS, count + (child.name in _PARAGRAPHS) + blocks[id(child)])
        holds_table[id(node)], blocks[id(node)] = table, count
        if node.name in _HTML_CELLS and (table or count >= _LAYOUT_BLOCKS):
            layout.add(id(node))
    return layout


def _html_row(row: Tag) -> str:
    """Return a data row's cells joined by " | ", or "" when every cell is empty."""
    cells = [collapse(cell.get_text(" ")) for cell in row.find_all(_HTML_CELLS, recursive=False)]
    return " | ".join(cells) if any(cells) else ""
