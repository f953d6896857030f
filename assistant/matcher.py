"""An enterprise profile + the support-measure catalogue -> the measures that apply, each condition judged.

Region is a hard rule: a measure issued for another city, county or province is never shown. Each
condition is met, unmet or unknown (a field the profile leaves out is unknown, never unmet); a measure is
eligible, needs_info or ineligible. No model takes part: verdicts and figures come from the catalogue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.profile import profile_places
from core.gazetteer import Place, place_with_code
from core.knowledge import status_label
from core.measures import NATIONAL, Condition, Measure, Profile, sizes_of
from core.tokens import tokenize

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
ELIGIBLE, NEEDS_INFO, INELIGIBLE = "eligible", "needs_info", "ineligible"
_VERDICT_ORDER = {ELIGIBLE: 0, NEEDS_INFO: 1, INELIGIBLE: 2}
_NOT_IN_FORCE = ("expired", "repealed")
# Tax statuses follow from filings, not from what an enterprise lists as its titles: not listed is unknown.
_TAX_STATUSES = ("小规模纳税人", "小型微利企业")
# Talent words a profile's list can rule out; broad ones (青年人才, 高层次人才) it cannot.
_DEGREES = ("博士后", "博士", "硕士", "高校毕业生", "大学毕业生", "应届毕业生", "大学生")
_INDUSTRY_KIN = (("外贸", "进出口", "跨境电商", "出口"), ("餐饮", "饭店", "美食", "小吃"),
                 ("软件", "信息技术", "互联网"), ("制造", "工业", "加工"), ("文旅", "旅游", "露营"))
# What a stated need asks for, by instrument ("房租压力大" -> rent relief).
_NEEDS_INSTRUMENTS = (("房租", "rent"), ("租金", "rent"), ("租", "rent"), ("社保", "fee_relief"), ("税", "tax"),
                      ("贷款", "loan"), ("融资", "loan"), ("资金", "loan"), ("博士", "talent"), ("人才", "talent"),
                      ("引进", "talent"), ("招聘", "talent"), ("用地", "land"), ("厂房", "land"), ("研发", "tax"))
_QUESTIONS = {
    "region": "贵公司注册在哪个市、县（区）？",
    "size": "贵公司属于大型、中型、小型还是微型企业？",
    "employees": "贵公司现有职工多少人？",
    "founded_year": "贵公司是哪一年成立的？",
    "revenue_wan": "贵公司上一年度营业收入是多少万元？",
    "rd_ratio": "贵公司上一年度研发投入占营业收入比例是多少？",
    "industry": "贵公司属于哪个行业？",
}
MAX_QUESTIONS = 3


@dataclass(frozen=True)
class Judged:
    condition: Condition
    status: str


@dataclass(frozen=True)
class Match:
    measure: Measure
    verdict: str
    judged: tuple[Judged, ...]
    region_status: str  # met, or unknown when the profile names no region inside the measure's
    fit: float  # how well it meets the stated needs


@dataclass(frozen=True)
class Row:
    """One line of a listed measure's conditions, as every view shows it."""

    field: str
    status: str
    text: str
    quote: str  # the document's words ("" for the issuing region and for "none read")


UNREAD = "申请条件未能自动读出，请以原文为准"


def condition_rows(item: Match) -> list[Row]:
    """The issuing region first, then each condition; a measure with none read says so."""
    rows = [Row("region", item.region_status, f"发布地区：{item.measure.region}", "")]
    rows += [Row(j.condition.field, j.status, j.condition.text, j.condition.quote) for j in item.judged]
    return rows if item.judged else [*rows, Row("other", UNKNOWN, UNREAD, "")]


@dataclass(frozen=True)
class Question:
    field: str
    question: str
    blocks: int
    value: str = ""  # the word asked about ("高新技术企业"), for any_of fields


@dataclass(frozen=True)
class MatchResult:
    matches: list[Match]
    questions: list[Question]


