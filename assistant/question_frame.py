"""A question -> its frame (places, years, documents it names); a follow-up + history -> a standalone question.

An elliptical follow-up ("那X县呢？", "2015年呢？", "第二年的报告呢？", "人才这块呢？") keeps the previous
question and changes only what it names anew, so the answer does not depend on a small model's rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.counted import with_counted_swapped
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
_ASKING = re.compile(r"多少|多大|多高|几[个家项名所件次]?|哪些|哪几|什么|怎样|如何|是否|吗")
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
    "十四五 十三五 十二五 十一五 十四 四五 十三 三五 十二 二五 十一 一五 五年 规划 相差 差别 区别 不同 涉及 "
    "几家 几个 几项 几名 几所 分别是 多长 时间 多久 大约 大概 约 最高 最低 更高 更低 "
    "全县 全市 全省 全区 全国 本县 本市 本省 我县 我市 我省".split())


def indicator_words(question: str) -> list[str]:
    """What the question asks about, without its frame: "某市到2027年高新技术企业要达到多少家" ->
    高新, 技术, 企业, 高新技术 (places, years, documents and question words left out). Only the
    clause that asks counts: in "某示范区建设，省级财政每年安排多少专项资金" the figure is about
    专项资金, not about the 示范区 that frames it."""
    frame = frame_of(question)
    clauses = [c for c in re.split(r"[，,；;。？?！!]", question) if c.strip()]
    asking = next((c for c in reversed(clauses) if _ASKING.search(c)), question)
    words = _content_words(asking, frame)
    # "…分别是多少？相差多少？", "涉及多少户？": a clause that asks names too little on its own.
    return words if len(words) >= 2 else _content_words(question, frame)


# Words that say how an indicator is measured, not which one it is: "广义货币增长" and "国内生产总值
# 增长" share 增长 and nothing else.
MEASURE_WORDS = frozenset("增长 提高 下降 降低 减少 增加 比重 比例 占比 总数 总量 数量 规模 人数 个数 年均 "
                          "累计 新增 达到 控制 预期 平均 金额 标准".split())
# Indicators written two ways in official texts: a head word also matches its other spellings.
_SPELLINGS = (("GDP", "国内生产总值", "地区生产总值"), ("R&D", "研发", "研究与试验发展"), ("M2", "广义货币"),
              ("CPI", "居民消费价格"), ("高企", "高新技术企业"))


def spellings_of(word: str) -> tuple[str, ...]:
    """The word and its other spellings ("GDP" -> GDP, 国内生产总值, 地区生产总值)."""
    return next((group for group in _SPELLINGS if word.upper() in group or word in group), (word,))


# jieba's part-of-speech tags of words that can name what is counted: nouns, verbal nouns,
# abbreviations, Latin (GDP, M2); verbs ("投入多少") ask how, not what.
_NAMING_TAG = re.compile(r"n|vn$|eng$|j$")
# Tags of the words that ask how (要, 累计, 达到, 了; one-character 新), kept before a question word;
# others name what.
_ASKING_TAG = re.compile(r"v[dig]?$|d$|u[lz]$")
_UNIT_WORDS = frozenset("家 个 项 名 人 所 件 次 元 万元 亿元 万 亿 户 平方米 亩 吨".split())


def indicator_heads(question: str) -> tuple[tuple[str, ...], ...]:
    """The words that name what the asked figures count: per conjunct of the asking clause
    ("实施多少农业科技项目、引进多少新技术"), the run of nouns next to its question word — after it
    ("安排多少专项资金" -> 专项资金), else before it ("科技风险投资基金规模有多大" -> 科技, 风险投资, 基金);
    () when there are none. A run's last word is its head."""
    frame = frame_of(question)
    clauses = [c for c in re.split(r"[，,；;。？?！!]", question) if c.strip()]
    for clause in reversed([c for c in clauses if _ASKING.search(c)] or [question]):
        for element in (*frame.documents, *frame.places, *(f"{y}年" for y in frame.years)):
            clause = clause.replace(element, " ")
        heads = tuple(tuple(run) for part in re.split(r"[、和及]|以及", clause) if (run := _heads_of(part)))
        if heads:
            return heads
    return ()


