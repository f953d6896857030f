"""A policy document -> its quantified targets: rows of indicator tables and commitments in its prose."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from core.knowledge import Target, in_review_section
from core.numerals import chinese_decimal, chinese_number
from core.records import DocumentRecord
from core.text import is_table_row
from ingest.sections import SectionIndex
from ingest.status import FIVE_YEAR_PLAN, five_year_plan_in, five_year_plan_of, plan_period

# --- figures as the text writes them ----------------------------------------------------------------
_D = "[0-9０-９]"
# Old reports space their digits ('1 9 9 8', '8 ％') and group thousands with commas ('２７，２０３').
_NUMBER = rf"(?<![0-9０-９.．A-Za-z]){_D}(?: ?{_D})*(?:[,，]{_D}{{3}}(?!{_D}))*(?: ?[.．·] ?{_D}+)?(?![A-Za-z])"
_MAGNITUDE = "万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千|百"
_TIME_UNITS = ("个月", "周年", "小时", "季度", "世纪", "年", "月", "日", "天", "周", "号", "时")
_UNITS = (("个百分点", "%", "％", "‰", "人·年", "人年", "人次", "家次", "标准箱", "吨标准煤", "标准煤", "平方公里",
           "平方米", "立方米", "千瓦时", "千瓦", "公里", "千米", "公顷", "公斤", "千克", "美元", "元", "家", "个", "人",
           "名", "项", "件", "所", "套", "户", "吨", "斤", "担", "亩", "米", "辆", "台", "部", "座", "张", "篇", "次",
           "岁", "倍", "条", "处", "批", "支", "种", "类", "位", "床", "头", "只", "份", "箱") + _TIME_UNITS)
_BASE_UNIT = "|".join(sorted(map(re.escape, _UNITS), key=len, reverse=True))
_UNIT = rf"(?:{_MAGNITUDE})?(?:{_BASE_UNIT})?(?:/(?:{_MAGNITUDE})?(?:{_BASE_UNIT}))?"
# Older texts write percentages in words: 百分之六点七, 千分之十三, 百分之八至九.
_CN_NUMERAL = "[零〇○一二两三四五六七八九十百点]+"
_CN_PERCENT = rf"(?:百分之|千分之){_CN_NUMERAL}"
_VALUE = re.compile(
    rf"(?P<pre>约|近|超过|突破|不低于|不少于|不超过|不高于|低于|高于|逾)?"
    rf"(?P<num>{_NUMBER}|{_CN_PERCENT})(?P<approx>多|余)? ?(?P<unit>{_UNIT})"
    rf"(?:(?P<sep>[－\-—–~～至到]) ?(?P<num2>{_NUMBER}|{_CN_PERCENT}|(?<=[至到]){_CN_NUMERAL}) ?(?P<unit2>{_UNIT}))?"
    rf"(?P<suf>左右|上下|以上|以下|以内|之内|多|余)?")
# 倍增 is a target only where it closes its clause: '…为经济总量倍增提供支撑' states none.
_MULTIPLE = re.compile(r"(?:力争)?(?:双倍增|倍增|翻一番|翻两番|翻番)(?=[，,；;。！？!?：:\n]|$|的目标)")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．·％", "0123456789..%")

# --- where a sentence stands in time -----------------------------------------------------------------
_YEAR = re.compile(r"(?P<prep>到|至|在|于|截至)?(?<![0-9０-９])(?P<year>[12１２] ?\d ?\d ?\d) ?年(?P<end>底|末)?(?!度)")
# A report's 全年 is often last year's result; only a section that names its year makes it that year.
_RELATIVE_YEAR = re.compile(r"今年|本年|当年|明年|去年|上年|本世纪末")
# '今后五年' ends with the plan period (or, in a report, four years after its own); '用三年时间' has no
# stated end year, so it blocks the default year rather than borrow one.
_YEARS_AHEAD = re.compile(
    r"(?:今后|未来|用)(?P<count>[一二三四五六七八九十两\d]{1,2})年|(?P<within>[一二三四五六七八九十两\d]{1,2})年内")
_YEARS_OF_RECORD = (1949, 2100)  # '长达2600年' is a duration, not a year
_RELATIVE_OFFSET = {"明年": 1, "去年": -1, "上年": -1}
_BASELINE_MARK = re.compile(r"(?:比|较|同|与|相比|对比|由|从)\s*$")
# A commitment says so: these words (or a target section) mark it; a bare figure is a report of fact.
_CUE = re.compile(r"目标|指标|力争|确保|争取|预期|预定|计划(?!生育)|拟|要|今年|明年|今后|未来"
                  r"|[到至] ?[12１２][\d０-９ ]{3,6}年|倍增|翻一番|翻两番")
_PAST = re.compile(r"已经|已(?!于|知)|过去|超额|完成了|实现了|取得了|达到了|增长了|提高了|下降了|超过预期"
                   r"|完成[^，,。；;]{0,4}计划|计划完成|原定|原计划|同期|上半年|前[一二三四五六七八九十\d]+个?月"
                   r"|五年间|年来|以来|这几年")
_TARGET_HEADING = re.compile(r"目标|指标")
_LEAD_IN = re.compile(r"[：:]\s*$")
# A sentence without a digit, a worded percentage or a doubling states no target and no year: most
# sentences of a long text, skipped before the costlier reading.
_MAY_STATE = re.compile(r"[0-9０-９]|百分之|千分之|倍增|翻一番|翻两番|翻番")

# --- the indicator: the words before the figure, without time, cue and verb words ---------------------
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
_LEADING_WORDS = re.compile(
    r"^(?:[、和及与并即而的把—》\s]|其中|以及|同时|提出了?|一定要|必须|也要|力争|确保|争取|努力|奋力|继续|进一步"
    r"|还要|要|再|将|拟|预期|预计|计划|累计|用[一二三四五六七八九十两\d]{1,2}年时间|今后[一二三四五六七八九十两\d]{1,2}年内?"
    r"|“?[一二三四五六七八九十]{1,2}五”?(?:时期|期间)?"
    r"|全年|今年|本年|当年|明年|今后五年|未来五年|五年内?|年均|每年|\d{4} ?[-－—至到] ?\d{4} ?年(?:间|期间)?"
    r"|(?:到|至|在|于)?\d{4} ?年(?:底|末)?|到|至|实现|达到"
    r"|培育|认定|引进|招引|聚引|集聚|建成|打造|形成|完成|实施|开展|拟安排|安排|使|让|带动|推动|推进)+")
_TRAILING_WORDS = re.compile(
    r"(?:达到|达|为|是|突破|超过|提高到|提高|增长到|增长|增加到|增加|上升到|上升|下降到|下降|降低到|降低|降到|减少到|减少"
    r"|压减|扩大到|扩大|控制在|控制|保持在|保持|稳定在|维持在|不低于|不少于|不超过|不高于|低于|高于|约|近|力争|确保|争取"
    r"|努力|奋力|分别|年均|平均|每年|在|至|到|定为|定在|拟定为|预期|目标|拟|要|再|实现|的|比上年|比去年|较上年|比今年"
    r"|将要|将|预计|可以|准备|仍然|还|都|也|则|只"
    r"|(?:比|较|同)\s?\d{4}\s?年(?:底|末)?|[\s、，,])+$")
# A clause that names nothing but the act ('新引进100名左右行业领军人才') names its indicator after the figure.
_BARE_VERB = re.compile(
    r"^[新再]?(?:引进|增|建|建成|培育|招引|集聚|吸引|输送|培养|选派|设立|开发|评定|推荐|认定|解决|提供)+$")
_ENUMERATION_END = re.compile(r"等(?:方面|领域)?$")
# Verbs that tie a figure to the words before it; without one, '安排30亿元国债资金' measures what follows.
_REACH = re.compile(r"达|为|是|突破|超过|控制|保持|稳定|维持|不低于|不少于|不超过|不高于|低于|高于|约|近"
                    r"|增长|提高|增加|上升|下降|降低|降到|减少|压减|扩大|覆盖|年均|定为|定在|在")
_RELATIVE_SUBJECT = re.compile(r"^(?:比|较|同)")
# The noun a figure qualifies starts right after it ('再支持5000所中心乡镇卫生院、…'); '…2000亿元并纳入
# 地方预算' goes on with a verb instead, and a long run is a predicate, not a name.
_FOLLOWING_NOUN = re.compile(
    r"^(?:左右|以上|以下|以内)?的?(?!并|用于|主要|以|用|将|是|为|已|到|在|给|由|从|作为|纳入|比|等)"
    r"(?P<noun>[\u4e00-\u9fff“][^、，,；;。：:！？!?\n\d０-９]{0,15}?)[和及与]?(?=[、，,；;。：:！？!?\n\d０-９]|$)")
# '中央财政将安排832亿元': the payer and the act, but not what is paid for.
_UNNAMED = re.compile(r"(?:将|拟|要|再)(?:安排|拿出|支持|投入|新增|增加|解决|提供)$")
_YEAR_RUN = re.compile(r"(?:\d{4} ?年[、和及与]?)+")
_BASELINE_OPEN = re.compile(r"(?:由|从)(?P<year>\d{4} ?年|去年|上年|今年)?的?[^，,。；;由从\d]{0,6}$")
_BASELINE_TO = re.compile(r"^(?:提高|增加|增长|上升|下降|降低|减少|扩大|缩小)?(?:到|至)$")
_BASELINE_YEAR = re.compile(r"(?:比|较|同)(?P<year>\d{4}) ?年|(?:比|较)(?P<last>上年|去年)")
_KIND_WORDS = (("reduction", re.compile(r"(?:下降|降低|减少|压减)(?![到至])")),
               ("growth", re.compile(r"(?:增长|提高|增加(?!值)|上升|涨幅|增幅|增速)(?![到至])")))
_SHARE_WORDS = re.compile(r"比重|占比|比例|率|份额|强度")  # R&D 投入强度 is a share of GDP
_QUOTED = {"“": "”", "《": "》", "「": "」", "『": "』", "〔": "〕", '"': '"'}

# --- indicator tables --------------------------------------------------------------------------------
_YEAR_CELL = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*年")
_UNIT_IN_NAME = re.compile(r"[（(](?P<unit>[^（()）]{1,8})[)）]\s*$")
_CELL_PARTS = re.compile(r"[^,，;；]+")
# Indicator names that differ only in these are one indicator: '高新技术企业' and '高新技术企业数(家)'.
_NAME_NOISE = re.compile(r"[（(][^）)]*[）)]|[\s的、，,“”\"《》]")
_MEASURE_SUFFIX = re.compile(r"(?:数量|数|拥有量|总量|总额)$")


@dataclass(frozen=True)
class _Frame:
    """When the document stands: the year it is written for, its plan period, whether it is a report."""

    current_year: int | None
    period: tuple[int, int] | None
    is_report: bool

    @property
    def past_before(self) -> int | None:
        return self.period[0] if self.period else self.current_year


@dataclass(frozen=True)
class _Sentence:
    text: str
    start: int
    paragraph: int
    section: tuple[str, ...]


def extract_targets(document: DocumentRecord, *, doc_status: str = "unknown") -> list[Target]:
    """Every quantified target the document states, each with the words that state it."""
    frame = _frame(document)
    sections = SectionIndex(document)
    table_lines: set[int] = set()
    found = [*_table_targets(document, sections, table_lines), *_prose_targets(document, frame, sections, table_lines)]
    targets = [replace(t, region=document.region, source=document.source, title=document.title, doc_status=doc_status)
               for t in found]
    return _mark_conflicts(sorted(targets, key=lambda t: (t.start, t.end)))


def _frame(document: DocumentRecord) -> _Frame:
    year_text = document.date[:4] or (m.group("year") if (m := _YEAR.search(document.title)) else "")
    stated = plan_period(document)
    period = (stated.start, stated.end) if stated else None
    if period is None and document.doc_type == "规划":
        period = five_year_plan_in(document.clean_text.split("\n", 1)[0])  # '“十四五”时期，…特制定本规划'
    is_report = document.doc_type == "报告" or "工作报告" in document.title
    return _Frame(int(_ascii(year_text)) if year_text else None, period, is_report)


def _ascii(text: str) -> str:
    return text.translate(_FULLWIDTH).replace(" ", "")


def _to_number(text: str) -> float:
    if text.startswith(("百分之", "千分之")):
        return chinese_decimal(text[3:])
    return float(re.sub(r"[,，]", "", _ascii(text)))



def _target(indicator: str, value: str, figure: re.Match[str] | None, *, unit: str, comparator: str, kind: str,
            year: int | None, baseline_value: str | None, baseline_year: int | None, section: tuple[str, ...],
            quote: str, start: int) -> Target:
    """A target of this document; `extract_targets` fills in the document's own fields."""
    return Target(indicator=indicator, value=value, number=_to_number(figure.group("num")) if figure else None,
                  unit=unit, comparator=comparator, kind=kind, target_year=year, baseline_value=baseline_value,
                  baseline_year=baseline_year, region="", source="", title="", section=" > ".join(section),
                  doc_status="", quote=quote, start=start, end=start + len(quote))


