"""A policy document -> its status (draft, in force, expired, not yet effective, repealed) and the words saying so."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from core.knowledge import DocumentStatus
from core.numerals import chinese_number
from core.records import DocumentRecord
from core.text import SENTENCE

_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<month_end>底|末))?"
    r"|(?P<year_end>底|末))|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2}))")
_DATE_TEXT = re.sub(r"\?P<\w+>", "?:", _DATE.pattern)  # the same dates, to embed in larger patterns
_OPENING_LINES = 3
# A draft marker names this document only where it closes a title-like line or sits in brackets:
# '关于…的意见（征求意见稿）'; '关于宪法草案的报告' is about another text.
_DRAFT_LINE = re.compile(
    r"[（(【\[]\s*(?:征求意见稿|送审稿|讨论稿|草案|草稿)\s*[)）】\]]|(?:征求意见稿|送审稿|讨论稿|草案)$")
_OWN_DOCUMENT = (r"本(?:通知|办法|意见|规定|细则|方案|决定|文件|规划|条例|公告|通告|措施|政策|制度"
                 r"|实施意见|实施细则|计划)")
_REPEALED_MARK = re.compile(r"[（(【\[]\s*已废止\s*[)）】\]]")
_LAPSED_MARK = re.compile(r"[（(【\[]\s*已失效\s*[)）】\]]")
# '本办法即行废止' repeals this document; '原《…办法》同时废止' repeals another one.
_REPEALED = re.compile(_OWN_DOCUMENT + r"[^。；;，,《原]{0,12}?"
                       rf"(?:自\s*(?P<date>{_DATE_TEXT})\s*起|予以|即行|已|现)废止")
_SINCE_DATE = re.compile(rf"自?\s*(?P<date>{_DATE_TEXT})\s*起\s*(?:施行|执行|实施|生效|试行)")
_SINCE_ISSUE = re.compile(r"自(?:印发|发布|公布|下发|颁布|发文)之日起\s*(?:施行|执行|实施|生效|试行)?")
_PERIOD_WORD = r"(?:有效期限|执行期限|实施期限|试行期限|有效期|执行期|实施期|试行期|施行期)"
_SPAN = re.compile(_PERIOD_WORD + rf"[^。；;\d]{{0,10}}(?P<start>{_DATE_TEXT})\s*(?:至|到|—|－|-|~|～)\s*"
                   rf"(?P<end>{_DATE_TEXT})")
_UNTIL = re.compile(_PERIOD_WORD + rf"[^。；;]{{0,40}}?(?:至|到|截至|截止到?)\s*(?P<date>{_DATE_TEXT})")
_DURATION = re.compile(_PERIOD_WORD + r"[^。；;\d一二三四五六七八九十两]{0,20}?"
                       r"(?P<count>\d{1,2}|[一二三四五六七八九十两]{1,3})\s*(?P<unit>个月|年)")
# A validity sentence speaks of this document when it names it ('本通知…') or has no other subject.
_BARE_VALIDITY = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+条\s*)?"
                            r"(?:" + _PERIOD_WORD + r"|自(?:印发|发布|公布|下发|\d{4}))")
_DOC_NUMBER = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{1,10}[〔\[［(（【]\s*(?:19|20)\d{2}\s*[〕\]］)）】]"
                         r"\s*第?\d{1,4}\s*号")
_DOC_NUMBER_LABEL = re.compile(r"^(?:文号|发文字号|发文文号|文件编号)[:：]\s*")
_ISSUER_IN_TITLE = re.compile(
    r"^(?:\d{4}年)?([\u4e00-\u9fff]{2,24}?(?:人民政府|国务院|办公厅|办公室|委员会|科学技术局|科技局|局|厅))"
    r"(?:关于|政府工作报告)")
_SIGNED_DATE = re.compile(rf"^(?:(?:印发|发布|成文)日期[:：]\s*)?(?P<date>{_DATE_TEXT})$")
# '“十四五”', '十四五时期', '十四五规划'; a bare '三五' is no plan ('二〇三五年').
FIVE_YEAR_PLAN = re.compile(
    r"(?<![一二三四五六七八九十])([一二三四五六七八九十]{1,2})五(?:[”\"」]|时期|期间|规划|计划|末)")
_YEAR_SPAN = re.compile(r"(?P<start>(?:19|20)\d{2})\s*(?:年)?\s*[—－\-–~～至到]\s*(?P<end>(?:19|20)\d{2})\s*年?")
_STATED_PLAN_PERIOD = re.compile(r"规划期(?:限)?(?:为|是)?\s*" + _YEAR_SPAN.pattern)
_PLAN_TITLE = re.compile(r"规划|纲要|计划|行动方案")


@dataclass(frozen=True)
class PlanPeriod:
    start: int
    end: int
    quote: str  # the words stating it in clean_text; "" when only the title says it


@dataclass(frozen=True)
class _Validity:
    valid_from: datetime.date | None = None
    from_quote: str = ""
    valid_until: datetime.date | None = None
    until_quote: str = ""


def five_year_plan_years(ordinal: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: 14 -> (2021, 2025); 1963-65 was no plan period."""
    start = 1953 + 5 * (ordinal - 1) if ordinal <= 2 else 1966 + 5 * (ordinal - 3)
    return start, start + 4


