"""Clean policy text -> chunks that follow the document's numbering and never cut a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.text import is_table_row
from ingest.counting import CountMany, clause_counter

_CN_NUM = "一二三四五六七八九十百零〇两"
# Ranked outermost first; a heading pops every open heading of its own rank or deeper.
_HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第[{_CN_NUM}\d]+[章编]")),
    (1, re.compile(rf"^第[{_CN_NUM}\d]+节")),
    (2, re.compile(rf"^[{_CN_NUM}]+\s*[、，,．.]")),
    (3, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    (4, re.compile(rf"^第[{_CN_NUM}\d]+条")),
    (4, re.compile(r"^\d{1,2}\s*[、．.](?!\d)")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    (5, re.compile(r"^专栏\s*\d+")),
    (6, re.compile(rf"^[{_CN_NUM}]{{1,3}}是")),
)
_INLINE_ITEM = re.compile(rf"^([{_CN_NUM}]{{1,3}}是|[（(]\d{{1,2}}[）)]|\d{{1,2}}[、．.](?!\d)|第[{_CN_NUM}]+[，,])")
# A line end (after a heading in the lead) is a boundary too, so a heading never pushes its
# first sentence into a comma cut. Unlike core.text.SENTENCE (reading units), a closing quote or
# bracket stays with its sentence: a chunk never starts with one.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|(?=\n)|$)")
_HEADING_MAX_CHARS = 40


@dataclass(frozen=True)
class Chunk:
    """A span of the clean text: `text == clean[start:end]`, so every chunk is citable as is."""

    text: str
    start: int
    end: int
    section: tuple[str, ...]  # heading path, outermost first
    context: str = ""  # shown with the chunk but not part of its span (a split table's header row)
    kind: str = "text"  # text | table


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    kind: str  # heading | text | table
    rank: int = -1
    label: str = ""


def heading_rank(line: str) -> int:
    """The heading rank of a line (0 outermost), or -1 when it is body text."""
    for rank, pattern in _HEADINGS:
        if pattern.match(line):
            return rank
    return -1


def heading_label(line: str) -> str:
    """What a heading line is called: the whole line if short, else its first clause."""
    if len(line) <= _HEADING_MAX_CHARS and "。" not in line.rstrip("。"):
        return line.rstrip("。:：")
    first = re.split(r"[。：:；;]", line, maxsplit=1)[0]
    return first if len(first) <= _HEADING_MAX_CHARS else first[:_HEADING_MAX_CHARS] + "…"


def _is_caption(line: str) -> bool:
    return len(line) <= _HEADING_MAX_CHARS and "。" not in line.rstrip("。") and (
        line.startswith(("表", "附表", "专栏")) or not re.search(r"[，,；;]", line))


def _blocks(clean: str) -> list[_Block]:
    blocks: list[_Block] = []
    offset = 0
    for line in clean.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if is_table_row(line):
            if blocks and blocks[-1].kind == "table" and blocks[-1].end == start - 1:
                blocks[-1] = _Block(blocks[-1].start, end, "table", label=blocks[-1].label)
            elif (blocks and blocks[-1].kind == "text" and blocks[-1].rank < 0
                  and blocks[-1].end == start - 1 and _is_caption(clean[blocks[-1].start:blocks[-1].end])):
                caption = clean[blocks[-1].start:blocks[-1].end]
                blocks[-1] = _Block(blocks[-1].start, end, "table", label=caption)
            else:
                blocks.append(_Block(start, end, "table"))
            continue
        rank = heading_rank(line)
        if rank >= 0:
            short = len(line) <= _HEADING_MAX_CHARS and not re.search(r"。.", line)
            blocks.append(_Block(start, end, "heading" if short else "text", rank, heading_label(line)))
        else:
            blocks.append(_Block(start, end, "text"))
    return blocks


def _sentence_spans(text: str, base: int) -> list[tuple[int, int]]:
    spans = []
    for match in _SENTENCE.finditer(text):
        if match.group().strip():
            spans.append((base + match.start(), base + match.end()))
    return spans


def _pieces(clean: str, start: int, end: int, budget: int,
            count: Callable[[str], int]) -> list[tuple[int, int]]:
    """Split an over-long span at sentence ends into near-equal pieces, cutting at items (一是…)."""
    total = count(clean[start:end])
    target = min(budget, int(total / -(-total // budget) * 1.1) + 1)
    sentences: list[tuple[int, int]] = []
    for s_start, s_end in _sentence_spans(clean[start:end], start):
        if count(clean[s_start:s_end]) > budget:  # a run-on "sentence": fall back to commas
            sentences.extend(_sentence_like(clean, s_start, s_end, target, count))
        else:
            sentences.append((s_start, s_end))
    pieces: list[tuple[int, int]] = []
    for s_start, s_end in sentences:
        if pieces:
            p_start = pieces[-1][0]
            size = count(clean[p_start:s_start])
            starts_item = bool(_INLINE_ITEM.match(clean[s_start:s_end]))
            # A heading-only lead may push its piece a little past the budget rather than stand alone.
            limit = budget * 11 // 10 if size < budget // 10 else budget if size < target // 3 else target
            fits = count(clean[p_start:s_end]) <= limit
            if fits and not (starts_item and size >= target // 3):
                pieces[-1] = (p_start, s_end)
                continue
        pieces.append((s_start, s_end))
    if len(pieces) > 1 and count(clean[pieces[-2][0]:pieces[-1][1]]) <= budget:
        tail = count(clean[pieces[-1][0]:pieces[-1][1]])
        if tail < budget // 6:
            pieces[-2:] = [(pieces[-2][0], pieces[-1][1])]
    return pieces


def _sentence_like(clean: str, start: int, end: int, budget: int,
                   count: Callable[[str], int]) -> list[tuple[int, int]]:
    cuts = [m.end() + start for m in re.finditer(r"[，,、：:]", clean[start:end])] + [end]
    pieces: list[tuple[int, int]] = []
    piece_start = start
    previous = start
    for cut in cuts:
        if count(clean[piece_start:cut]) > budget and previous > piece_start:
            pieces.append((piece_start, previous))
            piece_start = previous
        previous = cut
    pieces.append((piece_start, end))
    # A clause with no punctuation at all can still be too long: cut it by characters, each piece
    # the longest that fits.
    exact: list[tuple[int, int]] = []
    for p_start, p_end in pieces:
        while p_start < p_end:
            cut = _fitting_end(clean, p_start, p_end, budget, count)
            exact.append((p_start, cut))
            p_start = cut
    return exact


def _fitting_end(clean: str, start: int, end: int, budget: int, count: Callable[[str], int]) -> int:
    """The end of the longest span from `start` (to at most `end`, at least one character) that
    counts at most `budget` tokens. Spans are probed at doubling lengths, then bisected: counting
    the whole rest of a 300 kB line for each piece was quadratic (28 s), and cutting at a length
    estimated from the rest's average could overshoot the budget where the text is denser."""
    fits, probe = start + 1, min(end, start + max(1, budget))
    while count(clean[start:probe]) <= budget:
        fits = probe
        if probe == end:
            return end
        probe = min(end, start + 2 * (probe - start))
    over = probe
    while over - fits > 1:
        middle = (fits + over) // 2
        if count(clean[start:middle]) <= budget:
            fits = middle
        else:
            over = middle
    return fits