# --- tables ------------------------------------------------------------------------------------------


def _cells(line: str) -> list[tuple[int, str]]:
    """A `|` row's cells with their offsets in the line; outer empty cells dropped."""
    cells = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
             for m in re.finditer(r"[^|]*", line) if m.start() == 0 or line[m.start() - 1] == "|"]
    while cells and not cells[-1][1]:
        cells.pop()
    while cells and not cells[0][1]:
        cells.pop(0)
    return cells


def _table_targets(document: DocumentRecord, sections: SectionIndex, table_lines: set[int]) -> Iterator[Target]:
    header: list[tuple[int, str]] = []
    years: list[tuple[int, int]] = []
    offset = 0
    for line in document.clean_text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        if not is_table_row(line):
            header, years = [], []
            continue
        cells = _cells(line)
        found = [(i, int(m.group("year"))) for i, (_, cell) in enumerate(cells) if (m := _YEAR_CELL.match(cell))]
        if found and len(found) < len(cells) and found[0][0] > 0:
            header, years = cells, found
            table_lines.add(start)
        elif years:
            table_lines.add(start)
            yield from _row_targets(line, start, cells, len(header), years, sections)


def _row_targets(line: str, start: int, cells: list[tuple[int, str]], width: int, years: list[tuple[int, int]],
                 sections: SectionIndex) -> Iterator[Target]:
    shift = width - len(cells)  # leading cells merged over several rows (a category) are missing
    if shift < 0 or years[0][0] - 1 - shift < 0:
        return
    indicator = cells[years[0][0] - 1 - shift][1]
    (target_index, target_year) = years[-1]
    baseline = next(((i, y) for i, y in reversed(years[:-1]) if y < target_year), None)
    if not indicator or target_index - shift >= len(cells) or in_review_section(sections.at(start)):
        return
    baseline_value: str | None = None
    if baseline and baseline[0] - shift >= 0 and re.search(_D, cells[baseline[0] - shift][1]):
        baseline_value = cells[baseline[0] - shift][1]
    cell = cells[target_index - shift][1]
    name_unit = m.group("unit") if (m := _UNIT_IN_NAME.search(indicator)) else ""
    for part in _CELL_PARTS.finditer(cell):
        value = part.group().strip()
        figure = _VALUE.search(value)
        if not figure and not _MULTIPLE.search(value):
            continue
        unit = (_unit(figure) if figure else "") or name_unit
        yield _target(indicator, value, figure, unit=unit, comparator=_comparator(value, figure, value),
                      kind=_kind(indicator, indicator, unit), year=target_year, baseline_value=baseline_value,
                      baseline_year=baseline[1] if baseline_value and baseline else None,
                      section=sections.at(start), quote=line.rstrip(), start=start)