def five_year_plan_of(match: re.Match[str]) -> tuple[int, int] | None:
    """The years of a FIVE_YEAR_PLAN match."""
    ordinal = chinese_number(match.group(1))
    return five_year_plan_years(ordinal) if ordinal else None


def five_year_plan_in(text: str) -> tuple[int, int] | None:
    """The five-year plan a text names ('“十四五”时期' -> (2021, 2025)), or None."""
    match = FIVE_YEAR_PLAN.search(text)
    return five_year_plan_of(match) if match else None


def plan_period(document: DocumentRecord) -> PlanPeriod | None:
    """The years a plan covers, when its title or a 规划期 sentence states them."""
    text = document.clean_text
    if match := _STATED_PLAN_PERIOD.search(text):
        return PlanPeriod(int(match.group("start")), int(match.group("end")), _sentence_at(text, match.start()))
    if not _PLAN_TITLE.search(document.title):
        return None
    first_line = text.split("\n", 1)[0].strip()
    quote = first_line if document.title and document.title in first_line else ""
    if match := _YEAR_SPAN.search(document.title):
        return PlanPeriod(int(match.group("start")), int(match.group("end")), quote)
    if years := five_year_plan_in(document.title):
        return PlanPeriod(years[0], years[1], quote)
    return None


def parse_date(text: str, *, end_of_period: bool) -> datetime.date | None:
    """A written date; '2025年底' and '2020年6月' close their period when `end_of_period`."""
    match = _DATE.match(text)
    if match is None:
        return None
    year = int(match.group("y"))
    month_text = match.group("m") or match.group("m2")
    day_text = match.group("d") or match.group("d2")
    try:
        if month_text is None:
            closes = match.group("year_end") or end_of_period
            return datetime.date(year, 12, 31) if closes else datetime.date(year, 1, 1)
        month = int(month_text)
        if day_text is None:
            last_day = calendar.monthrange(year, month)[1]
            return datetime.date(year, month, last_day if match.group("month_end") or end_of_period else 1)
        return datetime.date(year, month, int(day_text))
    except ValueError:
        return None


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of `months` from `start`: the same day that many months on, or that
    month's last day (民法典 arts. 201-202: the first day is not counted, the corresponding day ends it)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def document_status(document: DocumentRecord, *, today: datetime.date) -> DocumentStatus:
    """Read the document's own words on drafts, validity and repeal; 'unknown' when it says nothing."""
    issued = _issue_date(document)

    def status(status: str, basis: str, quote: str, validity: _Validity = _Validity()) -> DocumentStatus:
        return DocumentStatus(
            issuer=_issuer(document), doc_number=_doc_number(document.clean_text),
            date=issued.isoformat() if issued else "", status=status, status_basis=basis,
            valid_from=validity.valid_from.isoformat() if validity.valid_from else "",
            valid_until=validity.valid_until.isoformat() if validity.valid_until else "", status_quote=quote)

    if quote := _draft_quote(document):
        return status("draft", "stated", quote)
    first_line = document.clean_text.split("\n", 1)[0].strip()
    if _REPEALED_MARK.search(first_line):
        return status("repealed", "stated", first_line)
    if _LAPSED_MARK.search(first_line):
        return status("expired", "stated", first_line)
    validity = _validity(document.clean_text, issued)
    if repeal := _REPEALED.search(document.clean_text):
        repealed_on = parse_date(repeal.group("date"), end_of_period=False) if repeal.group("date") else None
        if repealed_on is None or today >= repealed_on:
            return status("repealed", "stated", _sentence_at(document.clean_text, repeal.start()))
        validity = _Validity(validity.valid_from, validity.from_quote, repealed_on - datetime.timedelta(days=1),
                             _sentence_at(document.clean_text, repeal.start()))
    if validity.valid_from or validity.valid_until:
        if validity.valid_until and today > validity.valid_until:
            return status("expired", "stated", validity.until_quote, validity)
        if validity.valid_from and today < validity.valid_from:
            return status("not_yet_effective", "stated", validity.from_quote, validity)
        return status("in_force", "stated", validity.until_quote or validity.from_quote, validity)
    if period := plan_period(document):
        inferred = ("expired" if today.year > period.end else
                    "not_yet_effective" if today.year < period.start else "in_force")
        return status(inferred, "inferred", period.quote)
    return status("unknown", "default", "")