def _table_chunks(clean: str, block: _Block, section: tuple[str, ...], budget: int,
                  count: Callable[[str], int]) -> list[Chunk]:
    """A table stays whole if it fits; else groups of rows, the header row repeated as context."""
    if count(clean[block.start:block.end]) <= budget:
        return [Chunk(clean[block.start:block.end], block.start, block.end, section, "", "table")]
    rows: list[tuple[int, int]] = []
    offset = block.start
    for line in clean[block.start:block.end].split("\n"):
        span = (offset, offset + len(line))
        offset += len(line) + 1
        if count(line) > budget:  # one huge cell: split it like prose
            rows.extend(_pieces(clean, span[0], span[1], budget, count))
        else:
            rows.append(span)
    first_row = 1 if block.label else 0  # a caption line precedes the header row
    header = "\n".join(clean[a:b] for a, b in rows[:first_row + 1])
    chunks: list[Chunk] = []
    group_start, group_end = rows[0]
    for row_start, row_end in rows[1:]:
        if count(clean[group_start:row_end]) + (count(header) if chunks else 0) > budget:
            chunks.append(Chunk(clean[group_start:group_end], group_start, group_end, section,
                                header if chunks else "", "table"))
            group_start = row_start
        group_end = row_end
    chunks.append(Chunk(clean[group_start:group_end], group_start, group_end, section,
                        header if chunks else "", "table"))
    return chunks