def match(profile: Profile, measures: Sequence[Measure], *, k: int,
          lacking: Collection[str] | None = None) -> MatchResult:
    """The k best measures for the profile, and the questions whose answers would settle the most.
    `lacking`: None when the profile's qualifications and talent are complete lists (a form's ticks: a word
    not ticked is a no); else the lists name only what was said, and these words are what was denied
    (a chat: "我们是科技型中小企业" says nothing of 高新技术企业, "还不是高新技术企业" does)."""
    places, province = profile_places(profile)
    found = []
    for measure in measures:
        region = _region_status(measure, places, province)
        if region is None:
            continue  # issued for another place, or by an issuer that could not be told
        judged = tuple(Judged(c, _judged(c, profile, lacking)) for c in measure.conditions)
        statuses = [region, *(j.status for j in judged)]
        # No condition read is no condition checked: the enterprise must read who it is for (needs_info).
        verdict = INELIGIBLE if UNMET in statuses else NEEDS_INFO if UNKNOWN in statuses or not judged else ELIGIBLE
        found.append(Match(measure, verdict, judged, region, _fit(measure, profile)))
    # Within a verdict, a measure whose conditions the profile meets says more than one with none read.
    found.sort(key=lambda m: (m.measure.doc_status in _NOT_IN_FORCE, _VERDICT_ORDER[m.verdict],
                              -(m.fit + sum(j.status == MET for j in m.judged)), _newest_first(m.measure.doc_date)))
    return MatchResult(found[:k], _questions(found))


def _newest_first(date: str) -> str:
    """A sort key that puts later dates first ('' last)."""
    return "".join(chr(0x7f - ord(c)) for c in date) if date else "\x7f"


def _region_status(measure: Measure, places: tuple[Place, ...], province: Place | None) -> str | None:
    """met when the measure is national or issued for the profile's place or one containing it; unknown
    when the profile does not say where it is registered closely enough; None when it is another place's."""
    if measure.region == NATIONAL:
        return MET
    issued = place_with_code(measure.region_code) if measure.region_code else None
    if issued is None:
        return None
    if places:
        if any(p.within(issued) for p in places):
            return MET
        return None
    if province is not None:
        if issued.code == province.code:
            return MET
        return UNKNOWN if issued.within(province) else None
    return UNKNOWN


def _judged(condition: Condition, profile: Profile, lacking: Collection[str] | None = None) -> str:
    field, op, value = condition.field, condition.op, condition.value
    if field == "other":
        return UNKNOWN
    if field in ("qualifications", "talent"):
        have = profile.qualifications if field == "qualifications" else profile.talent
        if any(_names(word, h, field) for word in value for h in have or ()):
            return MET
        if lacking is not None:  # open lists: only a denied word is a no
            return UNMET if all(any(_names(word, d, field) for d in lacking) for word in value) else UNKNOWN
        if have is None:
            return UNKNOWN
        if field == "qualifications":
            return UNKNOWN if all(w in _TAX_STATUSES for w in value) else UNMET
        return UNMET if any(w in _DEGREES for w in value) else UNKNOWN
    if field == "size":
        sizes = sizes_of(profile.size)
        if not sizes:
            return UNKNOWN
        allowed = [s in value for s in sizes]
        return MET if all(allowed) else UNMET if not any(allowed) else UNKNOWN
    if field == "industry":
        if not profile.industry:
            return UNKNOWN
        return MET if any(_same_industry(word, profile.industry) for word in value) else UNMET
    number = getattr(profile, field, None)
    if number is None:
        return UNKNOWN
    ok = number >= value if op == ">=" else number <= value
    return MET if ok else UNMET


def _names(word: str, have: str, field: str) -> bool:
    """Does what the profile has name the measure's word? ("国家高新技术企业" is a 高新技术企业; a profile's
    "海外博士" is a 博士, but its "博士" is no 博士后)."""
    return word in have or (field == "qualifications" and have in word)


def _same_industry(word: str, industry: str) -> bool:
    if word in industry or industry in word:
        return True
    return any(word in kin and any(k in industry for k in kin) for kin in _INDUSTRY_KIN)


