"""A question + evidence -> an answer made of the evidence's own best sentences (no LLM)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.citations import CheckedAnswer, figures_in, numbers_in
from assistant.question_types import answers_question
from assistant.regions import passages_for_named_places
from assistant.tables import header_of, is_row, row_statement
from core.tokens import tokenize
from core.records import Evidence

_UNIT = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_GENERIC = frozenset("省 市 县 年 要 达到 计划 提高 多少 什么 目标 要求 政策 "
                     "文件 里 方面 主要 有 哪些 哪个 分别 现在 今年 当前".split())
REFUSAL = "现有文件中没有找到能回答这个问题的内容。"
# A document's framing sentence ("现就……提出如下意见", "特制定本办法") names everything and says nothing.
_FRAMING = re.compile(
    r"(提出|通知|意见|规定)如下|特制定本|制定本(办法|方案|细则|意见|规定)|现将.{0,30}(印发|通知)")
QUOTE_LABEL = "相关原文："
_DATE_UNITS = frozenset({"年", "月", "日", "号", ""})
_MARKER = re.compile(r"\[\d+\]")
_SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]*")


@dataclass(frozen=True)
class Pick:
    evidence_number: int  # 1-based position in the evidence list
    sentence: str
    score: float
    covers: frozenset[str] = frozenset()  # the question words it contains


def _candidates(question: str, evidence: Sequence[Evidence], citable: set[int],
                heading_share: float = 0.5) -> list[Pick]:
    wanted = [t for t in dict.fromkeys(tokenize(question)) if t not in _GENERIC and len(t) > 1]
    wanted = wanted or list(dict.fromkeys(tokenize(question)))
    units = []  # (evidence number, sentence as shown, its words, its passage's heading words)
    for number, item in enumerate(evidence, 1):
        if number not in citable:
            continue  # about another place than the one asked about
        # Place, year and topic are often named only in the title and headings.
        heading = set(tokenize(f"{item.document.region} {item.document.title} {item.section_path}"))
        for match in _UNIT.finditer(item.chunk.text):
            sentence = match.group().strip()
            header = header_of(item.chunk, match.start()) if is_row(sentence) else ""
            if is_row(sentence) and not header:
                continue  # a table's header row: names without values
            if len(sentence) < 6 or _FRAMING.search(sentence) or \
                    not answers_question(sentence, question, item.section_path):
                continue
            words = set(tokenize(item.chunk.context + header + sentence))
            shown = (row_statement(sentence, header) or sentence) if header else sentence
            units.append((number, shown, words, heading))
    weight = {t: float(len(t)) for t in wanted}  # longer words say more (资金投入 > 资金)
    total = sum(weight.values()) or 1.0

    def score(number: int, words: set[str], heading: set[str]) -> float:
        said = sum(weight[t] for t in wanted if t in words)
        placed = sum(weight[t] for t in wanted if t in heading and t not in words)
        return (said + heading_share * placed) / total + 0.02 * (len(evidence) - number)

    picks = [Pick(number, sentence, score(number, words, heading), frozenset(t for t in wanted if t in words))
             for number, sentence, words, heading in units]
    return sorted(picks, key=lambda p: -p.score)


def question_parts(question: str, min_chars: int = 6) -> list[str]:
    """The questions inside one: split at ?/？ and 。; parts too short to stand alone are dropped."""
    return [p.strip() for p in re.split(r"[?？。]", question) if len(p.strip()) >= min_chars]


def extractive_answer(question: str, evidence: Sequence[Evidence], *, min_coverage: float = 0.3,
                      max_sentences: int = 3) -> str:
    """Up to three evidence sentences that cover the question, each with its marker; else a refusal
    that points at the nearest passage."""
    chosen: list[Pick] = []
    citable = passages_for_named_places(question, evidence)
    parts = question_parts(question)
    if len(parts) > 1:  # "靠哪些计划?到2027年要引进多少?": the best sentence for each part first
        for part in parts:
            best = next(iter(_candidates(part, evidence, citable)), None)
            if best and best.score >= min_coverage and all(best.sentence != c.sentence for c in chosen):
                chosen.append(best)
    for pick in _candidates(question, evidence, citable):
        floor = min_coverage if not chosen else max(min_coverage * 0.7, chosen[0].score * 0.6)
        if pick.score < floor or len(chosen) >= max_sentences:
            break
        if any(pick.sentence == c.sentence for c in chosen):
            continue
        said_numbers = set().union(*(numbers_in(c.sentence) for c in chosen))
        said_words = frozenset().union(*(c.covers for c in chosen))
        if chosen and not (numbers_in(pick.sentence) - said_numbers) and pick.covers <= said_words:
            continue  # nothing new to add
        chosen.append(pick)
    if not chosen:
        if not evidence:
            return REFUSAL
        return f"{REFUSAL}最接近的内容见来源[1]。"
    return "".join(_with_marker(p.sentence, p.evidence_number) for p in chosen)


_ASKS_LIST = re.compile(r"哪些|哪几|哪[一二两三四五六七八九十]|有什么|什么(计划|工程|行动|政策|措施|方式|平台)")
_NAMED = re.compile(r"“([^“”]{2,24})”")


def names_left_out(answer: CheckedAnswer) -> list[str]:
    """Quoted names (“南太湖精英计划”) in the cited passages' quotes that the answer omits."""
    said = _MARKER.sub("", answer.text)
    names = dict.fromkeys(name for c in answer.citations for name in _NAMED.findall(c.quote))
    return [name for name in names if name not in said]


