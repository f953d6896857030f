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
# "我是/我们是/我公司/本企业…": the asker speaks for an enterprise (or a shop, a studio).
_SPEAKS_FOR = re.compile(r"我(?:们)?(?:是|公司|司|单位|企业|厂|店|工作室)|我(?:们)?的(?:公司|企业|店)|"
                         r"我们(?:在|位于|注册在)|本(?:公司|企业|单位)|咱们?(?:公司|企业)")
# ...and asks for the list of what it may get; "县里有没有专利质押贷款补助？" asks about one measure, which the
# passages answer better than a list.
_ASKS_WHAT_APPLIES = re.compile(
    r"(?:哪些|什么|啥)[^。？?！!，,]{0,8}(?:扶持|政策|补贴|补助|优惠|奖励|支持|措施|资助|减免)|"
    r"(?:能|可以|可)(?:享受|申请|申报)(?:到)?(?:哪些|什么|啥)|适用(?:哪些|什么)")
# Said not to hold, within its own clause: "还没有被认定为高新技术企业", "正在申请高企".
_NEGATION = re.compile(r"(?:不是|并非|非|没有|没拿到|还没有?|尚未|未|不属于|不算|正在申请|申请中|准备申请)"
                       r"[^，,。；;！!？?]{0,8}$")
_NOT_WANTED = re.compile(r"(?:不引进|不招|不需要|不打算引进|暂不引进)[^，,。；;]{0,4}$")  # talent: has none, wants none
_COUNT = r"(\d[\d,，]*)"
_EMPLOYEES = re.compile(rf"(?:员工|职工|雇员|从业人员|人数)[^，,。；;\d]{{0,8}}?{_COUNT}\s*(?:人|名)?|"
                        rf"{_COUNT}\s*(?:名|个)?(?:员工|职工)|(?:规模|共有|现有|有)\s*{_COUNT}\s*(?:人|名)(?!才)")
_FOUNDED = re.compile(r"((?:19|20)\d\d)\s*年(?:注册)?成立|成立于\s*((?:19|20)\d\d)\s*年?")
_REVENUE = re.compile(r"(?:营收|营业收入|销售额|收入)[^，,。；;\d]{0,10}?(\d[\d,]*(?:\.\d+)?)\s*(万元|亿元|万|亿)")
_RD = re.compile(r"研发(?:投入|费用|经费)[^，,。；;\d]{0,16}?(\d+(?:\.\d+)?)\s*[%％]")
# A bound, not a figure: "营收不到500万元" says less than 500, which a ">= 500" condition must not take as met.
_BOUND = re.compile(r"不到|不足|低于|少于|超过|高于|多于|以上|以下|以内|上下|左右")
_SIZE = re.compile(r"(?<!科技型)(大型|中型|小型|微型|中小微|小微|中小)(?:企业|公司)")
# Short names need their edges: "提高企业" holds no 高企, "全国高校" no 国高.
_ALIASES = "|".join(rf"(?<![提升抬]){word}(?![业校中速端层])" for word in
                    sorted(QUALIFICATION_ALIASES, key=len, reverse=True))
# A whole reply of yes or no; "不知道", "有哪些税收优惠？" are neither.
_YES = re.compile(r"^\s*(?:是的?|对的?|有的?|属于|已经是|我们是|嗯，?是)[。！!，, ]*$")
_NO = re.compile(r"^\s*(?:不是|否|没有|不属于|还不是|都不是|不需要|不引进)[。！!，, ]*$")
_FIGURE_REPLY = re.compile(r"^\s*(?:大约|约|大概)?\s*(\d[\d,]*(?:\.\d+)?)\s*"
                           r"(?:人|名|年|万元|万|亿元|亿|[%％])?[。！! ]*$")
_ASKED_WHETHER = re.compile(r"贵公司是否(为|有或想引进)(.+?)？")
# What a figure answers, by the question it replies to (assistant.matcher's questions), as a statement.
_FIGURE_STATEMENTS = (("职工多少人", "员工{0}人"), ("哪一年成立", "{0}年成立"), ("营业收入是多少万元", "营收{0}万元"),
                      ("研发投入占营业收入比例", "研发投入占营收{0}%"))
_ASKS_BACK = re.compile(r"[？?]|吗|多少|怎么|如何|哪些|什么")

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


def _words(pattern: str, text: str, denial: re.Pattern[str] = _NEGATION) -> tuple[list[str], list[str]]:
    """(the words said to apply, the words said not to: "还不是高新技术企业"); a later word wins."""
    said: dict[str, bool] = {}
    for found in re.finditer(pattern, text):
        said.pop(found.group(), None)
        said[found.group()] = not denial.search(text[max(0, found.start() - 12):found.start()])
    return [w for w, yes in said.items() if yes], [w for w, yes in said.items() if not yes]