# --- prose -------------------------------------------------------------------------------------------


def _sentences(document: DocumentRecord, sections: SectionIndex, table_lines: set[int]) -> Iterator[_Sentence]:
    offset = 0
    for number, line in enumerate(document.clean_text.split("\n")):
        if offset not in table_lines:
            for match in re.finditer(r"[^。！？!?]+[。！？!?]*", line):
                if match.group().strip():
                    yield _Sentence(match.group(), offset + match.start(), number, sections.at(offset + match.start()))
        offset += len(line) + 1


def _prose_targets(document: DocumentRecord, frame: _Frame, sections: SectionIndex,
                   table_lines: set[int]) -> Iterator[Target]:
    carried: dict[object, int] = {}  # the last stated year of a paragraph, or of a target section
    horizons: set[int] = set()  # paragraphs that said '到2025年'
    # '今年经济社会发展的主要预期目标是：' on its own line: the next paragraph states the targets.
    lead_in: tuple[int, int | None] | None = None
    introduced: int | None = None
    for sentence in _sentences(document, sections, table_lines):
        if lead_in is not None and sentence.paragraph != lead_in[0]:
            introduced = sentence.paragraph
            if lead_in[1]:
                carried.setdefault(introduced, lead_in[1])
            lead_in = None
        if in_review_section(sentence.section) or not (_MAY_STATE.search(sentence.text)
                                                      or _LEAD_IN.search(sentence.text)):
            continue
        in_target_section = any(_TARGET_HEADING.search(h) for h in sentence.section)
        section_year = next((max(years) for h in reversed(sentence.section)
                             if (years := [int(_ascii(m.group("year"))) for m in _YEAR.finditer(h)])), None)
        times = sorted(_times(sentence.text, frame, section_year), key=lambda t: t[0])
        default = (carried.get(sentence.paragraph) or (carried.get(sentence.section) if in_target_section else None)
                   or (frame.period[1] if frame.period else None) or section_year
                   or (frame.current_year if frame.is_report else None))
        # A paragraph that set a horizon ('到2025年，…。') goes on stating its targets.
        continues = (sentence.paragraph in horizons or sentence.paragraph == introduced) and not (
            frame.past_before and default and default < frame.past_before)
        if in_target_section or continues or _CUE.search(sentence.text) or (
                section_year and "全年" in sentence.text):
            yield from _sentence_targets(sentence, times, default, frame)
        if _LEAD_IN.search(sentence.text) and _CUE.search(sentence.text) and not _PAST.search(sentence.text):
            lead_in = (sentence.paragraph, times[-1][1] if times else None)
        stated = [year for _, year, how in times if how != "relative" and year]
        if any(how == "horizon" for _, _, how in times):
            horizons.add(sentence.paragraph)
        if stated:
            carried[sentence.paragraph] = stated[-1]
            if in_target_section:
                carried[sentence.section] = stated[-1]