def _sentence_at(text: str, offset: int) -> str:
    """The reading unit of `text` around `offset`, stripped."""
    for match in SENTENCE.finditer(text):
        if match.start() <= offset < match.end():
            return match.group().strip()
    return ""


def _draft_quote(document: DocumentRecord) -> str:
    for line in document.clean_text.split("\n")[:_OPENING_LINES]:
        if _DRAFT_LINE.search(line.strip()):
            return line.strip()
    return ""


def _about_this_document(sentence: str) -> bool:
    return bool(re.search(_OWN_DOCUMENT, sentence)) or (
        "《" not in sentence and bool(_BARE_VALIDITY.match(sentence)))


def _validity(text: str, issued: datetime.date | None) -> _Validity:
    """valid_from and valid_until with the sentences stating them: only what the text states."""
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    from_quote = until_quote = ""
    for match in SENTENCE.finditer(text):
        sentence = match.group().strip()
        if not _about_this_document(sentence):
            continue
        start, end = _stated_span(sentence, issued)
        if start and valid_from is None:
            valid_from, from_quote = start, sentence
        end = end or _stated_duration_end(sentence, start or valid_from or issued)
        if end and valid_until is None:
            valid_until, until_quote = end, sentence
    return _Validity(valid_from, from_quote, valid_until, until_quote)


def _stated_span(sentence: str, issued: datetime.date | None) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last day a sentence states: '执行期限为2020年1月1日至2020年6月30日', '自…起施行'."""
    if match := _SPAN.search(sentence):
        return (parse_date(match.group("start"), end_of_period=False),
                parse_date(match.group("end"), end_of_period=True))
    start = None
    if match := _SINCE_DATE.search(sentence):
        start = parse_date(match.group("date"), end_of_period=False)
    elif _SINCE_ISSUE.search(sentence):
        start = issued
    until = _UNTIL.search(sentence)
    return start, parse_date(until.group("date"), end_of_period=True) if until else None


def _stated_duration_end(sentence: str, start: datetime.date | None) -> datetime.date | None:
    """'有效期3年' / '执行期暂定为自发布之日起三个月', counted from `start`."""
    if (match := _DURATION.search(sentence)) and start is not None:
        count = chinese_number(match.group("count"))
        if count:
            return add_months(start, count * (12 if match.group("unit") == "年" else 1))
    return None


def _doc_number(text: str) -> str:
    """The document's own 文号: labelled, alone on a line, or in its opening lines (not a cited one)."""
    lines = [line.strip() for line in text.split("\n")]
    for line in lines[:30]:
        if _DOC_NUMBER_LABEL.match(line) and (match := _DOC_NUMBER.search(line)):
            return match.group()
        if _DOC_NUMBER.fullmatch(line):
            return line
    for line in lines[:_OPENING_LINES]:
        for match in _DOC_NUMBER.finditer(line):
            if not re.search(r"》\s*[（(]?$", line[:match.start()]):  # '《…》（国发〔2015〕32号）' cites another
                return match.group()
    return ""


def _issuer(document: DocumentRecord) -> str:
    if document.issuer:
        return document.issuer
    match = _ISSUER_IN_TITLE.match(document.title)
    return match.group(1) if match else ""


def _issue_date(document: DocumentRecord) -> datetime.date | None:
    """The document's date, or the full date that signs off its text."""
    if document.date:
        return datetime.date.fromisoformat(document.date)
    for line in document.clean_text.strip().split("\n")[-3:]:
        if (match := _SIGNED_DATE.match(line.strip())) and re.search(r"日|[-./]\d{1,2}$", match.group("date")):
            return parse_date(match.group("date"), end_of_period=False)
    return None