def _reply_statement(asked: str, reply: str) -> str:
    """A reply to the clarifying question an answer ended with, as a statement of the enterprise: "不是" to
    "贵公司是否为高新技术企业？" is "我们不是高新技术企业。"; "50" to "…职工多少人？" is "员工50人。"."""
    question = asked.rsplit(ASK, 1)[-1] if ASK in asked else ""
    if not question:
        return ""
    if whether := _ASKED_WHETHER.search(question):
        kind, word = whether.groups()
        if _NO.match(reply):
            return f"我们不引进{word}。" if kind == "有或想引进" else f"我们不是{word}。"
        return f"我们{'有' if kind == '有或想引进' else '是'}{word}。" if _YES.match(reply) else ""
    figure = _FIGURE_REPLY.match(reply)
    if figure is None:
        return ""
    template = next((t for cue, t in _FIGURE_STATEMENTS if cue in question), "")
    return template.format(figure.group(1)) + "。" if template else ""


def _replies(history: Sequence[tuple[str, str]], question: str) -> list[str]:
    """What the enterprise said, oldest first: each of its turns, and each reply to a match answer's
    question as a statement (so an earlier "是" still counts)."""
    turns = [*history, ("user", question)]
    said: list[str] = []
    for index, (role, text) in enumerate(turns):
        if role != "user":
            continue
        said.append(text)
        before = turns[index - 1] if index else ("", "")
        if before[0] == "assistant" and before[1].startswith(OPENING):
            said.append(_reply_statement(before[1], text))
    return [text for text in said if text]


def _stated(figure: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The figure's first statement as an amount (the first: "员工50人，其中博士3人"), not as a bound."""
    for found in figure.finditer(text):
        if not _BOUND.search(text[max(0, found.start() - 2):found.end() + 3]):
            return found
    return None


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
    titles, denied = _words(f"{QUALIFICATION_WORDS}|{_ALIASES}", text)
    if titles:  # "高企" is a 高新技术企业
        data["qualifications"] = list(dict.fromkeys(canonical_qualification(w) for w in titles))
    lacking += [canonical_qualification(w) for w in denied]
    # Talent is had or wanted: "目前没有博士，想招一些" denies nothing; "不引进博士" does.
    talent, unwanted = _words(TALENT_WORDS, text, _NOT_WANTED)
    if talent:
        data["talent"] = talent
    lacking += unwanted
    industries, _ = _words(INDUSTRY_WORDS, text)
    if industries:
        data["industry"] = industries[-1]
    sizes, _ = _words(_SIZE.pattern, text)  # "不属于小微企业" says no size
    if sizes:
        data["size"] = _SIZE.match(sizes[-1]).group(1)  # type: ignore[union-attr]
    for name, figure in (("employees", _EMPLOYEES), ("founded_year", _FOUNDED)):
        if found := _stated(figure, text):
            data[name] = int(next(g for g in found.groups() if g).replace(",", "").replace("，", ""))
    if found := _stated(_REVENUE, text):
        number, unit = float(found.group(1).replace(",", "")), found.group(2)
        data["revenue_wan"] = number * 10000 if unit.startswith("亿") else number
    if found := _stated(_RD, text):
        data["rd_ratio"] = float(found.group(1)) / 100
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
        """The enterprise's words when this turn asks which support applies, or replies to a match answer
        (its question answered, or a fact added: "我们有80名员工"); None for any other question."""
        last_answer = next((text for role, text in reversed(history) if role == "assistant"), "")
        if asks_which_apply(question):
            return _replies(history, question)
        if last_answer.startswith(OPENING) and (_reply_statement(last_answer, question)
                                                or (_facts(question) and not _ASKS_BACK.search(question))):
            return _replies(history, question)
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
        except BadInputError:  # a figure out of range ("成立于1700年"), a place the gazetteer does not know
            try:
                profile = profile_from({k: v for k, v in data.items() if k in ("region", "needs")}, today=today)
            except BadInputError:
                return None  # no profile to match: the passages answer
        result = match(profile, self.measures_of(today), k=30, lacking=said.lacking)
        return self._answer(result, _said_in_words(data, said.lacking))

    def _answer(self, result: MatchResult, described: str) -> MatchedAnswer | None:
        """The listed measures, each cited; None when none can be cited: the passages may still say
        something (a national rule, another wording)."""
        shown = [m for m in result.matches if m.verdict != INELIGIBLE][:MAX_LISTED]
        lines = [f"{OPENING}（{described}），已收录文件中{LISTED}"]
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
        if not citations:
            return None
        ineligible = sum(m.verdict == INELIGIBLE for m in result.matches)
        if ineligible:
            lines.append(f"另有 {ineligible} 条措施的条件与贵公司情况不符，可在“政策匹配”页查看。")
        if result.questions:
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