def _times(text: str, frame: _Frame, section_year: int | None) -> Iterator[tuple[int, int | None, str]]:
    """(offset, year, how) for each time the sentence names, baselines ('比2020年') left out; `how` is
    horizon ('到2025年'), stated ('2025年') or relative ('今年', '“十四五”期间', '用三年时间')."""
    # 今年/明年 count from the year the document was written, also under a heading for another year
    # (a 1980 report's "二、1981年计划" says 明年 for 1981).
    current = frame.current_year or section_year
    if section_year:
        yield from ((m.end(), section_year, "relative") for m in re.finditer("全年", text))
    for match in _YEAR.finditer(text):
        year = int(_ascii(match.group("year")))
        if _YEARS_OF_RECORD[0] <= year <= _YEARS_OF_RECORD[1] and not _BASELINE_MARK.search(text[:match.start()]) and (
                not re.match(r"\s*[-－—–至到]", text[match.end():])):
            yield match.end(), year, "horizon" if match.group("prep") in ("到", "至") else "stated"
    for match in _RELATIVE_YEAR.finditer(text):
        if current and not _BASELINE_MARK.search(text[:match.start()]):
            word = match.group()
            year = ((current - 1) // 100 + 1) * 100 if word == "本世纪末" else current + _RELATIVE_OFFSET.get(word, 0)
            yield match.end(), year, "relative"
    for match in FIVE_YEAR_PLAN.finditer(text):
        if years := five_year_plan_of(match):
            yield match.end(), years[1], "relative"
    for match in _YEARS_AHEAD.finditer(text):
        if chinese_number(match.group("count") or match.group("within")) != 5:
            yield match.end(), None, "relative"
        elif frame.period or (current and frame.is_report):
            yield match.end(), frame.period[1] if frame.period else (current or 0) + 4, "relative"


def _figures(text: str) -> list[re.Match[str]]:
    """Figure and 倍增 matches that can be targets: not in quotes or titles, not dates, not ordinals."""
    quoted = _quoted_spans(text)
    found = []
    for match in sorted([*_VALUE.finditer(text), *_MULTIPLE.finditer(text)], key=lambda m: m.start()):
        if any(a <= match.start() < b for a, b in quoted) or text[max(0, match.start() - 1):match.start()] in "第每":
            continue
        if match.re is _VALUE:
            unit = _unit(match)
            bare = not (unit or match.group("pre") or match.group("suf"))
            population = unit.endswith("人") and text[match.end():match.end() + 1] in ("口", "民")  # '13亿人口'
            if bare or unit in _TIME_UNITS or population:
                continue
        found.append(match)
    return found


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for opening, closing in _QUOTED.items():
        for match in re.finditer(re.escape(opening) + "[^" + re.escape(closing) + "]*" + re.escape(closing), text):
            spans.append((match.start(), match.end()))
    return spans


def _sentence_targets(sentence: _Sentence, times: list[tuple[int, int | None, str]], default: int | None,
                      frame: _Frame) -> Iterator[Target]:
    text = sentence.text.rstrip()
    figures = _figures(text)
    inside = {i for f in figures for i in range(f.start(), f.end())}  # the comma of '３，９８９亿斤' ends nothing
    clause_ends = [m.end() for m in _CLAUSE_BREAK.finditer(text) if m.start() not in inside]
    used: set[int] = set()
    for years, values, indicator in _respective_years(text, figures):
        for stated_year, value in zip(years, values, strict=True):
            used.add(value.start())
            yield from _prose_target(sentence, value, [indicator], year=stated_year, before="", clause="")
    subject = ""  # the indicator of the sentence's last figure
    pending: tuple[re.Match[str], str] | None = None  # a '由240元' waiting for its '提高到280元'
    for index, figure in enumerate(figures):
        if figure.start() in used:
            continue
        breaks = [b for b in clause_ends if b <= figure.start()]
        clause_start = breaks[-1] if breaks else 0
        previous_end = figures[index - 1].end() if index and figures[index - 1].end() > clause_start else clause_start
        segment = text[previous_end:figure.start()]
        if opening := _BASELINE_OPEN.search(segment):
            pending = (figure, segment[:opening.start()])
            continue
        year = next((y for end, y, _ in reversed(times) if end <= figure.start()), default)
        past = frame.past_before is not None and year is not None and year < frame.past_before
        baseline, pending = (pending if pending and _BASELINE_TO.match(segment) else None), None
        clause_end = next((b for b in clause_ends if b > figure.end()), len(text))
        if past or _PAST.search(text[:clause_end]):
            continue
        words = baseline[1] if baseline else segment
        # '工农业总产值，比上年增长5.5%': a clause without its own subject measures the clause before it.
        lead_start = breaks[-2] if len(breaks) > 1 else 0
        lead = text[lead_start:clause_start] if text[clause_start - 1:clause_start] in "，," and not any(
            lead_start <= f.start() < clause_start for f in figures) else ""
        indicators = _indicators(words, text[figure.end():], lead, is_figure=figure.re is _VALUE,
                                 by_baseline=baseline is not None)
        # '财政科技投入年均增长15%以上，占财政支出的比重…': a share without its subject takes the one before.
        indicators = [f"{subject}{i}" if i.startswith("占") and subject else i for i in indicators]
        subject = indicators[0] if indicators and not indicators[0].startswith("占") else subject
        yield from _prose_target(sentence, figure, indicators, year=year, before=segment,
                                 clause=text[clause_start:figure.start()], baseline=baseline[0] if baseline else None)


def _respective_years(text: str, figures: list[re.Match[str]]) -> Iterator[tuple[list[int], list[re.Match[str]], str]]:
    """'发明专利授权量2013年、2015年分别达到83件、108件' -> ([2013, 2015], [83件, 108件], '发明专利授权量')."""
    for match in re.finditer("分别", text):
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, match.start())), default=0)
        runs = [r for r in _YEAR_RUN.finditer(text, clause_start, match.start()) if len(_YEAR.findall(r.group())) >= 2]
        if not runs:
            continue
        run = runs[-1]
        years = [int(_ascii(m.group("year"))) for m in _YEAR.finditer(run.group())]
        values: list[re.Match[str]] = []
        cursor = match.end()
        for figure in (f for f in figures if f.start() >= match.end() and f.re is _VALUE):
            gap = text[cursor:figure.start()]
            if _CLAUSE_BREAK.search(gap) or (values and re.search(r"[^、和及与\s]", gap)):
                break
            values.append(figure)
            cursor = figure.end()
        words = (_clean_indicator(text[run.end():match.start()]), _clean_indicator(text[clause_start:run.start()]))
        indicator = next((w for w in words if len(w) >= 2), "")
        if indicator and len(values) == len(years):
            yield years, values, indicator


