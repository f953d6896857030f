"""Text units every layer shares: sentences, clauses, citation markers, figures, bigrams, table rows."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Sentence ends (full- and half-width); a colon or comma ends a clause, not a sentence.
SENTENCE_ENDS = "。！？；!?;"
# A reading unit: a sentence within one line. Table rows and headings are lines, so a line end
# ends a unit too.
SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
# A citation marker as answers write it: [1]..[99] (evidence lists are far shorter).
MARKER = re.compile(r"\[(\d{1,2})\]")
# Models also write 【1】, ［1］ or [ 1 ].
_MARKER_VARIANTS = re.compile(r"[【［\[]\s*(\d{1,2})\s*[】］\]]")
# An answer sentence keeps the markers that follow its end ('…以上。[1]'); a line break stands alone.
_ANSWER_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*(?:\s*\[\d{1,2}\])*|\n")
# Streaming releases text at clause ends: sentence ends, commas, enumeration commas and colons.
_CLAUSE_MARKS = "。！？；!?;\n，,、：:"
CLAUSE_END = re.compile(rf"[{_CLAUSE_MARKS}](?:\s*\[\d{{1,2}}\])*")
CLAUSE = re.compile(rf"[^{_CLAUSE_MARKS}]*[{_CLAUSE_MARKS}](?:\s*\[\d{{1,2}}\])*")
# Clauses of a long sentence, for reading: cut after commas and colons.
_READING_CLAUSE = re.compile(r"[^，,：:]+[，,：:]*")

_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,，]\d+)*")
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:[.,，]\d+)*)\s*(个百分点|[%％‰]|[\u4e00-\u9fff])?")
# An item number is no figure: '1.' '（2）' '第3，' at the start of a line.
_LEADING_ENUMERATION = re.compile(r"^\s*(?:[(（]?\d{1,2}[)）.．、]|第\d+[，,、])\s*")

# What wording comparisons ignore: figures are compared on their own, markers and punctuation
# say nothing about the topic.
WORDING_NOISE = re.compile(r"[\s\d\[\]，。,.；;：:、“”\"（）()]")
# Near-duplicate detection keeps figures: two rows that differ only in their numbers differ.
WHITESPACE = re.compile(r"\s")


def sentences(text: str) -> list[str]:
    """The reading units of a text, stripped, empty ones left out."""
    return [s for s in (m.group().strip() for m in SENTENCE.finditer(text)) if s]


def sentence_spans(text: str) -> Iterator[re.Match[str]]:
    """Reading units with their offsets (blank ones left out)."""
    return (m for m in SENTENCE.finditer(text) if m.group().strip())


def reading_clauses(sentence: str) -> list[str]:
    """A long sentence's clauses, cut after its commas and colons."""
    return [c.group() for c in _READING_CLAUSE.finditer(sentence) if c.group().strip()]


def answer_sentences(text: str) -> list[str]:
    """Sentences of an answer with their trailing markers attached ('…以上。[1]' stays one)."""
    return [s for s in (m.group() for m in _ANSWER_SENTENCE.finditer(text)) if s.strip()]


def normalise_markers(text: str) -> str:
    """【1】, ［1］ and [ 1 ] -> [1]."""
    return _MARKER_VARIANTS.sub(lambda m: f"[{m.group(1)}]", text)


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def marker_numbers(text: str) -> list[int]:
    """The evidence numbers a text cites, in order, each once."""
    return list(dict.fromkeys(int(m) for m in MARKER.findall(text)))


def with_marker(sentence: str, markers: str) -> str:
    """Markers go before the sentence's closing punctuation: '达到8%以上[1]。'; a sentence without
    one gets 。 (a clause ending in a comma keeps its comma)."""
    match = re.search(rf"[{SENTENCE_ENDS}]+$", sentence)
    if not match:
        return sentence + markers + ("" if sentence.endswith(("，", ",")) else "。")
    return sentence[:match.start()] + markers + match.group()


def _without_enumeration(text: str) -> str:
    return _LEADING_ENUMERATION.sub("", MARKER.sub("", text))


def numbers_in(text: str) -> set[str]:
    """Figures as bare numerals: '1,500万元' -> '1500', '8%' -> '8'; markers and 1./（2） excluded."""
    return {re.sub(r"[,，]", "", match.group()) for match in _NUMBER.finditer(_without_enumeration(text))}


def figures_in(text: str) -> set[tuple[str, str]]:
    """Figures with their unit: '600个以上' -> ('600', '个'), '8%' -> ('8', '%'), '2027年' -> ('2027', '年')."""
    return {(re.sub(r"[,，]", "", m.group(1)), (m.group(2) or "").replace("％", "%"))
            for m in _FIGURE.finditer(_without_enumeration(text))}


def bigrams(text: str, noise: re.Pattern[str] = WORDING_NOISE) -> set[str]:
    """Character bigrams of the text once `noise` is removed (by default: wording only)."""
    compact = noise.sub("", text)
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def share_of(words: set[str], other: set[str], empty: float) -> float:
    """How much of `words` is in `other` (0..1); `empty` when there are no words."""
    return len(words & other) / len(words) if words else empty


def is_table_row(line: str) -> bool:
    """A `|` table row as the loaders write tables: two bars, or one closing the line."""
    return line.count("|") >= 2 or (line.count("|") == 1 and line.rstrip().endswith("|"))


def table_cells(row: str) -> list[str]:
    """A `|` row's cells, without the empty ones that pad its right end."""
    parts = [c.strip() for c in row.strip().strip("|").split("|")]
    while parts and not parts[-1]:
        parts.pop()
    return parts
