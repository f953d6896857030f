"""A question that asks for a figure + a source sentence -> does the sentence state that figure: one
not taken from the question, next to the words of the asked indicator, for the asked year.

A cited sentence can hold a real figure that answers another question: another indicator's
("广义货币" asked, "国内生产总值增长8%" found) or another year's (2023 asked, the plan's 2025 target
found). Both read as settled fact under a valid citation, so both are caught here.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from assistant.question_frame import MEASURE_WORDS, Frame, frame_of, spellings_of
from core.tokens import tokenize

# A figure with what may follow it (unit, 以上/左右): years are not figures of an indicator.
_FIGURE = re.compile(r"(?<![\d.])\d+(?:[.,，]\d+)*")
_UNIT = re.compile(r"\s*(?:个百分点|[%％‰]|万亿|亿|万|千)?(?:元|人|家|项|个|名|件|户|套|所|亩|吨)?"
                   r"(?:/人|人年|人·年)?(?:左右|以上|以下|以内)?")
# "多少人" wants a count of people, "多少家" of bodies, "多少钱/多少亿元" money: a figure in another unit
# measures another indicator ("城镇新增就业多少人" is not answered by an income in 元).
_ASKED_UNIT = re.compile(r"(?:多少|几)(?:万|亿)?(?P<unit>人次|人|名|位|家|户|所|个|项|件|套|元|钱|亩|吨)")
_UNIT_CLASSES = (frozenset("人名位") | {"人次"}, frozenset("元钱"), frozenset("亩"), frozenset("吨"),
                 frozenset("个家户所项件套座条批台"))
_FIGURE_UNIT = re.compile(r"\s*(?:万亿|亿|万|千|百)?(?P<unit>个百分点|人次|[%％‰元人家项个名件户套所亩吨位座条批台])?")
_YEAR_AFTER = re.compile(r"\s*年(?!均|度)")
# Where the words that name a figure's indicator stop: a clause end (the figure before bounds them too).
_SEGMENT_END = re.compile(r"[，,；;。：:\n]")
# Share of the asked noun run (by characters) a figure's words must name: "科技型中小企业…加计扣除"
# answers "科技型中小企业研发费用加计扣除" without 费用, but "上市企业" does not answer "高新技术企业".
HEAD_SHARE = 0.5
_THIS_YEAR = re.compile(r"今年|全年|本年度|当年")
# A five-year plan names its period, not the year it ends in; its targets are for that year.
_PLAN_PERIOD_END = {"十一五": "2010", "十二五": "2015", "十三五": "2020", "十四五": "2025", "十五五": "2030"}


def asked_years(frame: Frame) -> tuple[str, ...]:
    """Years the figure is asked for: those that name a yearly document ("2014年政府工作报告")
    choose the document, not the figure's year."""
    return tuple(y for y in frame.years if y not in frame.document_years)


def _figures(sentence: str, question_numbers: Collection[str]) -> list[re.Match[str]]:
    """Figures of the sentence that may answer: no years, none the question itself names."""
    found = []
    for match in _FIGURE.finditer(sentence):
        number = re.sub(r"[,，]", "", match.group())
        is_year = len(number) == 4 and number[:2] in ("19", "20") and \
            _YEAR_AFTER.match(sentence, match.end()) is not None
        if not is_year and number not in question_numbers:
            found.append(match)
    return found


def _naming_words(sentence: str, figure: re.Match[str], previous_end: int) -> str:
    """The words around a figure that name what it measures: back to the previous figure or clause
    end, forward to the next clause end ("培育25家以上高新技术企业")."""
    before = sentence[previous_end:figure.start()]
    cut = max((m.end() for m in _SEGMENT_END.finditer(before)), default=0)
    after = sentence[figure.end():]
    stop = _SEGMENT_END.search(after)
    return before[cut:] + after[:stop.start() if stop else len(after)]


def indicator_share(words: set[str], asked: list[str]) -> float:
    """How much of the asked indicator (weighted by word length) `words` name; 0 when they name
    only how it is measured (增长, 比重)."""
    named = [t for t in asked if t in words]
    if not asked or not any(t not in MEASURE_WORDS for t in named):
        return 0.0 if asked else 1.0
    return sum(len(t) for t in named) / sum(len(t) for t in asked)


# A compound head may be written apart in the source: "财政投入" as "财政为此将投入".
_COMPOUND_GAP = r"[^，,。；;：:\d\s]{0,3}"


def _spelled_in(word: str, text: str) -> bool:
    if any(spelling.lower() in text for spelling in spellings_of(word)):
        return True
    parts = [t for t in tokenize(word) if t != word]
    return len(parts) == 2 and all(len(p) >= 2 for p in parts) and \
        re.search(_COMPOUND_GAP.join(map(re.escape, parts)), text) is not None


