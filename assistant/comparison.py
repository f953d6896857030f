"""Figures bound to what they belong to -> a comparison computed in code, not judged by a model.

"哪个更高 / 一致吗 / 相差多少 / 增长了多少" over two places or years: each side's figure is read from
its own cited sentence, and the verdict is arithmetic on those figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COMPARES = re.compile(r"哪个更|哪个高|哪个低|哪个大|哪个多|哪个少|哪年更|哪一年更|更高|更低|更多|更少|更宽松|更严|"
                       r"一致吗|一样吗|相同吗|是否一致|是否相同|相差|差多少|增长了多少|增加了多少|提高了多少|多了多少|"
                       r"变化|分别是多少|分别为多少|各是多少|各为多少|分别定了|分别有")
_VALUE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(个百分点|[%％‰]|万亿|亿|万|千)?\s*([\u4e00-\u9fff]?)")


@dataclass(frozen=True)
class Side:
    name: str  # the place or year this side is about, as the question names it
    figure: str  # the figure as its source writes it, with unit ("5%", "2500家")
    marker: str  # the citation marker of its sentence ("[1]")
    said: str = ""  # the source's clause that states the figure ("研发投入强度达到5%")


def asks_to_compare(question: str) -> bool:
    return bool(_COMPARES.search(question))


# A figure over several years: not comparable with one year's.
_SPAN = re.compile(r"累计|[两三四五六七八九十\d]年(来|间|内|共|合计|累计)|年均|平均每年|五年|历年")
_SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}


def _magnitude(figure: str) -> tuple[float, str, str] | None:
    """'1.2万家' -> (12000.0, '家', '万'); '5%' -> (5.0, '%', ''); None when it has no number."""
    match = _VALUE.search(figure)
    if not match:
        return None
    word = match.group(2) or ""
    scale = word if word in _SCALES else ""
    unit = word if not scale else match.group(3)
    return float(match.group(1)) * _SCALES.get(scale, 1.0), (unit or "").replace("％", "%"), scale


def _without_own_year(side: Side) -> str:
    """A yearly document's "今年…" said of the side named by that year ("2009年" + "今年拟安排…")."""
    return re.sub(r"^(?:今年|全年|本年)", "", side.said) if side.name.endswith("年") else side.said


def compared(sides: list[Side], question: str) -> str:
    """Each side's figure with its marker, then the verdict computed from them when they share a
    unit: '甲为5%[1]，乙为3.8%[2]。甲高于乙。'. The difference itself is not stated: it is arithmetic,
    not a figure any source gives, and every figure shown must stand in a cited passage."""
    # Each side in the source's own words, one sentence each, so the answer check finds its backing.
    listed = "；".join(f"{side.name}{_without_own_year(side) or '为' + side.figure}{side.marker}"
                      for side in sides) + "。"
    values = [_magnitude(side.figure) for side in sides]
    if len(sides) != 2 or None in values:
        return listed
    (a, unit_a, _), (b, unit_b, _) = values  # type: ignore[misc]
    if unit_a != unit_b:
        return listed + "两者单位不同，不能直接比较。"
    if len({bool(_SPAN.search(side.said)) for side in sides}) == 2:  # "五年累计1.6万亿元" vs "全年5955亿元"
        return listed + "两者统计口径不同（一个是多年累计或年均），不能直接比较。"
    first, second = sides
    if a == b:
        return listed + "两者一致。"
    higher, lower = (first, second) if a > b else (second, first)
    verdict = f"{higher.name}高于{lower.name}。"
    return listed + ("两者不一致，" + verdict if re.search(r"一致|一样|相同", question) else verdict)
