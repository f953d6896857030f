"""Status notes: an answer drawn from a draft or a lapsed document says so in its text."""

from __future__ import annotations

import dataclasses
import datetime

from assistant.status_notes import status_noted
from assistant.verification import CheckedAnswer, Citation
from core.knowledge import DocumentStatus

TODAY = datetime.date(2026, 12, 3)
IN_FORCE = DocumentStatus(issuer="某市科技局", doc_number="", date="2019-01-01", status="in_force",
                          status_basis="stated", valid_from="2019-01-01", valid_until="2020-12-31",
                          status_quote="本通知自印发之日起施行，有效期至2020年12月31日。")


def _answer(title: str = "某市科技创新券实施办法") -> CheckedAnswer:
    citation = Citation(1, "a.txt", title, "二、标准", "每家企业每年最高20万元。", 0, 12, "doc:00000")
    return CheckedAnswer("每家企业每年最高20万元[1]。", [citation], [], refused=False)


def test_a_lapsed_notice_is_named_as_expired_as_of_today() -> None:
    noted = status_noted(_answer(), lambda doc_id: IN_FORCE if doc_id == "doc" else None, TODAY)
    assert noted.text.endswith("（《某市科技创新券实施办法》有效期至2020-12-31，已失效。）")
    still = status_noted(_answer(), lambda doc_id: IN_FORCE, datetime.date(2020, 6, 1))
    assert still.text == _answer().text


def test_a_draft_is_named_and_an_unread_or_undated_document_adds_nothing() -> None:
    draft = dataclasses.replace(IN_FORCE, status="draft", valid_from="", valid_until="")
    noted = status_noted(_answer("某市建设意见（征求意见稿）"), lambda doc_id: draft, TODAY)
    assert noted.text.endswith("（依据《某市建设意见（征求意见稿）》，为征求意见稿，尚未正式发布。）")
    assert [c.doc_status for c in noted.citations] == ["draft"]
    unknown = dataclasses.replace(IN_FORCE, status="unknown", status_basis="default", valid_from="", valid_until="")
    answer = _answer()
    for status in (unknown, None):  # undated, or never read: no note, and the citation says "unknown"
        unread = status_noted(answer, lambda doc_id, status=status: status, TODAY)
        assert unread.text == answer.text and [c.doc_status for c in unread.citations] == ["unknown"]
