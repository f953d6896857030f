"""A cleaned document -> its support measures: who gets what, on which conditions, issued by whom.

Rule-based: a measure is a sentence (or a ；-separated clause) that gives something (给予, 补贴, 减免,
贴息, 免征…) with a figure or to a named beneficiary. Every field is read from the measure's own words,
and every condition keeps the exact span it was read from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.gazetteer import Place, place_called, place_mentions
from core.knowledge import in_review_section
from core.measures import (
    INDUSTRY_WORDS,
    NATIONAL,
    QUALIFICATION_WORDS,
    SIZE_BANDS,
    SIZES,
    TALENT_WORDS,
    Amount,
    Condition,
    Measure,
)
from core.records import DocumentRecord
from core.text import sentence_spans
from ingest.sections import SectionIndex

# What gives: a measure names one of these.
_GIVES = re.compile(r"给予|予以|奖励|补贴|补助|资助|奖补|减免|免征|暂不征收|减半征收|减按|扣减|抵免|免收|免租|减租|"
                    r"贴息|退还|返还|加计扣除|安家费|担保贷款|零租金|低租金|免费|资金支持|落户指标|"
                    r"提供[^，。；]{0,10}(?:公寓|住房|场地|用房)|最高可(?:获|享)|可享受|可申请")
# Who it is for, or how much: a giving word alone ("加大科技奖励力度") is no measure.
_FOR_WHOM = re.compile(r"企业|单位|个人|人才|毕业生|个体工商户|纳税人|主体|项目|团队|博士|硕士|商户|农户|"
                       r"用人|创业|机构|平台")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|亿元|元|[%％]|个百分点)|[一二三四五六七八九十百千万]+元")
# A result, not a rule: "累计发放补贴2亿元", "兑现…超过5亿元", "已为企业减免…".
_RESULT = re.compile(r"累计(?:发放|兑现|减免|拨付|为|帮助|支持|培训)|已(?:经)?(?:为|向|发放|兑现|减免|落实|拨付|帮助)|"
                     r"共(?:计)?(?:发放|兑现|减免|拨付)|兑现(?:了)?[^，。；]{0,10}\d|发放了|减免了|惠及\d|受益\d")
# A report's time lead, which may stand in the clause before: "今年以来，全市发放补贴…".
_SO_FAR = re.compile(r"今年以来|截至(?:目前|今年|\d{1,2}月)")
_VAGUE = re.compile(r"加大[^，。；]{0,12}力度|力度(?:有所|进一步)?加大|完善[^，。；]{0,12}(?:制度|政策|办法)")

_INSTRUMENT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tax", re.compile(r"税|加计扣除")),
    ("loan", re.compile(r"贷款|贴息|担保|授信|融资")),
    ("talent", re.compile(r"人才|博士|硕士|安家|引才|毕业生|专家")),
    ("rent", re.compile(r"租金|房租|免租|减租|租赁")),
    ("land", re.compile(r"用地|土地|厂房")),
    ("fee_relief", re.compile(r"费(?!用)|免收")),
    ("award", re.compile(r"奖励|奖金|奖")),
    ("subsidy", re.compile(r"补贴|补助|资助|奖补|扶持资金")),
    ("service", re.compile(r"券|服务|培训|免费")),
)

_QUALIFICATIONS = re.compile(QUALIFICATION_WORDS)
_TALENT = re.compile(TALENT_WORDS)
# The sizes a measure's words allow: the bands profiles use too, and 小型企业 read as small and micro.
_SIZE_WORDS = {**{f"{band}企业": sizes for band, sizes in SIZE_BANDS.items()},
               "微型企业": ("微型",), "小型企业": ("小型", "微型")}
_SIZE = re.compile(r"(?<!科技型)(?:中小微企业|小微企业|中小企业|微型企业|小型企业)")
_INDUSTRY = re.compile(INDUSTRY_WORDS)
# An industry as who a measure is for ("餐饮企业", "外贸行业"), not a word inside another ("职工养老保险").
_INDUSTRY_OF = re.compile(rf"(?:{_INDUSTRY.pattern})(?=企业|行业|商户|门店|店|经营|机构|产业|业|类|等|、|和)")
_AT_LEAST = re.compile(r"以上|达到|超过|不低于|不少于|及以上")
_AT_MOST = re.compile(r"以下|不超过|不足|低于|以内|及以下")
_EMPLOYEES = re.compile(r"(?:职工|员工|从业人员|就业人员|吸纳就业|招用)(?:人数)?[^，。；\d]{0,8}"
                        r"(\d+)\s*人(以上|以下|及以上|及以下)?")
_REVENUE = re.compile(r"(月|年)?(?:营业收入|销售收入|主营业务收入|销售额|营收|应纳税所得额)[^，。；\d]{0,8}"
                      r"(\d+(?:\.\d+)?)\s*(万元|亿元)(以上|以下|及以上|及以下)?")
_RD_RATIO = re.compile(r"研发(?:投入|费用|经费)(?:占[^，。；\d]{0,10})?[^，。；\d]{0,6}(\d+(?:\.\d+)?)\s*[%％](以上)?")
_FOUNDED_WITHIN = re.compile(r"成立(?:不满|未满|不超过|不足)([1-9]|[一二三四五])年")
_FOUNDED_SINCE = re.compile(r"((?:19|20)\d\d)年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以后|以来|之后|起)"
                            r"(?:新)?(?:注册|成立|设立)")
_WHO = re.compile(r"^[^，。；]{0,6}?(?:对|凡|符合|经认定的|新认定的|支持|鼓励)")
_WHO_OPENS = re.compile(r"\s*(?:对|凡|符合|经|新认定|每|企业|招用|支持|鼓励|为)")
_RATE = re.compile(r"(?:按|按照)[^，。；]{0,24}?(\d+(?:\.\d+)?)\s*[%％]")
_CAP = re.compile(r"(?:最高|上限|不超过|最多)[^\d，。；]{0,6}(\d+(?:\.\d+)?)\s*(万元|亿元|元)")
_FIXED = re.compile(r"(?:给予|奖励|补贴|补助|资助|发放|一次性)[^，。；\d]{0,10}?(\d+(?:\.\d+)?)\s*(万元|亿元|元)")
_TIER = re.compile(r"(\d+(?:\.\d+)?)\s*[-—~～至到]\s*(\d+(?:\.\d+)?)\s*(万元|元)|"
                   r"(?:一|二|三)(?:等奖|档|类)[^，。；、]{0,10}?"
                   r"\d+(?:\.\d+)?\s*(?:万元|元)|分别[^，。；]{0,10}?\d+(?:\.\d+)?\s*(?:万元|元)、")
_WINDOW = re.compile(r"(?:自|从)?(?:19|20)\d\d年\d{1,2}月(?:\d{1,2}日)?(?:起)?(?:至|到|—|-)(?:19|20)\d\d年\d{1,2}月"
                     r"(?:\d{1,2}日)?|于?每年\d{1,2}月(?:\d{1,2}日)?(?:前|之前)|(?:截止|截至)(?:日期|时间)?为?(?:19|20)\d\d年"
                     r"\d{1,2}月\d{1,2}日")
# National bodies: a measure they announce applies everywhere.
_NATIONAL_ISSUER = re.compile(r"(?:国务院|财政部|国家税务总局|税务总局|人力资源(?:和)?社会保障部|人社部(?!门)|"
                              r"工业和信息化部|工信部|国家发展改革委|国家发改委|商务部|科技部|教育部|中国人民银行|"
                              r"国家金融监督管理总局|金融监管总局|市场监管总局|住房和城乡建设部|农业农村部|中共中央)"
                              r"(?![\u4e00-\u9fff]{1,4}(?:省|市|县|区))"  # 国家税务总局某市税务局 is a local office
                              r"(?![^。；\n]{0,3}关于)"  # 《国务院关于…》 names a document, not what it gives
                              r"(?=[^。；\n《]{0,40}?(?:公布|发布|印发|出台|联合|明确|宣布|推出|公告))")
# After a place name, the words that make it the one acting: its government or an office, or a verb.
_ACTS = re.compile(r"(?:[\u4e00-\u9fff]{0,2}?(?:省|市|县|区))?级?"
                   r"(?:[^\s，。；、“”《]{0,6}?(?:人民政府|政府|党委|委员会|财政|局|厅|委|办|部门|中心|官方))?"
                   r"(?:对外|近日|日前|今年|近期|还|也|正式|专门|首次|再次)?"
                   r"(?:将|出台|印发|发布|推出|实施|制定|明确|对|为|给予|设立|聚焦|按照|围绕|针对|鼓励|支持|提出|"
                   r"拿出|安排|落实)"
                   # or a party or government office of the place, whatever verb follows ("区委统战部发挥…推出…")
                   r"|(?:[\u4e00-\u9fff]{0,2}?(?:省|市|县|区))?(?:委|人民政府|政府)[^\s，。；、“”《]{0,5}?(?:部|办|局)")
_LOOK_BACK = 400  # characters before a measure where its issuer is looked for (the paragraph, more or less)
_LEAD = 200  # and the document's opening, where a notice or news item names who issued it


@dataclass(frozen=True)
class _Issuer:
    region: str
    code: str


def extract_measures(document: DocumentRecord, *, doc_status: str = "unknown") -> list[Measure]:
    """The document's support measures, in order."""
    sections = SectionIndex(document)
    found = []
    for start, end in _measure_spans(document.clean_text):
        section = sections.at(start)
        if in_review_section(section):
            continue  # a review of past work reports results, not what one can apply for
        found.append(_measure(document, start, end, section, doc_status))
    return found