def _indicators(segment: str, after: str, lead: str, *, is_figure: bool, by_baseline: bool) -> list[str]:
    """What the figure measures: the words before it, or the noun after it ('解决750万户家庭…'), or the
    clause before when its own clause has no subject ('比重，由44%提高到45%'); '甲、乙等…倍增' names each."""
    indicator = _clean_indicator(segment)
    relative = bool(_RELATIVE_SUBJECT.match(indicator))  # '工农业总产值，比上年增长5.5%'
    if not relative:
        noun = _FOLLOWING_NOUN.match(after)
        following = _clean_indicator(noun.group("noun")) if noun else ""
        unnamed = _words(indicator) < 2 or _BARE_VERB.match(indicator) or not _REACH.search(segment[-6:])
        if _words(following) >= 2 and unnamed:
            indicator = following
    if relative or (by_baseline and _words(indicator) < 2):
        indicator = _clean_indicator(lead)
    if _RELATIVE_SUBJECT.match(indicator) or _words(indicator) < 2 or _BARE_VERB.match(indicator) or _UNNAMED.search(
            indicator):
        return []
    if not is_figure and _ENUMERATION_END.search(indicator) and "、" in indicator:
        return [part for part in (_clean_indicator(p) for p in _ENUMERATION_END.sub("", indicator).split("、")) if part]
    return [indicator]


