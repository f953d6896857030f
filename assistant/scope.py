"""A question's frame + the indexed documents + evidence -> what it names that no document covers.

A question about a place, year or document the index does not cover gets a plain "not in the
documents" and what the documents do cover, never another place's or year's figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.question_frame import Frame
from core.gazetteer import Place, place_called
from core.records import DocumentRecord, Evidence, Filters
from core.text import bigrams, share_of

_YEAR = re.compile(r"(?:19|20)\d\d")
# A 《title》 the question names matches an indexed title sharing this much of its wording.
_TITLE_MATCH = 0.6
_MAX_LISTED = 8  # places named in the "what the documents cover" line


@dataclass(frozen=True)
class Uncovered:
    names: tuple[str, ...]  # what the question names that no document covers
    covered: str  # what the documents do cover, as a clause


def _places_of(names: Sequence[str]) -> set[str]:
    return {place.code for name in names for place in place_called(name)}


def _place_covered(name: str, documents: Sequence[DocumentRecord], evidence: Sequence[Evidence]) -> bool:
    """A document is about the place (its main or listed regions), or a retrieved passage or title
    names it. A document about a place inside it does not cover it: a county's figures are not
    its city's."""
    asked: tuple[Place, ...] = place_called(name)
    stems = {name, *(p.stem for p in asked), *(p.name for p in asked)}
    codes = {p.code for p in asked}
    for document in documents:
        if codes & _places_of((document.region, *document.regions)):
            return True
    return any(stem in f"{e.document.title}{e.section_path}{e.chunk.context}{e.chunk.text}"
               for e in evidence for stem in stems)


def _year_covered(year: str, documents: Sequence[DocumentRecord], evidence: Sequence[Evidence]) -> bool:
    return any(year in f"{d.title}{d.date[:4]}" for d in documents) or any(
        year in f"{e.document.title}{e.section_path}{e.chunk.context}{e.chunk.text}" for e in evidence)


def _yearly_document_covered(year: str, documents: Sequence[DocumentRecord]) -> bool:
    """Some document is that year's ("2014年政府工作报告"): its title or date names the year."""
    return any(year in d.title or d.date.startswith(year) for d in documents)


def _document_covered(reference: str, documents: Sequence[DocumentRecord]) -> bool:
    wanted = bigrams(reference.strip("《》"))
    return any(share_of(wanted, bigrams(d.title), empty=0.0) >= _TITLE_MATCH for d in documents)


def uncovered(frame: Frame, documents: Sequence[DocumentRecord], evidence: Sequence[Evidence]) -> Uncovered | None:
    """What the question names that neither the index's documents nor the retrieved passages
    cover; None when everything is covered."""
    missing = [*(p for p in frame.places if not _place_covered(p, documents, evidence)),
               *(f"{y}年的文件" for y in frame.document_years if not _yearly_document_covered(y, documents)),
               *(f"{y}年" for y in frame.years
                 if y not in frame.document_years and not _year_covered(y, documents, evidence)),
               *(d for d in frame.documents if not _document_covered(d, documents))]
    if not missing:
        return None
    return Uncovered(tuple(missing), covered_summary(documents))


def covered_summary(documents: Sequence[DocumentRecord]) -> str:
    """'现有文件涉及：甲县、乙市；年份：2013年至2015年' from the documents' regions and dates."""
    regions = list(dict.fromkeys(d.region for d in documents if d.region))
    years = sorted({y for d in documents for y in _YEAR.findall(f"{d.date[:4]} {d.title}")})
    parts = []
    if regions:
        listed = "、".join(regions[:_MAX_LISTED]) + ("等" if len(regions) > _MAX_LISTED else "")
        parts.append(f"涉及{listed}")
    if years:
        parts.append(f"年份为{years[0]}年" if len(years) == 1 else f"年份在{years[0]}年至{years[-1]}年之间")
    return "现有文件" + "，".join(parts) + "。" if parts else ""


def scope_answer(gap: Uncovered) -> str:
    """The plain answer for a question outside the documents."""
    return f"现有文件中没有找到关于{'、'.join(gap.names)}的内容。{gap.covered}"


def document_filters(frame: Frame, documents: Sequence[DocumentRecord]) -> list[Filters]:
    """One filter per yearly document the question names and the index holds, in the order named;
    none when it names none (the whole index is searched)."""
    filters = []
    for year in frame.document_years:
        for document in documents:
            if year in document.title or document.date.startswith(year):
                filters.append(Filters(document=document.doc_id))
    return filters

