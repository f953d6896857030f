"""A drafted answer + its evidence -> checked sentences, renumbered markers and exact quotes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.question_types import TARGET_WORDS, asks_for_achieved
from assistant.regions import passages_for_named_places
from assistant.tables import header_of, is_row
from core.records import Evidence

_MARKER = re.compile(r"\[(\d{1,2})\]")
_MARKER_VARIANTS = re.compile(r"[【［\[]\s*(\d{1,2})\s*[】］\]]")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:[.,，]\d+)*")
_LEADING_ENUMERATION = re.compile(r"^\s*(?:[(（]?\d{1,2}[)）.．、]|第\d+[，,、])\s*")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*(?:\s*\[\d{1,2}\])*|\n")
_QUOTE_UNIT = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
REFUSAL_MARKERS = ("没有找到", "未找到", "没有提及", "未提及", "没有相关", "无法回答", "没有给出",
                   "未给出", "没有具体", "未涉及", "没有涉及", "没有明确", "未明确")


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    quote: str  # an exact substring of the document's clean text
    start: int
    end: int
    chunk_id: str


@dataclass(frozen=True)
class CheckedAnswer:
    text: str
    citations: list[Citation]
    removed_sentences: list[str]  # sentences dropped because a figure had no support
    refused: bool


def numbers_in(text: str) -> set[str]:
    """Figures as bare numerals: '1,500万元' -> '1500', '8%' -> '8'; markers and 1./（2） excluded."""
    text = _LEADING_ENUMERATION.sub("", _MARKER.sub("", text))
    return {re.sub(r"[,，]", "", match.group()) for match in _NUMBER.finditer(text)}


_FIGURE = re.compile(r"(?<![\d.])(\d+(?:[.,，]\d+)*)\s*(个百分点|[%％‰]|[\u4e00-\u9fff])?")


def figures_in(text: str) -> set[tuple[str, str]]:
    """Figures with their unit: '600个以上' -> ('600', '个'), '8%' -> ('8', '%'), '2027年' -> ('2027', '年')."""
    text = _LEADING_ENUMERATION.sub("", _MARKER.sub("", text))
    return {(re.sub(r"[,，]", "", m.group(1)), (m.group(2) or "").replace("％", "%"))
            for m in _FIGURE.finditer(text)}


def _units_of(evidence: Evidence) -> list[str]:
    """Sentences and table rows of a passage; every table row carries its header."""
    chunk = evidence.chunk
    prefix = chunk.context + "\n" if chunk.context else ""
    units = []
    for match in _QUOTE_UNIT.finditer(chunk.text):
        if match.group().strip():
            header = header_of(chunk, match.start()) if not prefix and is_row(match.group()) else ""
            units.append(prefix + (header + "\n" if header else "") + match.group())
    return units


def grounded(figure: tuple[str, str], sentence: str, evidence: Evidence, question: str = "",
             min_overlap: float = 0.2) -> bool:
    """The figure, with its unit, stands in a sentence of the passage that is about the same thing
    as the answer sentence (shares enough of its wording) — and is no mere target when the
    question asks what was achieved."""
    number, unit = figure
    words = _bigrams(sentence)
    achieved = asks_for_achieved(question)
    for text in _units_of(evidence):
        if achieved and TARGET_WORDS.search(evidence.section_path + text):
            continue
        found = figures_in(text)
        same = (number, unit) in found or any(n == number and not u for n, u in found) or (
            not unit and any(n == number for n, _ in found))
        if same and (not words or len(words & _bigrams(text)) / len(words) >= min_overlap):
            return True
    return False


def normalise_markers(text: str) -> str:
    return _MARKER_VARIANTS.sub(lambda m: f"[{m.group(1)}]", text)


def split_answer(text: str) -> list[str]:
    """Sentences with their trailing markers attached ('…以上。[1]' stays one sentence)."""
    return [s for s in (m.group() for m in _SENTENCE.finditer(text)) if s.strip()]


def is_refusal(text: str) -> bool:
    return any(marker in text for marker in REFUSAL_MARKERS)


def _bigrams(text: str) -> set[str]:
    compact = re.sub(r"[\s\d\[\]，。,.；;：:、“”\"（）()]", "", text)
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def _overlap(answer_sentence: str, passage: str) -> float:
    """How much of the sentence's wording and figures the passage contains (0..~2)."""
    words = _bigrams(answer_sentence)
    figures = numbers_in(answer_sentence)
    word_part = len(words & _bigrams(passage)) / len(words) if words else 0.0
    figure_part = len(figures & numbers_in(passage)) / len(figures) if figures else 0.0
    return word_part + figure_part