def _measure_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each clause that gives something, without surrounding blanks."""
    for sentence in sentence_spans(text):
        offset = sentence.start()
        for clause in re.finditer(r"[^；;]+[；;]?", sentence.group()):
            body = clause.group()
            lead = len(body) - len(body.lstrip())
            body = body.strip()
            if _is_measure(body):
                start = offset + clause.start() + lead
                yield start, start + len(body)


def _is_measure(clause: str) -> bool:
    return _giving(clause) is not None


def _giving(clause: str) -> re.Match[str] | None:
    """The first giving word of the clause that states a measure: not inside a promise ("加大贴息力度"), not
    in a report of results ("已为企业减免…", "累计发放…"), with a figure or someone it is for."""
    for gives in _GIVES.finditer(clause):
        starts = [0, *(m.end() for m in re.finditer(r"[，,：:]", clause[:gives.start()]))]
        stop = next((gives.end() + m.start() for m in re.finditer(r"[，,：:]", clause[gives.end():])), len(clause))
        own = clause[starts[-1]:stop]
        if _RESULT.search(own) or _SO_FAR.search(clause[starts[-2] if len(starts) > 1 else 0:stop]):
            continue  # a report of what was done ("去年累计发放…" before a new measure does not count)
        if _VAGUE.search(own) and not _FIGURE.search(own):
            continue  # "加大科技奖励力度": a giving word in a promise, not a measure
        if _FIGURE.search(clause[starts[-1]:]) or _FOR_WHOM.search(clause[:gives.end() + 10]):
            return gives
    return None


def _measure(document: DocumentRecord, start: int, end: int, section: tuple[str, ...], doc_status: str) -> Measure:
    quote = document.clean_text[start:end]
    gives = _giving(quote)
    who_end = gives.start() if gives else 0
    issuer = _issuer(document, start, start + who_end)
    return Measure(
        source=document.source, title=document.title, section=" > ".join(section), region=issuer.region,
        region_code=issuer.code, issuer=document.issuer, doc_status=doc_status, doc_date=document.date,
        quote=quote, start=start, end=end, instrument=_instrument(quote), benefit=_benefit(quote, who_end),
        amount=_amount(_benefit(quote, who_end)), beneficiaries=_beneficiaries(quote),
        conditions=tuple(_conditions(quote, start, who_end, _year_of(document))),
        apply_window=(w.group() if (w := _WINDOW.search(quote)) else ""), doc_id=document.doc_id)


def _instrument(quote: str) -> str:
    return next((name for name, words in _INSTRUMENT_WORDS if words.search(quote)), "other")


def _benefit(quote: str, who_end: int) -> str:
    """From the clause that gives to the end of the measure ("按研发投入的10%给予补助，最高不超过500万元")."""
    clause_start = max((m.end() for m in re.finditer(r"[，,：:]", quote[:who_end])), default=0)
    if _WHO_OPENS.match(quote, clause_start) and not re.search(r"按|以", quote[clause_start:who_end]):
        clause_start = who_end  # "对小微企业给予…": who gets it is a condition, what is given starts at the verb
    return quote[clause_start:].rstrip("。；;，, ")


def _amount(benefit: str) -> Amount | None:
    """The amount as the text states it: tiers, a rate (with its cap), a fixed sum, or a cap alone."""
    cap = _CAP.search(benefit)
    tiers = tuple(m.group() for m in _TIER.finditer(benefit))
    rate = _RATE.search(benefit)
    fixed = _FIXED.search(benefit)
    cap_value, cap_unit = (float(cap.group(1)), cap.group(2)) if cap else (None, "")
    if tiers:
        return Amount("tiered", None, cap_value, cap_unit or _unit_of(tiers[0]), tiers)
    if rate:
        return Amount("ratio", float(rate.group(1)), cap_value, cap_unit or "%")
    if fixed and not (cap and cap.start() <= fixed.start() < cap.end()):
        return Amount("fixed", None, float(fixed.group(1)), fixed.group(2))
    if cap:
        return Amount("cap_only", None, cap_value, cap_unit)
    return None


def _unit_of(tier: str) -> str:
    unit = re.search(r"万元|亿元|元", tier)
    return unit.group() if unit else ""


def _beneficiaries(quote: str) -> tuple[str, ...]:
    tags = [m.group() for pattern in (_QUALIFICATIONS, _TALENT, _SIZE, _INDUSTRY) for m in pattern.finditer(quote)]
    return tuple(dict.fromkeys(tags))


def _year_of(document: DocumentRecord) -> int | None:
    year = re.match(r"(?:19|20)\d\d", document.date or "")
    return int(year.group()) if year else None


def _conditions(quote: str, offset: int, who_end: int, year: int | None) -> Iterator[Condition]:
    """Conditions read from the words before the giving verb (who it is for) and any threshold in the measure."""
    who_start = _who_start(quote, who_end)
    who = quote[who_start:who_end]
    found_any = False
    for field, pattern in (("qualifications", _QUALIFICATIONS), ("talent", _TALENT), ("industry", _INDUSTRY_OF)):
        matches = list(pattern.finditer(who))
        if matches:
            found_any = True
            first, last = matches[0], matches[-1]
            words = list(dict.fromkeys(m.group() for m in matches))
            op = "mentions" if field == "industry" else "any_of"
            yield _condition(field, op, words, quote, offset, who_start + first.start(), who_start + last.end())
    sizes = list(_SIZE.finditer(who))
    if sizes:
        found_any = True
        allowed = sorted({s for m in sizes for s in _SIZE_WORDS[m.group()]}, key=SIZES.index)
        yield _condition("size", "any_of", allowed, quote, offset, who_start + sizes[0].start(),
                         who_start + sizes[-1].end())
    for condition in _thresholds(quote, offset, year):
        found_any = True
        yield condition
    span = who.rstrip("，,：: ")
    if not found_any and _WHO.search(span) and len(span) >= 6:
        yield _condition("other", "mentions", None, quote, offset, who_start, who_start + len(span))


def _who_start(quote: str, who_end: int) -> int:
    """Where "who it is for" starts: the nearest of the last three clauses before the giving verb that
    opens with 对/凡/符合/每…, else the clause before the verb's own (a news lead is not a condition)."""
    starts = [0, *(m.end() for m in re.finditer(r"[，,：:；;]", quote[:who_end]))]
    for start in reversed(starts[-3:]):
        if _WHO_OPENS.match(quote, start):
            return start
    return starts[-2] if len(starts) >= 2 else starts[-1]


