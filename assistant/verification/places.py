"""A question + evidence -> the passages from documents about the places the question names."""

from __future__ import annotations

from collections.abc import Sequence

from core.gazetteer import places_named
from core.places import region_stem
from core.records import Evidence

_PROVINCE_LEVEL = ("省", "自治区", "中国", "全国")


def local_places(evidence: Evidence, *, min_chars: int) -> set[str]:
    """The sub-provincial places a passage's document is about (none for a provincial policy,
    which applies to every place in the province)."""
    return {region_stem(r) for r in (evidence.document.regions or (evidence.document.region,))
            if r and not r.endswith(_PROVINCE_LEVEL) and len(region_stem(r)) >= min_chars}


def passages_for_named_places(question: str, evidence: Sequence[Evidence], *, min_chars: int) -> set[int]:
    """1-based numbers of the passages an answer may cite. When the question names a place that
    some passage's document is about ("某市…"), passages from documents about other places only
    ("某县…") are left out; provincial documents and questions naming no such place keep all."""
    places = [local_places(e, min_chars=min_chars) for e in evidence]
    named = {p for ps in places for p in ps if p in question}
    return {n for n, ps in enumerate(places, 1) if not named or not ps or ps & named}


def about_another_of_its_places(sentence: str, asked: Sequence[str], evidence: Evidence) -> bool:
    """In a document about several places ("甲市、乙市…示范区"), does the sentence name one of the
    document's other places and none of the asked ones ("支持甲市…" when 乙市 is asked)? Its
    figures and items are that place's."""
    own = {region_stem(r) for r in (*evidence.document.regions, evidence.document.region) if r}
    wanted = {region_stem(a) for a in asked}
    if len(own) < 2 or not wanted & own:
        return False
    named = {region_stem(name) for name, _ in places_named(sentence)}
    return bool(named & (own - wanted)) and not named & wanted