def _item_label(text: str) -> str:
    """The clause that names an inline item (一是…), for the section path; "" if none."""
    if not _INLINE_ITEM.match(text):
        return ""
    return re.split(r"[。：:；;，,]", text, maxsplit=1)[0][:_HEADING_MAX_CHARS]


def _merge_tiny(chunks: list[Chunk], clean: str, budget: int, count: Callable[[str], int]) -> list[Chunk]:
    """A few-token tail (a signature, a stray clause) joins the chunk before it when it fits."""
    merged: list[Chunk] = []
    for chunk in chunks:
        previous = merged[-1] if merged else None
        if (previous is not None and chunk.kind == previous.kind == "text"
                and count(chunk.text) < budget // 10 and not clean[previous.end:chunk.start].strip()
                and previous.section[:len(chunk.section)] == chunk.section
                and count(clean[previous.start:chunk.end]) <= budget):
            merged[-1] = Chunk(clean[previous.start:chunk.end], previous.start, chunk.end, previous.section)
        else:
            merged.append(chunk)
    return merged


def split_into_chunks(clean: str, *, chunk_tokens: int, count_tokens: Callable[[str], int],
                      count_many: CountMany | None = None) -> list[Chunk]:
    """Return chunks in document order, each inside one section, none over `chunk_tokens`.
    `count_many`, if given, counts a list of texts as `count_tokens` counts each, in one call."""
    many = count_many or (lambda texts: [count_tokens(text) for text in texts])
    summed = clause_counter(count_tokens, clean, many)
    chunks = _split(clean, chunk_tokens, summed)
    # Summed clause counts are exact for BERT-style tokenizers; others (SentencePiece) may merge
    # across a separator, so each chunk and table header row is counted whole, and if any sum was
    # off, the document is split again on whole-span counts.
    parts = [part for chunk in chunks for part in (chunk.text, chunk.context) if part]
    if any(n != summed(part) for part, n in zip(parts, many(parts), strict=True)):
        chunks = _split(clean, chunk_tokens, count_tokens)
    return chunks


def _split(clean: str, chunk_tokens: int, count_tokens: Callable[[str], int]) -> list[Chunk]:
    chunks: list[Chunk] = []
    path: list[tuple[int, str]] = []
    open_start: int | None = None  # start of the chunk being filled
    open_end = 0
    pending_heading: int | None = None  # heading lines wait for the body they introduce

    def section() -> tuple[str, ...]:
        return tuple(label for _, label in path)

    def flush() -> None:
        nonlocal open_start
        if open_start is not None:
            chunks.append(Chunk(clean[open_start:open_end], open_start, open_end, section()))
        open_start = None

    for block in _blocks(clean):
        if block.rank >= 0:
            flush()
            while path and path[-1][0] >= block.rank:
                path.pop()
            path.append((block.rank, block.label))
            if block.kind == "heading":
                pending_heading = block.start if pending_heading is None else pending_heading
                continue
        start = pending_heading if pending_heading is not None else block.start
        pending_heading = None
        if block.kind == "table":
            flush()
            if start < block.start and count_tokens(clean[start:block.end]) <= chunk_tokens:
                block = _Block(start, block.end, "table")
            chunks.extend(_table_chunks(clean, block, section(), chunk_tokens, count_tokens))
            continue
        if open_start is not None and count_tokens(clean[open_start:block.end]) <= chunk_tokens:
            open_end = block.end
            continue
        flush()
        if count_tokens(clean[start:block.end]) <= chunk_tokens:
            open_start, open_end = start, block.end
            continue
        pieces = _pieces(clean, start, block.end, chunk_tokens, count_tokens)
        for p_start, p_end in pieces:
            # The piece opening a heading line (or holding the heading lead) is named by it already.
            opens_block = p_start < block.start or (p_start == block.start and block.rank >= 0)
            label = "" if opens_block else _item_label(clean[p_start:p_end])
            chunks.append(Chunk(clean[p_start:p_end], p_start, p_end,
                                section() + ((label,) if label else ())))
    flush()
    if pending_heading is not None:  # a trailing heading with no body still belongs somewhere
        chunks.append(Chunk(clean[pending_heading:].rstrip(), pending_heading,
                            pending_heading + len(clean[pending_heading:].rstrip()), section()))
    return _merge_tiny(chunks, clean, chunk_tokens, count_tokens)