def _thresholds(quote: str, offset: int, year: int | None) -> Iterator[Condition]:
    for match in _EMPLOYEES.finditer(quote):
        op = "<=" if _AT_MOST.search(match.group()) else ">="
        yield _condition("employees", op, int(match.group(1)), quote, offset, match.start(), match.end())
    for match in _REVENUE.finditer(quote):
        value = float(match.group(2)) * (10000 if match.group(3) == "亿元" else 1)
        value *= 12 if match.group(1) == "月" else 1  # a monthly sales line, as a year's revenue
        op = "<=" if _AT_MOST.search(quote[max(0, match.start() - 4):match.end()]) else ">="
        yield _condition("revenue_wan", op, value, quote, offset, match.start(), match.end())
    for match in _RD_RATIO.finditer(quote):
        if not _is_threshold(match, quote):
            continue  # "按研发投入的10%给予补助" is the rate of the grant, not who may get it
        yield _condition("rd_ratio", ">=", float(match.group(1)) / 100, quote, offset, match.start(), match.end())
    for match in _FOUNDED_SINCE.finditer(quote):
        yield _condition("founded_year", ">=", int(match.group(1)), quote, offset, match.start(), match.end())
    if year:
        for match in _FOUNDED_WITHIN.finditer(quote):
            years = "一二三四五".find(match.group(1)) + 1 or int(match.group(1))
            yield _condition("founded_year", ">=", year - years, quote, offset, match.start(), match.end())