def _names_head(run: tuple[str, ...], scope: str, heading: str) -> bool:
    """The figure's words name most of the run ("上市企业" is not "高新技术企业"); its headings only
    count with the head itself (a title's "科技" names no 科技风险投资基金)."""
    named = sum(len(word) for word in run if _spelled_in(word, scope))
    return named >= HEAD_SHARE * sum(len(word) for word in run) or (bool(run) and _spelled_in(run[-1], heading))


def states_asked_figure(sentence: str, question: str, asked: list[str], *, heads: tuple[tuple[str, ...], ...],
                        heading: str, min_share: float, heading_share: float) -> bool:
    """Does the sentence state the asked figure (see `asked_figure`)?"""
    return asked_figure(sentence, question, asked, heads=heads, heading=heading, min_share=min_share,
                        heading_share=heading_share) is not None


def asked_figure(sentence: str, question: str, asked: list[str], *, heads: tuple[tuple[str, ...], ...],
                 heading: str, min_share: float, heading_share: float) -> str | None:
    """Does a figure of the sentence (not one the question names) stand next to enough of the
    asked indicator's words, a head word among them ("基金" in "基金规模有多大")? Words only
    in the title or headings count `heading_share` as much; a figure with no words of its own
    ("、3家") is named by the figure before it."""
    question_numbers = {re.sub(r"[,，]", "", m.group()) for m in _FIGURE.finditer(question)}
    if not asked:
        return next((_with_unit(sentence, f) for f in _figures(sentence, question_numbers)), None)
    heading = heading.lower()
    heading_words = set(tokenize(heading))
    units = asked_unit_class(question)
    previous_end, naming = 0, ""
    for figure in _figures(sentence, question_numbers):
        own = _naming_words(sentence, figure, previous_end)
        # The head may stand in an earlier clause ("企业购买检验检测服务的，按实际支出的50%给予补助").
        scope = sentence[previous_end:figure.end()] + own
        if re.search(r"[\u4e00-\u9fff]{2}", re.sub(r"[年月日家个名项人以上下左右约余多万亿元%％]", "", own)):
            naming = own
        elif not naming:  # a table row's statement: its label stands before the colon
            naming = sentence[:figure.start()]
        previous_end = figure.end()
        words = set(tokenize(naming + scope))
        said = indicator_share(words, asked)
        framed = indicator_share(words | heading_words, asked)
        if heads and not any(_names_head(run, f"{naming}{scope}".lower(), heading) for run in heads):
            continue
        if not in_asked_unit(sentence, figure, units):
            continue
        if said + heading_share * (framed - said) >= min_share:
            return _with_unit(sentence, figure)
    return None


def asked_unit_class(question: str) -> frozenset[str] | None:
    """The units a figure may have to answer "多少人/多少家/多少元…" (None: the question names none).
    Only the last clause asks: a follow-up joined to its history ("…引进多少个项目，那人才要达到什么
    规模？") asks in its own words."""
    match = _ASKED_UNIT.search(re.split(r"[，,；;。？?]", question.rstrip("？?。！! "))[-1])
    if not match:
        return None
    return next(c for c in _UNIT_CLASSES if match.group("unit") in c)


def in_asked_unit(sentence: str, figure: re.Match[str], units: frozenset[str] | None) -> bool:
    """Is the figure in one of the asked units? A figure without a unit (a table cell) may be."""
    if units is None:
        return True
    match = _FIGURE_UNIT.match(sentence, figure.end())
    unit = match.group("unit") if match else ""
    return not unit or unit in units


def _with_unit(sentence: str, figure: re.Match[str]) -> str:
    """The figure as the sentence writes it, with its unit and bound ("5%左右", "30000家以上")."""
    tail = _UNIT.match(sentence, figure.end())
    return figure.group() + (tail.group() if tail else "")


def names_asked_year(question: str, text: str, *, title: str = "", date: str = "") -> bool:
    """Does `text` (a sentence with what frames it: its paragraph, table header, headings) name
    every year the question asks the figure for? A plan's period ("十四五", in the text or title)
    names its end year; "今年/全年" names the document's own year (its title's one year, else its
    date's). A year merely in the title does not: a "2022年工作思路" also reviews 2021."""
    years = asked_years(frame_of(question))
    if not years:
        return True
    named = set(re.findall(r"(?:19|20)\d\d", text))
    named |= {end for period, end in _PLAN_PERIOD_END.items() if period in text or period in title}
    if _THIS_YEAR.search(text):
        title_years = set(re.findall(r"(?:19|20)\d\d", title))
        named |= title_years if len(title_years) == 1 else set(date[:4].split())
    return all(year in named for year in years)