def _words(text: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z]", text))


def _clean_indicator(words: str) -> str:
    previous = None
    while previous != words:
        previous = words
        words = _TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", words.strip()))
    return words


def _baseline_year(segment: str, year: int | None) -> int | None:
    match = _BASELINE_YEAR.search(segment)
    if not match:
        return None
    if match.group("year"):
        return int(_ascii(match.group("year")))
    return year - 1 if year else None


def _prose_target(sentence: _Sentence, figure: re.Match[str], indicators: list[str], *, year: int | None,
                  before: str, clause: str, baseline: re.Match[str] | None = None) -> Iterator[Target]:
    """One target per indicator the figure measures; `before` is the text between it and the last figure."""
    is_figure = figure.re is _VALUE
    value = figure.group().rstrip()
    unit = _unit(figure) if is_figure else ""
    baseline_year: int | None = _baseline_year(before, year)
    if baseline is not None:
        opening = _BASELINE_OPEN.search(sentence.text[:baseline.start()])
        stated = opening.group("year") if opening else None
        baseline_year = (int(_ascii(stated[:-1])) if stated and stated[0] not in "去上今" else
                         year - 1 if stated and year and stated[0] in "去上" else None)
    quote = sentence.text.rstrip()
    for indicator in indicators:
        yield _target(indicator, value, figure if is_figure else None, unit=unit,
                      comparator=_comparator(value, figure if is_figure else None, before),
                      kind=_kind(indicator, before, unit, clause), year=year,
                      baseline_value=baseline.group().rstrip() if baseline is not None else None,
                      baseline_year=baseline_year, section=sentence.section, quote=quote, start=sentence.start)