def _is_threshold(match: re.Match[str], quote: str) -> bool:
    """A share that bounds who qualifies (占…比例达到3%以上, 研发投入强度5%的企业), not the rate a sum is reckoned
    by (按研发投入的10%给予…, 给予研发费用10%的补助)."""
    before = quote[max(0, match.start() - 3):match.start()]
    after = quote[match.end():match.end() + 4]
    return not (re.search(r"按|给予|予以|以", before) or re.match(r"的?(?:给予|予以|补助|奖励|资助|补贴)", after))


def _condition(field: str, op: str, value: object, quote: str, offset: int, start: int, end: int) -> Condition:
    text = quote[start:end]
    return Condition(field, op, value, text, text, offset + start, offset + end)


def _issuer(document: DocumentRecord, start: int, who_end: int) -> _Issuer:
    """Who issued the measure: the last body before its giving verb that acts ("某县出台…", "财政部、税务总局
    公布…"), looked for in the measure and the text just before it; else the document's own region."""
    text = document.clean_text
    window_start = max(0, start - _LOOK_BACK)
    lead = text[:min(_LEAD, window_start)]
    window = lead + text[window_start:who_end]  # positions keep their order: the lead comes first
    best: tuple[int, _Issuer] | None = None
    for match in _NATIONAL_ISSUER.finditer(window):
        best = (match.start(), _Issuer(NATIONAL, ""))
    mentions = place_mentions(window)
    for index, (match, places) in enumerate(mentions):
        if not _ACTS.match(window, match.end()):
            continue  # merely named ("在甲市、乙市开设门店"): not the one that gives
        place = _resolved(match, places, mentions, index, document)
        if place is not None and (best is None or match.start() >= best[0]):
            best = (match.start(), _Issuer(place.name, place.code))
    if best is not None:
        return best[1]
    if not document.region:  # a text that names no place at all is a national notice
        return _Issuer(NATIONAL, "")
    own = _resolved_name(document.region, document)
    return _Issuer(own.name, own.code) if own else _Issuer("", "")


def _resolved(match: re.Match[str], places: tuple[Place, ...],
              mentions: list[tuple[re.Match[str], tuple[Place, ...]]], index: int,
              document: DocumentRecord) -> Place | None:
    """One place for a name several share (鼓楼区): the one inside a place named just before it, else inside
    a place the document is about, else the only one."""
    if len(places) == 1:
        return places[0]
    if index > 0 and mentions[index - 1][0].end() == match.start():
        inside = [p for p in places if any(p.within(q) for q in mentions[index - 1][1])]
        if len(inside) == 1:
            return inside[0]
    about = [q for r in (document.region, *document.regions) for q in place_called(r)]
    inside = [p for p in places if any(p.within(q) for q in about)]
    return inside[0] if len(inside) == 1 else None


def _resolved_name(name: str, document: DocumentRecord) -> Place | None:
    places = place_called(name) if name else ()
    if len(places) == 1:
        return places[0]
    about = [q for r in document.regions for q in place_called(r) if r != name]
    inside = [p for p in places if any(p.within(q) for q in about)]
    return inside[0] if len(inside) == 1 else None
