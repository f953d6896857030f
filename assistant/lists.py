"""List questions ("八大行动分别是什么？", "哪五型？", "有哪些…？"): how many items they ask for, and
how many items a source sentence enumerates, so that a list is copied whole from the source.

A small model asked for "the plan's N actions" writes N plausible names; the items must come from
the source's own enumeration instead, and its count is checked against the count the question names.
"""

from __future__ import annotations

import re

from core.numerals import chinese_number

# Said after a copied list shorter than the count the question names (no digits: the figure check
# would look for them in the sources).
SHORT_LIST = "（引用的原文此处列出的项数少于问题所说的数目。）"
_NUMERAL = "[一二三四五六七八九十两]{1,3}|[1-9]\\d?"
_ASKS_LIST = re.compile(
    rf"有哪些|哪些|哪几|分别是什么|分别是|分别为|分别指|指哪|包括什么|包含什么|是什么和什么|哪(?:{_NUMERAL})[个项大类种型家条所座]")
# The count the question names: '八大行动', '哪五型', '五大露天煤矿', '十个重点项目'.
_ASKED_COUNT = re.compile(rf"(?:^|[哪“\"「的])(?P<n>{_NUMERAL})(?:大|个|项|种|型|类|条|家|所|座|张|批)")
# A run of listed items: 甲、乙、丙和丁 (each item a short phrase without punctuation).
_ITEM = r"[^、，,。；;：:！？!?\s“”\"（）()]{1,16}"
_RUN = re.compile(rf"{_ITEM}(?:、{_ITEM})+")
_ORDINAL_ITEMS = re.compile(r"(?:^|[。；;，,])\s*[一二三四五六七八九十]是")
_LAST_JOIN = re.compile(r"(?:和|及|与|以及)(?=[^、]*$)")


def asks_for_list(question: str) -> bool:
    """Does the question ask for the items of an enumeration?"""
    return bool(_ASKS_LIST.search(question))


def asked_count(question: str) -> int | None:
    """How many items the question says there are ('八大行动' -> 8), or None."""
    for match in _ASKED_COUNT.finditer(question):
        number = chinese_number(match.group("n"))
        if number and number >= 2:
            return number
    return None


def listed_count(sentence: str) -> int:
    """How many items the sentence's longest enumeration has ('甲、乙、丙和丁' -> 4; '一是…二是…' -> 2)."""
    runs = [len(run.group().split("、")) + bool(_LAST_JOIN.search(run.group().rsplit("、", 1)[-1]))
            for run in _RUN.finditer(sentence)]
    ordinals = len(_ORDINAL_ITEMS.findall(sentence))
    return max([*runs, ordinals if ordinals >= 2 else 0, 0])