def _unit(figure: re.Match[str]) -> str:
    if figure.group("num").startswith(("百分之", "千分之")):
        return "%" if figure.group("num").startswith("百") else "‰"
    return (figure.group("unit") or figure.group("unit2") or "").replace("％", "%")


def _comparator(value: str, figure: re.Match[str] | None, before: str) -> str:
    verbs = _TRAILING_WORDS.search(before)
    tail = verbs.group() if verbs else ""
    pre = (figure.group("pre") or "") if figure else ""
    suffix = (figure.group("suf") or "") if figure else ""
    if figure and figure.group("num2"):
        return "range"
    if re.search("倍增|翻一番|翻两番|翻番", value):
        return "multiple"
    if re.search(r"保持|维持|稳定在", tail + value):
        return "keep"
    if suffix in ("左右", "上下") or pre in ("约", "近"):
        return "about"
    approx = bool(figure and figure.group("approx"))  # '700多亿元'
    if suffix in ("以上", "多", "余") or approx or pre in ("超过", "突破", "不低于", "不少于", "高于", "逾") or (
            "≥" in value):
        return "at_least"
    ranked = before.rstrip().endswith("前")  # '进入全国前20位': a rank ceiling
    if suffix in ("以下", "以内", "之内") or pre in ("不超过", "不高于", "低于") or "控制" in tail or "≤" in value \
            or ranked:
        return "at_most"
    return "exact"


