"""A question -> its frame (places, years, documents it names); a follow-up + history -> a standalone question.

An elliptical follow-up ("那X县呢？", "2015年呢？", "第二年的报告呢？", "人才这块呢？") keeps the previous
question and changes only what it names anew, so the answer does not depend on a small model's rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.gazetteer import places_named
from core.tokens import tokenize

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年)")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_DOCUMENT = re.compile(r"《[^《》]{2,60}》")
# A year that names a yearly document ("2014年政府工作报告", "2022年工作思路"): the document of that
# year, not a year inside some other document.
_DOCUMENT_YEAR = re.compile(r"((?:(?:19|20)\d\d\s*年(?:度)?\s*[和、与及]?\s*)+)(?:的)?(?:[^\s，,。？?]{0,6}?)"
                            r"(?:工作报告|工作思路|工作要点|工作计划|工作总结|报告)")
# "第二年", "次年", "下一年", "上一年", "前一年": a year counted from the previous question's.
_RELATIVE_YEAR = {"第二年": 1, "次年": 1, "下一年": 1, "后一年": 1, "上一年": -1, "前一年": -1}
_RELATIVE = re.compile("|".join(_RELATIVE_YEAR))
# Words that point at what the earlier question named: the new question is about the same thing.
_REFERS_BACK = re.compile(r"他们|它们|该[市县区省项]|上述|同期|为此|此项|这项|这些|其中")
# Words that make a short question lean on the one before: 那/那么 at the start, 呢 at the end,
# 换成…, 这块/这方面, and pronouns for what was named before.
_LEANS_ON_HISTORY = re.compile(r"^(?:那么?|换成|如果是|改成|还有)|呢\s*[？?]?\s*$|这块|这方面|这一块|"
                               + _REFERS_BACK.pattern)
_FILLER = re.compile(r"^(?:那么?|换成|如果是|改成|还有)|呢|这块|这方面|这一块|[的？?，,。\s]")
_ASKING = re.compile(r"多少|几[个家项名所件次]?|哪些|哪几|什么|怎样|如何|是否|吗")
# A conjunction left with nothing to join once a place was dropped ("嘉兴和的目标").
_DANGLING = re.compile(r"^[和、与及]+|[和、与及]+(?=[和、与及的，,。？?]|$)")
_SHORT = 16  # characters: a follow-up this short names at most one new element


@dataclass(frozen=True)
class Frame:
    places: tuple[str, ...]  # as written, in order
    years: tuple[str, ...]  # '2025'
    documents: tuple[str, ...]  # 《title》 references
    document_years: tuple[str, ...] = ()  # years that name a yearly document ("2014年政府工作报告")


def frame_of(question: str) -> Frame:
    """What the question names: places, years and documents."""
    places = tuple(dict.fromkeys(name for name, _ in places_named(question)))
    years = tuple(dict.fromkeys(_YEAR.findall(question)))
    return Frame(places, years, tuple(dict.fromkeys(_DOCUMENT.findall(question))),
                 tuple(dict.fromkeys(y for run in _DOCUMENT_YEAR.findall(question) for y in _YEAR_DIGITS.findall(run))))


# Words that frame or ask, not what is asked about: "目标是多少" names no indicator.
_NOT_INDICATOR = frozenset(
    "省 市 县 区 年 月 要 达到 达 计划 提高 多少 什么 目标 要求 政策 文件 里 方面 主要 有 哪些 哪个 哪 几 "
    "分别 现在 今年 当年 当前 提出 规定 预期 力争 报告 政府 政府工作报告 工作 工作报告 怎样 如何 是否 "
    "能 可以 给 定 定在 定为 安排 拟 预计 计划 多大 多高 多长 规模 水平 情况 内容 具体 一样 一致 相同 更 高 "
    "哪年 时候 什么时候 何时 期间 时期 左右 以上 以下 整体 全部 各 每 每年 其中 "
    "十四五 十三五 十二五 十一五 五年 规划".split())


def indicator_words(question: str) -> list[str]:
    """What the question asks about, without its frame: "某市到2027年高新技术企业要达到多少家" ->
    高新, 技术, 企业, 高新技术 (places, years, documents and question words left out). Only the
    clause that asks counts: in "某示范区建设，省级财政每年安排多少专项资金" the figure is about
    专项资金, not about the 示范区 that frames it."""
    frame = frame_of(question)
    clauses = [c for c in re.split(r"[，,；;。？?！!]", question) if c.strip()]
    text = next((c for c in reversed(clauses) if _ASKING.search(c)), question)
    for element in (*frame.documents, *frame.places, *(f"{y}年" for y in frame.years)):
        text = text.replace(element, " ")
    return [t for t in dict.fromkeys(tokenize(text))
            if t not in _NOT_INDICATOR and len(t) > 1 and not t.isdigit()]


def leans_on_history(question: str) -> bool:
    """An elliptical follow-up: it only makes sense with the question before."""
    return bool(_LEANS_ON_HISTORY.search(question)) or len(question.strip()) <= _SHORT // 2


def standalone_question(question: str, history: Sequence[tuple[str, str]]) -> str:
    """The follow-up as a question of its own: each earlier user turn resolved in order, then this one."""
    previous = ""
    for role, text in history:
        if role == "user" and text.strip():
            previous = _resolved(text.strip(), previous)
    return _resolved(question.strip(), previous)


def _resolved(question: str, previous: str) -> str:
    if not previous or not leans_on_history(question):
        return question
    old, new = frame_of(previous), frame_of(question)
    changed = previous
    if new.places and old.places:
        changed = _replace_all(changed, old.places, new.places)
    if new.years and old.years:
        changed = _replace_all(changed, old.years, new.years)
    relative = _RELATIVE.search(question)
    if relative and old.years and not new.years:
        shifted = str(int(old.years[0]) + _RELATIVE_YEAR[relative.group()])
        changed = changed.replace(old.years[0], shifted)
    if changed != previous:
        return changed
    aspect = _FILLER.sub("", question)
    if new.places or new.years:  # the earlier question named no such element: add it in front
        return f"{aspect}{previous}"
    if not aspect:
        return previous
    if (swapped := _swap_kindred(previous, aspect, old)) is not None:
        return swapped
    if _REFERS_BACK.search(question):  # "中央财政为此安排了多少？": asked of the earlier topic
        return f"{previous.rstrip('？?。 ')}，{question}"  # one question: only the new one is asked
    # Another aspect of the same frame: the earlier places, years and documents, the new aspect,
    # and what the earlier question asked of its own ("要新引进多少").
    framing = "".join((*old.places, *(f"{y}年" for y in old.years), *old.documents))
    asking = "" if _ASKING.search(aspect) else _asking_part(previous, old)
    return f"{framing}{aspect}{asking}？"


def _swap_kindred(previous: str, aspect: str, frame: Frame) -> str | None:
    """The earlier question with its term of the same kind as the new aspect swapped for it: kind
    shows in the last word ("顶尖人才" for "领军人才", "科技型中小企业" for "高新技术企业"); None when
    no earlier term shares the aspect's last word."""
    import rjieba  # jieba's words, in Rust: import only when called

    words = [w for w in rjieba.cut(previous, False)]
    head = [w for w in rjieba.cut(aspect, False)][-1:]
    if not head or len(head[0]) < 2 or aspect in previous or head[0] in _NOT_INDICATOR:
        return None
    framing = {*frame.places, *frame.documents}
    for index in range(len(words) - 1, -1, -1):
        if words[index] == head[0] and index > 0 and words[index - 1] not in framing \
                and len(words[index - 1]) >= 2 and not _ASKING.search(words[index - 1]):
            return "".join(words[:index - 1]) + aspect + "".join(words[index + 1:])
    return None


def _asking_part(question: str, frame: Frame) -> str:
    """The last clause of a question up to its question word, without the frame's elements:
    "某市到2027年要累计认定多少家高新技术企业？" -> "要累计认定多少"."""
    clause = re.split(r"[，,：:；;]", question.rstrip("？?。 "))[-1]
    asked = list(_ASKING.finditer(clause))
    part = clause[:asked[-1].end()] if asked else ""
    for element in (*frame.documents, *frame.places):
        part = part.replace(element, "")
    for year in frame.years:
        part = re.sub(rf"(?:到|至|在)?{year}年(?:底|末)?", "", part)
    return re.sub(r"^[到在于的和、与及，,\s]+", "", part)


def _replace_all(text: str, old: Sequence[str], new: Sequence[str]) -> str:
    """The first old element becomes the first new one, and so on; extra old ones go when the
    new question names fewer ("嘉兴和丽水…" -> "衢州呢" keeps only 衢州)."""
    for index, element in enumerate(old):
        last = index == len(old) - 1
        replacement = "".join(new[index:]) if last else (new[index] if index < len(new) else "")
        text = text.replace(element, replacement)
    return _DANGLING.sub("", text)
