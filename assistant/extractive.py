"""A question + evidence -> an answer made of the evidence's own best sentences (the no-LLM backend)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import partial

from assistant.answer_policy import AnswerPolicy
from assistant.comparison import Side, asks_to_compare, compared
from assistant.counted import about_other_counted
from assistant.injection import is_instruction
from assistant.lists import SHORT_LIST, asked_count, asks_for_list, listed_count
from assistant.question_frame import frame_of, indicator_heads, indicator_words
from assistant.question_types import answers_question, asks_for_planned_figure, asks_for_quantity
from assistant.tables import header_of, row_statement
from assistant.verification.binding import asked_figure, asked_years, names_asked_year, states_asked_figure
from assistant.verification.places import about_another_of_its_places, local_places, passages_for_named_places
from assistant.verification.refusal import NEAREST_SOURCE, NEAREST_WORDS, NO_FIGURE_FOR_YEAR, NOTHING_ANSWERS
from core.knowledge import in_review_section
from core.places import region_stem
from core.records import Evidence
from core.text import is_table_row, numbers_in, sentence_spans, with_marker
from core.tokens import tokenize

_GENERIC = frozenset("省 市 县 年 要 达到 计划 提高 多少 什么 目标 要求 政策 "
                     "文件 里 方面 主要 有 哪些 哪个 分别 现在 今年 当前".split())
# A document's framing sentence ("现就……提出如下意见", "特制定本办法") names everything and says nothing.
_FRAMING = re.compile(
    r"(提出|通知|意见|规定)如下|特制定本|制定本(办法|方案|细则|意见|规定)|现将.{0,30}(印发|通知)")


@dataclass(frozen=True)
class Pick:
    evidence_number: int  # 1-based position in the evidence list
    sentence: str
    score: float
    covers: frozenset[str] = frozenset()  # the question words it contains
    in_asked_year: bool = True  # it or what frames it names every year the figure is asked for


@dataclass(frozen=True)
class _Unit:
    number: int  # of the passage
    shown: str  # the sentence as an answer gives it (a table row as a statement)
    words: set[str]
    heading: set[str]  # words of its passage's title and headings
    where: str  # its passage's region, title and headings
    in_asked_year: bool  # it or what frames it names every year the figure is asked for
    in_asked_places: bool  # its document is about, or its paragraph names, each place asked about


def _units(question: str, evidence: Sequence[Evidence], citable: set[int],
           policy: AnswerPolicy) -> list[_Unit]:
    """The sentences of the citable passages that could answer the question."""
    units = []
    # Each place must be bound, not just one ("甲市在乙市设立的中心…"); a comparison names one per side.
    places = () if asks_to_compare(question) else frame_of(question).places
    target_asked = asks_for_planned_figure(question)
    for number, item in enumerate(evidence, 1):
        if number not in citable:
            continue  # about another place than the one asked about
        if target_asked and in_review_section(item.chunk.section):
            continue  # "当年的预期目标": a review of past years states results, not the target
        # Place, year and topic are often named only in the title and headings.
        where = f"{item.document.region} {item.document.title} {item.section_path}"
        heading = set(tokenize(where))
        for match in sentence_spans(item.chunk.text):
            sentence = match.group().strip()
            row = is_table_row(sentence)
            header = header_of(item.chunk, match.start()) if row else ""
            if row and not header:
                continue  # a table's header row: names without values
            if len(sentence) < policy.min_sentence_chars or _FRAMING.search(sentence) or is_instruction(sentence) \
                    or not answers_question(sentence, question, item.section_path) \
                    or (places and about_another_of_its_places(sentence, places, item)) \
                    or about_other_counted(question, sentence):
                continue
            words = set(tokenize(item.chunk.context + header + sentence))
            shown = (row_statement(sentence, header) or sentence) if header else sentence
            # The passage so far, and its paragraph's start before the chunk: "力争到2022年，……。带动……"
            # frames its year, as does "到2027年：" on the line before a list of targets.
            paragraph = item.lead + item.chunk.text[:match.start()]
            framing = f"{item.section_path}\n{item.chunk.context}\n{header}\n{paragraph}{sentence}"
            own_paragraph = paragraph.rsplit("\n", 1)[-1] + sentence
            units.append(_Unit(number, shown, words, heading, where,
                               names_asked_year(question, framing, title=item.document.title,
                                                date=item.document.date),
                               all(_place_named(place, item, own_paragraph, policy) for place in places)))
    return units


def _place_named(place: str, item: Evidence, paragraph: str, policy: AnswerPolicy) -> bool:
    """Is the place the passage's document's own, or named in the title, headings or paragraph?
    ("某市在深圳设立的招商中心…": the city's own figure, not about 深圳, does not answer). A provincial
    document's figures apply to every place under it."""
    if not local_places(item, min_chars=policy.min_place_chars):
        return True
    stem = region_stem(place)
    regions = {region_stem(r) for r in (*item.document.regions, item.document.region) if r}
    return stem in regions or stem in f"{item.document.title}{item.section_path}{paragraph}"


def _candidates(question: str, evidence: Sequence[Evidence], citable: set[int],
                policy: AnswerPolicy) -> list[Pick]:
    wanted = [t for t in dict.fromkeys(tokenize(question))
              if t not in _GENERIC and len(t) >= policy.min_word_chars]
    wanted = wanted or list(dict.fromkeys(tokenize(question)))
    weight = {t: float(len(t)) for t in wanted}  # longer words say more (资金投入 > 资金)
    total = sum(weight.values()) or 1.0

    def score(unit: _Unit) -> float:
        said = sum(weight[t] for t in wanted if t in unit.words)
        placed = sum(weight[t] for t in wanted if t in unit.heading and t not in unit.words)
        return (said + policy.heading_share * placed) / total + \
            policy.position_bonus * (len(evidence) - unit.number)

    asked = indicator_words(question)
    heads = indicator_heads(question)
    figure_asked = asks_for_quantity(question) and policy.indicator_coverage > 0

    def states_figure(unit: _Unit) -> bool:
        """A figure question needs a figure next to the asked indicator's words, not only the place
        and plan that frame it: else its figure belongs to another indicator."""
        return not figure_asked or unit.in_asked_places and states_asked_figure(
            unit.shown, question, asked, heads=heads, heading=unit.where, min_share=policy.indicator_coverage,
            heading_share=policy.heading_share)

    picks = [Pick(u.number, u.shown, score(u), frozenset(t for t in wanted if t in u.words),
                  u.in_asked_year)
             for u in _units(question, evidence, citable, policy) if states_figure(u)]
    # Equal scores (two sentences of one passage): the one that repeats more of the question's own
    # wording goes first ("赤字率" asked: "赤字率在2%左右" before "财政赤字1.2万亿元").
    return sorted(picks, key=lambda p: (-p.score, -_shared_run(question, p.sentence)))


def _shared_run(question: str, sentence: str) -> int:
    """Length of the longest piece of the question that the sentence repeats word for word."""
    matcher = SequenceMatcher(None, question, sentence, autojunk=False)
    return matcher.find_longest_match(0, len(question), 0, len(sentence)).size


def question_parts(question: str, *, min_chars: int) -> list[str]:
    """The questions inside one: split at ?/？ and 。; parts too short to stand alone are dropped."""
    return [p.strip() for p in re.split(r"[?？。]", question) if len(p.strip()) >= min_chars]


def _part_figure(part: str, sentence: str, *, policy: AnswerPolicy) -> str | None:
    """The figure of the sentence that a part of the question asks for."""
    return asked_figure(sentence, part, indicator_words(part), heads=indicator_heads(part), heading="",
                        min_share=0.0, heading_share=policy.heading_share)


def _floor(chosen: list[Pick], policy: AnswerPolicy) -> float:
    """The score a further sentence needs: a bit under the first's floor, not far under the best."""
    if not chosen:
        return policy.min_coverage
    return max(policy.min_coverage * policy.later_floor_of_coverage,
               chosen[0].score * policy.later_floor_of_best)


def _adds_nothing(pick: Pick, chosen: list[Pick]) -> bool:
    said_numbers = set().union(*(numbers_in(c.sentence) for c in chosen))
    said_words = frozenset().union(*(c.covers for c in chosen))
    return bool(chosen) and not (numbers_in(pick.sentence) - said_numbers) and pick.covers <= said_words


def extractive_answer(question: str, evidence: Sequence[Evidence], *, policy: AnswerPolicy) -> str:
    """Up to max_sentences evidence sentences that cover the question, each with its marker; else
    a refusal that points at the nearest passage."""
    if computed := compared_answer(question, evidence, policy=policy):
        return computed
    chosen: list[Pick] = []
    citable = passages_for_named_places(question, evidence, min_chars=policy.min_place_chars)
    parts = question_parts(question, min_chars=policy.part_min_chars)
    if len(parts) > 1:  # "靠哪些计划?到2027年要引进多少?": the best sentence for each part first
        given: dict[str, set[str | None]] = {}  # chosen sentence -> the figures it answered
        for part in parts:
            found = [p for p in _candidates(part, evidence, citable, policy) if p.score >= policy.min_coverage]
            figure = partial(_part_figure, part, policy=policy)
            # A sentence chosen for an earlier part may answer this one too, with another of its figures
            # ("提高1200万…待遇，中央财政为此将投入120亿元"); the same figure again does not.
            pick = next((p for p in found if p.sentence in given and figure(p.sentence) not in given[p.sentence]),
                        None) or next((p for p in found if p.sentence not in given), None)
            if pick:
                if pick.sentence not in given:
                    chosen.append(pick)
                given.setdefault(pick.sentence, set()).add(figure(pick.sentence))
    candidates = _candidates(question, evidence, citable, policy)
    count = asked_count(question) if asks_for_list(question) else None
    if count and count >= 3 and candidates:  # "八大行动分别是什么": the sentence listing all eight comes first
        # (two-item runs are everywhere; and only a sentence that would be picked anyway is moved up)
        bar = max(policy.min_coverage, candidates[0].score * policy.later_floor_of_best)
        whole = [p for p in candidates if listed_count(p.sentence) == count and p.score >= bar]
        candidates = whole + [p for p in candidates if p not in whole]
    if asks_for_quantity(question) and (years := asked_years(frame_of(question))):
        in_year = [p for p in candidates if p.in_asked_year]
        if candidates and not in_year and not chosen:
            return _other_years_answer(years, candidates[0], policy)
        candidates = in_year
    for pick in candidates:
        if pick.score < _floor(chosen, policy) or len(chosen) >= policy.max_sentences:
            break
        if any(pick.sentence == c.sentence for c in chosen) or _adds_nothing(pick, chosen):
            continue
        chosen.append(pick)
    if not chosen:
        return f"{NOTHING_ANSWERS}{NEAREST_SOURCE}" if evidence else NOTHING_ANSWERS
    answer = "".join(_sentence_with_marker(p) for p in chosen)
    listed = max((listed_count(p.sentence) for p in chosen), default=0)
    if count and 2 <= listed < count:  # the copied list is shorter than the question says: no item is made up
        answer += SHORT_LIST
    return answer


def _other_years_answer(years: tuple[str, ...], nearest: Pick, policy: AnswerPolicy) -> str:
    """The sources state the figure, but for other years: say which year is missing, then what
    they do say, in their own words ("现有文件没有给出2023年的这项数据。文件中相近的内容：…")."""
    asked = "、".join(f"{year}年" for year in years)
    if nearest.score < policy.min_coverage:
        return f"{NO_FIGURE_FOR_YEAR.format(years=asked)}"
    return f"{NO_FIGURE_FOR_YEAR.format(years=asked)}{NEAREST_WORDS}{_sentence_with_marker(nearest)}"


def _sentence_with_marker(pick: Pick) -> str:
    """A copied sentence always ends as one: a clause cut at its comma gets 。 after its marker."""
    ending = "。" if pick.sentence.endswith(("，", ",")) else ""
    return with_marker(pick.sentence, f"[{pick.evidence_number}]") + ending


def _sides_named(question: str) -> list[str]:
    """The two places or yearly documents a comparison is between ("2014年和2015年…", "甲县和乙市…")."""
    frame = frame_of(question)
    if len(frame.document_years) == 2:
        return [f"{year}年" for year in frame.document_years]
    return list(frame.places) if len(frame.places) == 2 else []  # three or more: each is listed


def compared_answer(question: str, evidence: Sequence[Evidence], *, policy: AnswerPolicy) -> str:
    """For "X和Y…分别是多少/哪个更高/一致吗": each side's best sentence from its own passages, its
    figure, and the comparison computed; "" when the question compares nothing or a side has none."""
    names = _sides_named(question) if asks_to_compare(question) else []
    if not names:
        return ""
    asked = indicator_words(question)
    sides, sentences = [], []
    for name in names:
        others = [n for n in names if n != name]
        alone = question
        for other in others:
            alone = alone.replace(other, "")
        mine = {n for n, e in enumerate(evidence, 1) if name.rstrip("年") in f"{e.document.title}{e.document.region}"
                or (name in e.chunk.text and not any(o in e.chunk.text for o in others))}
        best = next(iter(_candidates(alone, evidence, mine, policy)), None)
        figure = asked_figure(best.sentence, alone, asked, heads=indicator_heads(alone), heading="",
                              min_share=0.0, heading_share=policy.heading_share) if best else None
        if best is None or not figure:
            return ""
        said = next((c for c in re.split(r"[，,；;。]", best.sentence) if figure in c), "")
        sides.append(Side(name, figure, f"[{best.evidence_number}]", said.strip()))
        sentences.append(_sentence_with_marker(best))
    return compared(sides, question) + "相关原文：" + "".join(dict.fromkeys(sentences))