def evidence_text(evidence: Evidence) -> str:
    return f"{evidence.chunk.context}\n{evidence.chunk.text}"


def best_quote(sentences: Sequence[str], evidence: Evidence) -> tuple[int, int]:
    """Offsets within the chunk of the shortest run of its sentences that best supports them."""
    text = evidence.chunk.text
    units = [(m.start(), m.end()) for m in _QUOTE_UNIT.finditer(text) if m.group().strip()]
    if not units:
        return 0, len(text)
    picked = []
    for sentence in sentences:
        scored = max(units, key=lambda u: _overlap(sentence, text[u[0]:u[1]]))
        picked.append(scored)
    start = min(s for s, _ in picked)
    end = max(e for _, e in picked)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


_POINTERS = ("资料中相近", "相近", "最接近", "相关内容")
# A document's sign-off ("县科技局2021-12-16") copied as if it were an answer: it says nothing.
_SIGN_OFF = re.compile(r"[\u4e00-\u9fff（）()]{0,20}\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}日?[。.]?")


def drop_needless_refusal(answer: CheckedAnswer, question: str,
                          answers: Callable[[str, str], bool]) -> CheckedAnswer:
    """Small models often open with "没有找到" and then answer from the sources anyway: when a
    cited sentence does answer the question, the refusal sentence goes."""
    if not answer.refused or not answer.citations:
        return answer
    sentences = [s for s in split_answer(answer.text) if s.strip()]
    # "没有找到X要达到8%以上[1]" contradicts itself: the sourced figure wins.
    sentences = [_strip_refusal(s) if is_refusal(s) and _MARKER.search(s) and numbers_in(s)
                 and answers(_MARKER.sub("", s), question) else s for s in sentences]
    substantive = [s for s in sentences if not is_refusal(s) and _MARKER.search(s) and numbers_in(s)
                   and not s.startswith(_POINTERS)]
    if not any(answers(_MARKER.sub("", s), question) for s in substantive):
        return answer
    text = "".join(s for s in sentences if not is_refusal(s) and not s.startswith(_POINTERS))
    return CheckedAnswer(text.strip(), answer.citations, answer.removed_sentences, refused=False)


def _strip_refusal(sentence: str) -> str:
    pattern = "|".join(REFUSAL_MARKERS)
    return re.sub(rf"^[^，,。]*?({pattern})(关于|有关)?", "", sentence, count=1).lstrip("，,：: ")


def check_answer(draft: str, evidence: Sequence[Evidence], question: str) -> CheckedAnswer:
    """Keep sentences whose figures the evidence supports; fix, add or drop markers; quote spans."""
    allowed_numbers = numbers_in(question)
    citable = passages_for_named_places(question, evidence)
    kept: list[tuple[str, list[int]]] = []
    removed: list[str] = []
    for raw in split_answer(normalise_markers(draft)):
        if raw == "\n":
            continue
        body = _MARKER.sub("", raw).strip()
        if not body or re.fullmatch(r"[\s。；;,，]+", body):
            continue
        if _SIGN_OFF.fullmatch(body):
            removed.append(body)
            continue
        claimed = [n for n in dict.fromkeys(int(m) for m in _MARKER.findall(raw)) if 1 <= n <= len(evidence)]
        cited = [n for n in claimed if n in citable]  # a passage about another place backs nothing
        figures = {f for f in figures_in(body) if f[0] not in allowed_numbers}
        if figures:
            cited = _support_for(figures, body, cited, evidence, question, citable)
            if not cited:
                removed.append(body)
                continue
            body = _rank_words_as_cited(body, [evidence_text(evidence[n - 1]) for n in cited])
        elif not is_refusal(body) and not body.startswith(_POINTERS):
            cited = _worded_support(body, cited, evidence, citable, claimed=bool(claimed))
            if cited is None:
                removed.append(body)  # cites a passage that says nothing of the kind
                continue
        kept.append((body, cited))
    return _renumber(kept, evidence, removed)


