"""Text -> the Chinese administrative divisions it names (every province, city and county).

The divisions come from cpca's table of administrative codes (a maintained gazetteer shipped in a
PyPI package), so a place is known as a place even when no indexed document is about it.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Level words, longest first; an ethnic autonomous county drops its peoples too ("景宁畲族自治县").
_SUFFIX = re.compile(
    r"(?:[\u4e00-\u9fff]{1,5}?族)*(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|市|县|区|盟|旗)$")
_SHORT_FORMS = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏"}
# Names that are words before they are places: matched only in full ("和平区", never "和平").
_DISTRICT = "区"


@dataclass(frozen=True)
class Place:
    code: str  # 12-digit administrative code: province 2 digits, city 4, county 6, zeros after
    name: str  # full name, e.g. 义乌市

    @property
    def level(self) -> str:
        if self.code[2:].strip("0") == "":
            return "province"
        return "city" if self.code[4:].strip("0") == "" else "county"

    @property
    def stem(self) -> str:
        """How people name it: 义乌市 -> 义乌, 江苏省 -> 江苏 (a name left too short stays whole)."""
        short = _SHORT_FORMS.get(self.name) or _SUFFIX.sub("", self.name)
        return short if len(short) >= 2 else self.name

    def ancestors(self) -> tuple[str, ...]:
        """Codes of the province and city it lies in (not itself)."""
        codes = [self.code[:2] + "0" * 10, self.code[:4] + "0" * 8]
        return tuple(dict.fromkeys(c for c in codes if c != self.code))

    def within(self, other: Place) -> bool:
        """It is `other` or lies inside it."""
        return other.code == self.code or other.code in self.ancestors()


def _table_path() -> Path:
    # find_spec does not run cpca's __init__, which imports pandas and builds its matcher.
    spec = importlib.util.find_spec("cpca")
    if spec is None or spec.origin is None:
        raise RuntimeError("cpca is not installed: pip install -r requirements.txt")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


@cache
def all_places() -> tuple[Place, ...]:
    with _table_path().open(encoding="utf-8") as table:
        return tuple(Place(row["adcode"], row["name"]) for row in csv.DictReader(table))


@cache
def _names() -> tuple[re.Pattern[str], dict[str, tuple[Place, ...]]]:
    """One alternation of every usable name, longest first, and the places each name means."""
    by_name: dict[str, list[Place]] = {}
    for place in all_places():
        if len(place.name) < 3:
            continue  # 和县, 城区: two-character names are words in running text more often than places
        by_name.setdefault(place.name, []).append(place)
        if not place.name.endswith(_DISTRICT) or place.level != "county":
            by_name.setdefault(place.stem, []).append(place)
    names = sorted(by_name, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))), {n: tuple(p) for n, p in by_name.items()}


def _word_tags(text: str) -> dict[int, tuple[int, str]]:
    """jieba's words of the text by start offset: (end offset, part-of-speech tag)."""
    import rjieba  # jieba's dictionary and tags in Rust: import only when called

    words, offset = {}, 0
    for word, tag in rjieba.tag(text, False):
        words[offset] = (offset + len(word), tag)
        offset += len(word)
    return words


def _stands_as_place(name: str, places: tuple[Place, ...], start: int, end: int,
                     words: dict[int, tuple[int, str]], place_word_starts: dict[int, int]) -> bool:
    """A name counts where a word starts ("沿海城市" holds no 海城市); a county's bare stem only as a
    whole word that jieba reads as a place ("共和国" names no 共和县, "惠民政策" no 惠民县)."""
    if start not in words:
        # A full name closing a place word ("上海浦东新区"): the word is the two places together.
        return place_word_starts.get(end, start) < start and any(name == place.name for place in places)
    if any(name == place.name for place in places) or any(place.level != "county" for place in places):
        return True
    return words[start] == (end, "ns")


def place_mentions(text: str) -> list[tuple[re.Match[str], tuple[Place, ...]]]:
    """(where the name stands, the places it may mean) for each place the text names, in order."""
    pattern, meaning = _names()
    matches = list(pattern.finditer(text))
    words = _word_tags(text) if matches else {}
    place_word_starts = {stop: begin for begin, (stop, tag) in words.items() if tag == "ns"}  # by end
    return [(m, meaning[m.group()]) for m in matches
            if _stands_as_place(m.group(), meaning[m.group()], m.start(), m.end(), words, place_word_starts)]


def places_named(text: str) -> list[tuple[str, tuple[Place, ...]]]:
    """(name as written, the places it may mean) for each place the text names, in order."""
    return [(m.group(), places) for m, places in place_mentions(text)]


@cache
def _full_names() -> dict[str, tuple[Place, ...]]:
    by_name: dict[str, list[Place]] = {}
    for place in all_places():
        by_name.setdefault(place.name, []).append(place)
    return {name: tuple(places) for name, places in by_name.items()}


def places_with_full_name(name: str) -> tuple[Place, ...]:
    """The places whose full name this is, two-character ones too (淇县, 和县): for a field that holds a
    place name, where running text's doubts (和县 the word) do not arise."""
    return _full_names().get(name, ())


def place_called(name: str) -> tuple[Place, ...]:
    """The places a full name or stem means ('' or an unknown name: none)."""
    return _names()[1].get(name, ())


@cache
def _by_code() -> dict[str, Place]:
    return {place.code: place for place in all_places()}


def place_with_code(code: str) -> Place | None:
    """The division with that 12-digit code (None: no such code)."""
    return _by_code().get(code)