def _kind(indicator: str, before: str, unit: str, clause: str = "") -> str:
    """cumulative (累计 anywhere in the clause), reduction or growth (the verb before the figure), share, level."""
    if "累计" in clause + before + indicator:
        return "cumulative"
    for kind, pattern in _KIND_WORDS:
        if pattern.search(before) and (kind != "growth" or unit in ("%", "个百分点", "")):
            return kind
    return "share" if unit in ("%", "‰") and _SHARE_WORDS.search(indicator) else "level"


# --- conflicts ---------------------------------------------------------------------------------------


def _indicator_key(indicator: str) -> str:
    return _MEASURE_SUFFIX.sub("", _NAME_NOISE.sub("", indicator.replace("R&D", "研发")))


def _compared_value(target: Target) -> tuple[object, ...]:
    numbers = tuple(_to_number(m.group()) for m in re.finditer(_NUMBER, target.value))
    return numbers or (target.comparator,)


def _mark_conflicts(targets: list[Target]) -> list[Target]:
    """Both rows stay; each is marked when the document gives another value for its indicator and year."""
    groups: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for index, target in enumerate(targets):
        groups[(_indicator_key(target.indicator), target.target_year)].append(index)
    conflicting = {i for members in groups.values()
                   if len({_compared_value(targets[i]) for i in members}) > 1 for i in members}
    return [replace(t, conflict=True) if i in conflicting else t for i, t in enumerate(targets)]
