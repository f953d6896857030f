"""Stored targets and document statuses -> today's view of them: the rows of /api/targets and of the
规划指标 tab, their CSV and the bars of the tab's chart."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from core.knowledge import TARGET_FIELDS, DocumentStatus, Target, status_label, status_on
from core.records import Filters
from vectorstore.catalog import Catalog
from web.exports import csv_bytes

# One label for each of core.knowledge.STATUSES and COMPARATORS (tests/web/test_targets.py checks).
COMPARATOR_LABELS = {"about": "左右", "at_least": "不低于", "at_most": "不高于", "range": "区间",
                     "exact": "达到", "multiple": "倍增", "keep": "保持"}
TABLE_COLUMNS = ("序号", "指标", "目标值", "单位", "比较", "目标年份", "基期", "地区", "文件", "章节",
                 "状态", "冲突")
CONFLICT_MARK = "⚠ 有冲突"
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class PlacedTarget:
    """A stored target with its document's status as of today, and the document it was read from."""

    number: int  # its row in the list it was shown in, from 1: the table's 序号 and the chart's label
    doc_id: str
    target: Target


def statuses_on(catalog: Catalog, today: datetime.date) -> dict[str, DocumentStatus]:
    """Each document's status as of `today`, by doc id."""
    return {doc_id: status_on(status, today) for doc_id, status in catalog.statuses().items()}


def targets_on(catalog: Catalog, filters: Filters | None, year: int | None,
               today: datetime.date) -> list[PlacedTarget]:
    """The stored targets that pass `filters` and `year`, each with today's status of its document."""
    statuses = statuses_on(catalog, today)
    by_source: dict[str, list[str]] = defaultdict(list)
    for document in catalog.documents():
        by_source[document.source].append(document.doc_id)
    texts: dict[str, str | None] = {}

    def quoted_in(doc_id: str, target: Target) -> bool:
        if doc_id not in texts:
            texts[doc_id] = catalog.clean_text(doc_id)
        text = texts[doc_id]
        return text is not None and text[target.start:target.end] == target.quote

    placed = []
    for number, target in enumerate(catalog.targets(filters, year), 1):
        # A target names its document by file name; two files of one name are told apart by the quote.
        candidates = by_source.get(target.source, [])
        doc_id = next((d for d in candidates if len(candidates) == 1 or quoted_in(d, target)), "")
        status = statuses.get(doc_id)
        placed.append(PlacedTarget(number, doc_id, replace(target, doc_status=status.status)
                                   if status else target))
    return placed


def targets_csv(targets: Sequence[Target]) -> bytes:
    """A header of TARGET_FIELDS, then a row per target; UTF-8 with a BOM, so Excel reads Chinese."""
    return csv_bytes(TARGET_FIELDS, ([getattr(t, name) for name in TARGET_FIELDS] for t in targets))


def _baseline_text(target: Target) -> str:
    if target.baseline_value is None:
        return ""
    return target.baseline_value + (f"({target.baseline_year}年)" if target.baseline_year else "")


def table_rows(placed: Sequence[PlacedTarget]) -> list[list[Any]]:
    """The 规划指标 table, one row per target in TABLE_COLUMNS' order; every cell is plain text."""
    return [[p.number, t.indicator, t.value, t.unit, COMPARATOR_LABELS.get(t.comparator, t.comparator),
             str(t.target_year or ""), _baseline_text(t), t.region, t.title or t.source, t.section,
             status_label(t.doc_status), CONFLICT_MARK if t.conflict else ""]
            for p in placed for t in (p.target,)]


def baseline_number(target: Target) -> float | None:
    """The stated baseline as a number in the target's unit; None when there is none, or when its
    own unit differs ('5000家' against a target in 万家)."""
    match = _FIGURE.search(target.baseline_value or "")
    if match is None:
        return None
    unit = (target.baseline_value or "")[match.end():].strip()
    if unit and unit != target.unit:
        return None
    return float(match.group().replace(",", ""))


def _chartable(placed: Sequence[PlacedTarget]) -> list[PlacedTarget]:
    return [p for p in placed if p.target.number is not None and baseline_number(p.target) is not None]


def chart_units(placed: Sequence[PlacedTarget]) -> list[str]:
    """The units of the targets that can be charted (a number and a baseline), most targets first."""
    counts = Counter(p.target.unit for p in _chartable(placed))
    return [unit for unit, _ in counts.most_common()]


@dataclass(frozen=True)
class Bar:
    label: str  # unique per bar: the row's 序号, indicator and which value it is
    indicator: str
    series: str  # 基期 or 目标
    value: float
    year: str


def chart_bars(placed: Sequence[PlacedTarget], unit: str) -> list[Bar]:
    """For each target in `unit` with a number and a baseline: its baseline bar, then its target bar."""
    bars = []
    for p in _chartable(placed):
        t = p.target
        if t.unit != unit or t.number is None:
            continue
        baseline = baseline_number(t)
        if baseline is None:  # _chartable keeps only targets that have one
            continue
        for series, value, year in (("基期", baseline, t.baseline_year), ("目标", t.number, t.target_year)):
            bars.append(Bar(f"{p.number}. {t.indicator}·{series}", t.indicator, series, value,
                            f"{year}年" if year else ""))
    return bars
