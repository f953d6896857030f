"""Counted subjects ("两个国家高新区", "两市", "三个开发区"): which group of bodies a figure is about.

"两个国家高新区…达到5%" and "带动两市…达到3%以上" stand in one paragraph with the same indicator; only the
counted subject tells them apart, and a follow-up "那两个市整体呢？" changes just that.
"""

from __future__ import annotations

import re

_NUMERAL = r"(?:两|二|三|四|五|六|七|八|九|十|\d+)"
_COUNTED = re.compile(rf"^(?P<n>{_NUMERAL})个$")
# A level word right after the numeral: "两市", "两个市", "三个县" (the tagger splits these badly).
_LEVEL = re.compile(rf"(?P<n>{_NUMERAL})个?(?P<noun>[市县区省])(?![场域份级内外委辖])")
_NAMING_TAG = re.compile(r"n[rstz]?$|j$|vn$")
# Nouns that say how much or which part, not what is counted ("两个百分点", "两个市整体").
_NOT_SUBJECT = frozenset("整体 总体 全部 合计 方面 百分点 月 年 季度 阶段 层面 领域".split())


def counted_subjects(text: str) -> list[tuple[str, str]]:
    """(numeral, counted noun) pairs: "甲、乙两个国家高新区" -> [("两", "国家高新区")]."""
    import rjieba  # jieba's words, in Rust: import only when called

    found = [(m.group("n"), m.group("noun")) for m in _LEVEL.finditer(text)]
    levels = {m.start() for m in _LEVEL.finditer(text)}
    words = list(rjieba.tag(text))
    offset = 0
    for index, (word, _) in enumerate(words):
        start, offset = offset, offset + len(word)
        counted = _COUNTED.match(word.strip())
        if not counted or start in levels:
            continue
        noun = ""
        for following, following_tag in words[index + 1:]:
            if not _NAMING_TAG.match(following_tag) or following.strip() in _NOT_SUBJECT:
                break
            noun += following.strip()
        if noun:
            found.append((counted.group("n"), noun))
    return found


def about_other_counted(question: str, sentence: str) -> bool:
    """Does the sentence count another group than the question ("两个国家高新区…" for "两个市…")?
    A sentence that counts nothing with the same numeral is not judged here."""
    for numeral, noun in counted_subjects(question):
        same_numeral = [n for m, n in counted_subjects(sentence) if m == numeral]
        if same_numeral and not any(n.startswith(noun[:1]) and (noun in n or n in noun) for n in same_numeral):
            return True
    return False


def with_counted_swapped(previous: str, aspect: str) -> str | None:
    """The earlier question with its counted subject replaced by the follow-up's ("…两个国家高新区到
    2022年…" + "两个市整体" -> "…两个市到2022年…"); None when either counts nothing."""
    new = counted_subjects(aspect)
    old = counted_subjects(previous)
    if len(new) != 1 or len(old) != 1 or new[0] == old[0]:
        return None
    (numeral, noun), (old_numeral, old_noun) = new[0], old[0]
    pattern = re.compile(rf"{re.escape(old_numeral)}个?{re.escape(old_noun)}")
    if not pattern.search(previous):
        return None
    return pattern.sub(f"{numeral}个{noun}", previous, count=1)