def _heads_of(part: str) -> list[str]:
    """The last run of naming words after the question word, else before it."""
    import rjieba  # jieba's words, in Rust: import only when called

    asked = _ASKING.search(part)
    before, after = (part[:asked.start()], part[asked.end():]) if asked else (part, "")
    for side in (after, before):
        runs: list[list[str]] = [[]]
        for word, tag in rjieba.tag(side):
            word = word.strip()
            if not _NAMING_TAG.match(tag):
                if runs[-1] and tag != "x":  # a verb or particle ends the run; "&" in "R&D" does not
                    runs.append([])
            elif len(word) >= 2 and word not in _NOT_INDICATOR and word not in MEASURE_WORDS \
                    and word not in _UNIT_WORDS and not _ASKING.search(word):
                runs[-1].append(word)
        if last := next((run for run in reversed(runs) if run), None):
            return last
    return []


def _content_words(text: str, frame: Frame) -> list[str]:
    for element in (*frame.documents, *frame.places, *(f"{y}年" for y in frame.years)):
        text = text.replace(element, " ")
    return [t for t in dict.fromkeys(tokenize(text))
            if t not in _NOT_INDICATOR and len(t) > 1 and not t.isdigit()]


def leans_on_history(question: str) -> bool:
    """An elliptical follow-up: it only makes sense with the question before. So does a question
    that asks for a figure and names nothing it could be of ("到2025年要达到多少？")."""
    return bool(_LEANS_ON_HISTORY.search(question)) or len(question.strip()) <= _SHORT // 2 or \
        (bool(_ASKING.search(question)) and not _content_words(question, frame_of(question)))


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
    if new.places or new.years:  # the earlier question named no such element
        if _ASKING.search(question) and len(_content_words(question, new)) >= 2:
            # "那发明专利授权量到2015年要达到多少件？" asks in full: only the earlier frame is missing.
            missing = [p for p in old.places if p not in question] + \
                ([] if new.documents or new.document_years else [*old.documents, *_document_references(previous)])
            return "".join(missing) + re.sub(r"^(?:那么?|还有)", "", question)
        return f"{aspect}{previous}"  # add it in front
    if not aspect:
        return previous
    if (swapped := with_counted_swapped(previous, aspect)) is not None:  # "两个国家高新区" -> "两个市"
        return swapped
    if (swapped := _swap_kindred(previous, aspect, old)) is not None:
        return swapped
    if _REFERS_BACK.search(question):  # "中央财政为此安排了多少？": asked of the earlier topic
        return f"{previous.rstrip('？?。 ')}，{question}"  # one question: only the new one is asked
    # Another aspect of the same frame: the earlier places, years and documents, the new aspect,
    # and what the earlier question asked of its own ("要新引进多少").
    framing = "".join((*old.places, *(f"{y}年" for y in old.years if y not in old.document_years),
                       *old.documents, *_document_references(previous)))
    asking = "" if _ASKING.search(aspect) else _asking_part(previous, old)
    return f"{framing}{aspect}{asking}？"


def _document_references(question: str) -> list[str]:
    """The yearly documents a question names, as written ("2011年政府工作报告")."""
    return [m.group().lstrip("的") for m in _DOCUMENT_YEAR.finditer(question)]


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
    """What the last clause of a question asks, without what it asks about: the verbs before its
    question word and the word itself ("…的比重要达到多少？" -> "要达到多少", "要新引进多少行业领军人才"
    -> "要新引进多少"); the nouns name the earlier aspect, which the new one replaces."""
    import rjieba  # jieba's words, in Rust: import only when called

    clause = re.split(r"[，,：:；;]", question.rstrip("？?。 "))[-1]
    for year in frame.years:
        clause = re.sub(rf"(?:到|至|在)?{year}年(?:底|末)?", "", clause)
    asked = list(_ASKING.finditer(clause))
    if not asked:
        return ""
    words = rjieba.tag(clause[:asked[-1].start()])
    kept: list[str] = []
    for word, tag in reversed(words):
        if not (_ASKING_TAG.match(tag) or (tag == "a" and len(word) == 1)) or word in frame.places:
            break
        kept.insert(0, word)
    return re.sub(r"^[到在于和、与及，,\s]+", "", "".join(kept)) + asked[-1].group()


def _replace_all(text: str, old: Sequence[str], new: Sequence[str]) -> str:
    """The first old element becomes the first new one, and so on; extra old ones go when the
    new question names fewer ("嘉兴和丽水…" -> "衢州呢" keeps only 衢州)."""
    for index, element in enumerate(old):
        last = index == len(old) - 1
        replacement = "".join(new[index:]) if last else (new[index] if index < len(new) else "")
        text = text.replace(element, replacement)
    return _DANGLING.sub("", text)
