"""Facts read out of one policy document: its quantified targets and its legal status."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace

COMPARATORS = ("about", "at_least", "at_most", "range", "exact", "multiple", "keep")
TARGET_KINDS = ("level", "growth", "share", "cumulative", "reduction")
STATUSES = ("in_force", "draft", "expired", "not_yet_effective", "repealed", "unknown")
STATUS_BASES = ("stated", "inferred", "default")
# A heading over past work ("一、过去五年工作回顾", "发展基础"): its figures are results, not targets,
# unless the heading also sets tasks ("…回顾和今年的工作要求").
_PAST_HEADING = re.compile(r"回顾|成就|成效|亮点|发展基础|现实基础|工作基础|发展现状|基本情况|过去|总结|进展情况")
_FORWARD_HEADING = re.compile(r"任务|目标|要求|部署|建议|打算|思路|重点|计划|安排")
STATUS_LABELS = {"in_force": "现行有效", "draft": "征求意见稿", "expired": "已失效",
                 "not_yet_effective": "尚未生效", "repealed": "已废止", "unknown": "未知"}


@dataclass(frozen=True)
class Target:
    """One quantified commitment: `quote == clean_text[start:end]` and `value` (and
    `baseline_value`, when set) are substrings of `quote`."""

    indicator: str  # as written, e.g. 城镇新增就业
    value: str  # as written, e.g. 5%左右, 6.5%－7%, 力争倍增
    number: float | None  # the first figure of `value`; None when it has none (倍增)
    unit: str  # %, 家, 万人, 亿元; the magnitude (万/亿) stays in the unit, not the number
    comparator: str  # one of COMPARATORS
    kind: str  # one of TARGET_KINDS
    target_year: int | None
    baseline_value: str | None  # as written, only when the document states it
    baseline_year: int | None
    region: str
    source: str
    title: str
    section: str  # heading path, " > "-joined
    doc_status: str
    quote: str
    start: int
    end: int
    conflict: bool = False  # the document gives another value for this indicator and year

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


TARGET_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Target))


@dataclass(frozen=True)
class DocumentStatus:
    """Whether a document is in force, and the words that say so (`status_quote`, "" by default)."""

    issuer: str
    doc_number: str  # 文号, e.g. 国发〔2020〕5号; "" when absent
    date: str  # ISO yyyy-mm-dd or ""
    status: str  # one of STATUSES
    status_basis: str  # one of STATUS_BASES
    valid_from: str  # yyyy-mm-dd, only when stated or exactly derived; else ""
    valid_until: str
    status_quote: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def status_on(status: DocumentStatus, today: datetime.date) -> DocumentStatus:
    """The status as of `today`, from the stored validity dates: a notice valid until a day now past
    is expired, one whose start has come is in force. Drafts and repealed documents stay as they are;
    so does a status without dates (it is re-read when the document is ingested again)."""
    if status.status in ("draft", "repealed") or not (status.valid_from or status.valid_until):
        return status
    day = today.isoformat()
    if status.valid_until and day > status.valid_until:
        return replace(status, status="expired")
    if status.valid_from and day < status.valid_from:
        return replace(status, status="not_yet_effective")
    return replace(status, status="in_force")


def status_label(status: str) -> str:
    """A status in the words a portal visitor reads (未知 for anything unknown)."""
    return STATUS_LABELS.get(status, STATUS_LABELS["unknown"])


def in_review_section(headings: Sequence[str]) -> bool:
    """Is the text under a heading of past work that sets no tasks? The outermost heading that says
    either decides: "二、2010年主要任务 > （三）…强化农业农村发展基础" sets tasks."""
    for heading in headings:
        if _FORWARD_HEADING.search(heading):
            return False
        if _PAST_HEADING.search(heading):
            return True
    return False