_RANK = re.compile(r"([前第])(\d+)")


def _rank_words_as_cited(body: str, passages: Sequence[str]) -> str:
    """"进入全国第20位" where the source says "前20位" changes the target: the source's word wins."""
    def fix(match: re.Match[str]) -> str:
        word, number = match.groups()
        other = "第" if word == "前" else "前"
        said = re.compile(rf"{word}{number}(?!\d)")
        instead = re.compile(rf"{other}{number}(?!\d)")
        if any(instead.search(p) for p in passages) and not any(said.search(p) for p in passages):
            return other + number
        return match.group()

    return _RANK.sub(fix, body)


def _word_overlap(sentence: str, passage: str) -> float:
    words = _bigrams(sentence)
    return len(words & _bigrams(passage)) / len(words) if words else 1.0


def _worded_support(body: str, cited: list[int], evidence: Sequence[Evidence], citable: set[int],
                    *, claimed: bool, min_overlap: float = 0.3) -> list[int] | None:
    """Passages whose wording backs a sentence without figures: the cited ones if they do, else the
    best citable one; [] for a bare "是。"; None when the sentence claims a source and none backs it."""
    if len(_bigrams(body)) < 4:
        return cited if cited or not claimed else None
    backing = [n for n in cited if _word_overlap(body, evidence_text(evidence[n - 1])) >= min_overlap]
    if backing:
        return backing
    best = max(sorted(citable), key=lambda n: _word_overlap(body, evidence_text(evidence[n - 1])),
               default=None)
    if best is not None and _word_overlap(body, evidence_text(evidence[best - 1])) >= min_overlap:
        return [best]
    return None if claimed else []


def _support_for(figures: set[tuple[str, str]], body: str, cited: list[int],
                 evidence: Sequence[Evidence], question: str, citable: set[int]) -> list[int]:
    """The cited passages if they ground every figure, else the citable passages that do; [] if
    none."""
    def grounding(numbers: list[int]) -> set[tuple[str, str]]:
        return {f for f in figures if any(grounded(f, body, evidence[n - 1], question) for n in numbers)}

    if cited and grounding(cited) == figures:
        return cited
    ranked = sorted(sorted(citable), key=lambda n: -_overlap(body, evidence_text(evidence[n - 1])))
    chosen: list[int] = []
    covered: set[tuple[str, str]] = set()
    for n in ranked:  # figures may come from several passages (comparisons)
        new = grounding([n]) - covered
        if new:
            chosen.append(n)
            covered |= new
        if covered == figures:
            return sorted(chosen)
    return []


def _renumber(kept: list[tuple[str, list[int]]], evidence: Sequence[Evidence],
              removed: list[str]) -> CheckedAnswer:
    """Markers keep the evidence numbers the user already sees in the sources panel."""
    parts = [_attach(body, "".join(f"[{n}]" for n in cited)) for body, cited in kept]
    citations = []
    for n in sorted({n for _, cited in kept for n in cited}):
        item = evidence[n - 1]
        start, end = best_quote([body for body, cited in kept if n in cited], item)
        citations.append(Citation(n, item.document.source, item.document.title, item.section_path,
                                  item.chunk.text[start:end], item.chunk.start + start,
                                  item.chunk.start + end, item.chunk.chunk_id))
    text = "".join(parts).strip()
    return CheckedAnswer(text, citations, removed, refused=is_refusal(text) or not text)


def _attach(body: str, markers: str) -> str:
    """Markers go before the sentence's closing punctuation: '达到8%以上[1]。'."""
    match = re.search(r"[。！？；!?;]+$", body)
    if not match:
        return body + markers + ("" if body.endswith(("，", ",")) else "。")
    return body[:match.start()] + markers + match.group()