def is_thin(answer: CheckedAnswer, question: str, min_chars: int = 30) -> bool:
    """A model answer that says too little to be useful: one that lost sentences to the figure
    check, a short one without a figure other than a date ("是。", "要求一样。"), one that
    mostly repeats the question back, or a list that leaves out names its quotes give."""
    content = re.sub(r"\[\d+\]|[\s。，,；;！？!?“”\"]", "", answer.text)
    quantities = {unit for _, unit in figures_in(answer.text)} - _DATE_UNITS
    pairs = [content[i:i + 2] for i in range(len(content) - 1)]
    echoed = sum(pair in question for pair in pairs) / len(pairs) if pairs else 1.0
    incomplete_list = bool(_ASKS_LIST.search(question)) and bool(names_left_out(answer))
    return bool(answer.removed_sentences) or (len(content) < min_chars and not quantities) or \
        (echoed >= 0.5 and not quantities) or incomplete_list


def source_sentences(question: str, evidence: Sequence[Evidence], answer: CheckedAnswer) -> str:
    """The extractive answer's sentences that add to `answer`, labelled as the sources' own words;
    "" when the sources have nothing more for this question."""
    picks = extractive_answer(question, evidence)
    if picks.startswith(REFUSAL):
        return ""
    plain = _MARKER.sub("", answer.text)
    cited = {c.n for c in answer.citations}
    new = [s for s in _SENTENCE.findall(picks) if not _already_said(s, plain, cited)]
    return f"{QUOTE_LABEL}{''.join(new)}" if new else ""


def _already_said(sentence: str, plain_answer: str, cited: set[int]) -> bool:
    """Its words are in the answer, or its figures are, from a passage the answer already cites."""
    body = _MARKER.sub("", sentence).rstrip("。；;！？!?")
    figures = numbers_in(body)
    sources = {int(n) for n in re.findall(r"\[(\d+)\]", sentence)}
    return body in plain_answer or bool(figures and figures <= numbers_in(plain_answer) and sources <= cited)


def _with_marker(sentence: str, number: int) -> str:
    match = re.search(r"[。！？；!?;]+$", sentence)
    if not match:
        return f"{sentence}[{number}]。"
    return f"{sentence[:match.start()]}[{number}]{match.group()}"