def _fit(measure: Measure, profile: Profile) -> float:
    """Shared words between the needs (and industry, talent, titles, and 研发 for an enterprise that spends on
    it) and the measure, plus the instruments the needs ask for."""
    does_rd = "研发" if profile.rd_ratio else ""
    wanted = (f"{profile.needs} {profile.industry} {' '.join(profile.talent or ())} "
              f"{' '.join(profile.qualifications or ())} {does_rd}")
    if not wanted.strip():
        return 0.0
    words = {t for t in tokenize(wanted) if len(t) >= 2}
    said = set(tokenize(measure.quote))
    instruments = {instrument for cue, instrument in _NEEDS_INSTRUMENTS if cue in profile.needs}
    return len(words & said) + (2.0 if measure.instrument in instruments else 0.0)


def _questions(found: list[Match]) -> list[Question]:
    """The unknown fields that hold back the most measures, as questions to the enterprise."""
    blocking: Counter[tuple[str, str]] = Counter()
    for item in found:
        if item.verdict != NEEDS_INFO:
            continue
        asked: set[tuple[str, str]] = set()
        if item.region_status == UNKNOWN:
            asked.add(("region", ""))
        for judged in item.judged:
            if judged.status != UNKNOWN or judged.condition.field == "other":
                continue
            field = judged.condition.field
            asked.add((field, judged.condition.value[0] if field in ("qualifications", "talent") else ""))
        blocking.update(asked)
    questions = []
    for (field, value), blocks in blocking.most_common(MAX_QUESTIONS):
        text = _QUESTIONS.get(field) or (f"贵公司是否为{value}？" if field == "qualifications"
                                         else f"贵公司是否有或想引进{value}？")
        questions.append(Question(field, text, blocks, value))
    return questions


def result_json(result: MatchResult, *, identifier: Any = "") -> dict[str, Any]:
    """The CLI's and the API's shape: {"id", "measures": [...], "questions": [...]}."""
    measures = []
    for item in result.matches:
        m = item.measure
        conditions = [{"text": r.text, "field": r.field, "status": r.status, "quote": r.quote}
                      for r in condition_rows(item)]
        measures.append({"source": m.source, "title": m.title, "section": m.section, "region": m.region,
                         "doc_status": m.doc_status, "instrument": m.instrument, "benefit": m.benefit,
                         "amount": m.as_dict()["amount"], "quote": m.quote, "start": m.start, "end": m.end,
                         "verdict": item.verdict, "conditions": conditions})
    return {"id": identifier, "measures": measures,
            "questions": [{"field": q.field, "question": q.question, "blocks": q.blocks, "value": q.value}
                          for q in result.questions]}


VERDICT_TITLES = {ELIGIBLE: "符合条件", NEEDS_INFO: "需补充信息", INELIGIBLE: "暂不符合"}
MARKS = {MET: "✔", UNMET: "✘", UNKNOWN: "?"}


def match_lines(result: MatchResult) -> list[str]:
    """The result as text: measures grouped by verdict, each condition marked ✔/✘/?, then the questions."""
    lines: list[str] = []
    for verdict, title in VERDICT_TITLES.items():
        group = [m for m in result.matches if m.verdict == verdict]
        if not group:
            continue
        lines.append(f"{title}（{len(group)}）")
        for number, item in enumerate(group, 1):
            m = item.measure
            status = "" if m.doc_status in ("in_force", "unknown") else f" [{status_label(m.doc_status)}]"
            lines.append(f"{number:>2}. [{m.region}] {m.benefit}{status}")
            lines.append(f"    {m.title}（{m.source}）")
            marks = [f"{MARKS[r.status]}{r.text}" for r in condition_rows(item)]
            lines.append("    " + "  ".join(marks))
    if not result.matches:
        lines.append("没有找到适用于该企业所在地区的扶持措施。")
    for question in result.questions:
        lines.append(f"请补充：{question.question}（影响{question.blocks}条措施）")
    return lines
