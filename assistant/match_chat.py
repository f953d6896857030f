"""An enterprise asking in the chat which support applies to it ("我是某市的一家科技型中小企业，有哪些扶持？"):
its profile read from the question and the conversation, the matcher's measures as an answer citing each
measure's exact words, and one clarifying question when its answer would change the list. No model writes
or judges any of it: the verdicts and figures are the matcher's and the documents'."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.matcher import INELIGIBLE, MARKS, MET, UNREAD, Match, MatchResult, condition_rows, match
from assistant.profile import MAX_NEEDS_CHARS, profile_from
from assistant.verification.checked import Citation
from core.errors import BadInputError
from core.gazetteer import place_mentions
from core.measures import (
    INDUSTRY_WORDS,
    QUALIFICATION_ALIASES,
    QUALIFICATION_WORDS,
    TALENT_WORDS,
    Measure,
    canonical_qualification,
)
from core.records import Evidence

OPENING = "根据您提供的企业情况"  # starts every match answer: a later turn knows it answers one
MAX_LISTED = 6  # measures an answer lists: a chat answer to read, the 政策匹配 tab shows them all
ASK = "为了更准确地判断，请问："
LISTED = "有以下扶持措施可能适用（✔ 已符合，? 尚需确认）："
NONE_FOUND = "没有找到适用于贵公司所在地区的扶持措施。"
# "我是/我们是/我公司/本企业…": the asker speaks for an enterprise (or a shop, a studio).
_SPEAKS_FOR = re.compile(r"我(?:们)?(?:是|公司|司|单位|企业|厂|店|工作室)|我(?:们)?的(?:公司|企业|店)|"
                         r"我们(?:在|位于|注册在)|本(?:公司|企业|单位)|咱们?(?:公司|企业)")
# ...and asks for the list of what it may get; "县里有没有专利质押贷款补助？" asks about one measure, which the
# passages answer better than a list.
_ASKS_WHAT_APPLIES = re.compile(
    r"(?:哪些|什么|啥)[^。？?！!，,]{0,8}(?:扶持|政策|补贴|补助|优惠|奖励|支持|措施|资助|减免)|"
    r"(?:能|可以|可)(?:享受|申请|申报)(?:到)?(?:哪些|什么|啥)|适用(?:哪些|什么)")
_NEGATION = re.compile(r"(?:不是|并非|非|没有|还没有?|尚未|未|不属于)[^，,。；;]{0,2}$")
_EMPLOYEES = re.compile(r"(?:员工|职工|人员|雇员|从业人员)[^，,。；;\d]{0,8}?(\d+)\s*(?:人|名)?|"
                        r"(\d+)\s*(?:名|个)?(?:员工|职工|人)")
_FOUNDED = re.compile(r"((?:19|20)\d\d)\s*年(?:注册)?成立|成立于\s*((?:19|20)\d\d)\s*年?")
_REVENUE = re.compile(r"(?:营收|营业收入|销售额|收入)[^，,。；;\d]{0,10}?(\d+(?:\.\d+)?)\s*(万元|亿元|万|亿)")
_RD = re.compile(r"研发(?:投入|费用|经费)[^，,。；;\d]{0,16}?(\d+(?:\.\d+)?)\s*[%％]")
_SIZE = re.compile(r"(?<!科技型)(大型|中型|小型|微型|中小微|小微|中小)(?:企业|公司)")
_ALIASES = re.compile("|".join(sorted(QUALIFICATION_ALIASES, key=len, reverse=True)))
_YES = re.compile(r"^\s*(?:是的?|对|有|属于|嗯|已经是|我们是)")
_NO = re.compile(r"^\s*(?:不是|否|没有|不属于|还不是|不)")
_ASKED_WHETHER = re.compile(r"贵公司是否(?:为|有或想引进)(.+?)？")

MeasuresOf = Callable[[datetime.date], list[Measure]]  # today -> the stored measures with their status
EvidenceAt = Callable[[str, int], "Evidence | None"]  # a doc id and an offset -> the passage holding it


def asks_which_apply(question: str) -> bool:
    """Does the asker speak for an enterprise and ask which support it may get?"""
    return bool(_SPEAKS_FOR.search(question) and _ASKS_WHAT_APPLIES.search(question))


def _region(text: str) -> tuple[str, str]:
    """(city or county as written, with the place named just before it; the province named), from the last
    places the text names."""
    region, province = "", ""
    mentions = place_mentions(text)
    for index, (found, places) in enumerate(mentions):
        if all(p.level == "province" for p in places):
            province = places[0].name
            continue
        before = mentions[index - 1][0] if index else None
        start = before.start() if before is not None and before.end() == found.start() else found.start()
        region = text[start:found.end()]
    return region, province


def _words(pattern: str, text: str) -> tuple[list[str], list[str]]:
    """(the words said to apply, the words said not to: "还不是高新技术企业"); a later word wins."""
    said: dict[str, bool] = {}
    for found in re.finditer(pattern, text):
        said.pop(found.group(), None)
        said[found.group()] = not _NEGATION.search(text[max(0, found.start() - 6):found.start()])
    return [w for w, yes in said.items() if yes], [w for w, yes in said.items() if not yes]


def _answered_question(history: Sequence[tuple[str, str]], question: str) -> str:
    """A bare 是/不是 to the question the last answer asked, as a statement ("我们不是高新技术企业")."""
    asked = next((text for role, text in reversed(history) if role == "assistant"), "")
    whether = _ASKED_WHETHER.search(asked.rsplit(ASK, 1)[-1]) if ASK in asked else None
    if whether is None:
        return ""
    if _NO.match(question):
        return f"我们不是{whether.group(1)}。"
    return f"我们是{whether.group(1)}。" if _YES.match(question) else ""


@dataclass(frozen=True)
class Said:
    """What an enterprise said of itself: profile JSON, and the titles and degrees it said it lacks."""

    data: dict[str, Any]
    lacking: tuple[str, ...]


def profile_said(texts: Sequence[str]) -> Said:
    """The profile an enterprise's own words give (later words win); fields it does not mention are left
    out, so the matcher treats them as unknown."""
    text = "\n".join(texts)
    data: dict[str, Any] = {}
    lacking: list[str] = []
    region, province = _region(text)
    if region:
        data["region"] = region
    if province:
        data["province"] = province
    for name, pattern in (("qualifications", f"{QUALIFICATION_WORDS}|{_ALIASES.pattern}"), ("talent", TALENT_WORDS)):
        words, denied = _words(pattern, text)
        if name == "qualifications":  # "高企" is a 高新技术企业
            words, denied = ([canonical_qualification(w) for w in found] for found in (words, denied))
        if words:
            data[name] = list(dict.fromkeys(words))
        lacking += denied
    industries, _ = _words(INDUSTRY_WORDS, text)
    if industries:
        data["industry"] = industries[-1]
    if sizes := _SIZE.findall(text):
        data["size"] = sizes[-1]
    for name, figure in (("employees", _EMPLOYEES), ("founded_year", _FOUNDED)):
        if found := list(figure.finditer(text)):
            data[name] = int(next(g for g in found[-1].groups() if g))
    if found := list(_REVENUE.finditer(text)):
        number, unit = float(found[-1].group(1)), found[-1].group(2)
        data["revenue_wan"] = number * 10000 if unit.startswith("亿") else number
    if found := list(_RD.finditer(text)):
        data["rd_ratio"] = float(found[-1].group(1)) / 100
    data["needs"] = text[-MAX_NEEDS_CHARS:]
    return Said(data, tuple(lacking))


@dataclass(frozen=True)
class MatchedAnswer:
    text: str
    citations: list[Citation]
    evidence: list[Evidence]
    query: str  # the profile the answer was matched for, in words


class MatchChat:
    """Answers the chat's "which support applies to my enterprise" turns from the measure catalogue."""

    def __init__(self, measures_of: MeasuresOf, evidence_at: EvidenceAt,
                 today: Callable[[], datetime.date]) -> None:
        self.measures_of, self.evidence_at, self.today = measures_of, evidence_at, today

    def texts(self, question: str, history: Sequence[tuple[str, str]]) -> list[str] | None:
        """The enterprise's words when this turn asks which support applies, or answers a match answer's
        clarifying question; None for any other question."""
        said = [text for role, text in history if role == "user"]
        last_answer = next((text for role, text in reversed(history) if role == "assistant"), "")
        if asks_which_apply(question):
            return [*said, question]
        if last_answer.startswith(OPENING):
            reply = _answered_question(history, question)
            if reply or _facts(question):
                return [*said, question, reply]
        return None

    def answer(self, question: str, history: Sequence[tuple[str, str]]) -> MatchedAnswer | None:
        """The matched measures as a cited answer; None when the turn is no match question or nothing
        applicable was found (the passages answer it then)."""
        texts = self.texts(question, history)
        if texts is None:
            return None
        today = self.today()
        said = profile_said(texts)
        data = said.data
        try:
            profile = profile_from(data, today=today)
        except BadInputError:  # a figure out of range ("成立于1700年"): matched without the fields it gave
            profile = profile_from({k: v for k, v in data.items() if k in ("region", "province", "needs")},
                                   today=today)
        result = match(profile, self.measures_of(today), k=30, lacking=said.lacking)
        answer = self._answer(result, _said_in_words(data, said.lacking))
        # Nothing listed: the passages may still say something (a national rule, another wording); let them.
        return answer if answer.citations else None

    def _answer(self, result: MatchResult, described: str) -> MatchedAnswer:
        shown = [m for m in result.matches if m.verdict != INELIGIBLE][:MAX_LISTED]
        found = LISTED if shown else NONE_FOUND
        lines = [f"{OPENING}（{described}），已收录文件中{found}"]
        citations: list[Citation] = []
        evidence: list[Evidence] = []
        for item in shown:
            passage = self.evidence_at(item.measure.doc_id, item.measure.start)
            if passage is None:
                continue  # the document was replaced since: its measure cannot be cited
            n = len(citations) + 1
            m = item.measure
            citations.append(Citation(n, m.source, m.title, m.section, m.quote, m.start, m.end,
                                      passage.chunk.chunk_id, m.doc_status))
            evidence.append(passage)
            lines.append(f"{n}. 【{m.region}】{m.benefit}{_conditions_said(item)}[{n}]")
        ineligible = sum(m.verdict == INELIGIBLE for m in result.matches)
        if ineligible:
            lines.append(f"另有 {ineligible} 条措施的条件与贵公司情况不符，可在“政策匹配”页查看。")
        if result.questions and citations:
            lines.append(ASK + result.questions[0].question)
        return MatchedAnswer("\n".join(lines), citations, evidence, described)


def _facts(text: str) -> bool:
    """Does the text state a fact of an enterprise's profile (a place, a title, a size, a figure)?"""
    said = profile_said([text])
    return bool(said.lacking) or any(k != "needs" for k in said.data)


def _conditions_said(item: Match) -> str:
    # The region is said once for the answer; a condition with no field is shown in the 政策匹配 tab.
    marks = [f"{MARKS[r.status]}{r.text}" for r in condition_rows(item)
             if (r.field != "region" or r.status != MET) and (r.field != "other" or r.text == UNREAD)]
    return f"（{'；'.join(marks)}）" if marks else ""


def _said_in_words(data: dict[str, Any], lacking: Sequence[str]) -> str:
    parts = [data.get("region") or data.get("province") or "注册地未说明"]
    if size := data.get("size"):
        parts.append(f"{size}企业")
    parts += data.get("qualifications") or []
    parts += [f"非{word}" for word in lacking]
    if "employees" in data:
        parts.append(f"职工{data['employees']}人")
    if "rd_ratio" in data:
        parts.append(f"研发投入占比{data['rd_ratio'] * 100:g}%")
    return "、".join(parts)
