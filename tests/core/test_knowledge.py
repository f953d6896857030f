"""Tests for core.knowledge: the target and status records every layer reads."""

from __future__ import annotations

import dataclasses

import pytest

from core.knowledge import COMPARATORS, STATUS_BASES, STATUSES, TARGET_FIELDS, TARGET_KINDS, DocumentStatus, Target


def _target(**changes: object) -> Target:
    fields = {"indicator": "城镇新增就业", "value": "1200万人以上", "number": 1200.0, "unit": "万人",
              "comparator": "at_least", "kind": "level", "target_year": 2024, "baseline_value": None,
              "baseline_year": None, "region": "全国", "source": "2024.txt", "title": "政府工作报告",
              "section": "二、今年工作任务", "doc_status": "unknown", "quote": "城镇新增就业1200万人以上。",
              "start": 10, "end": 24}
    return Target(**{**fields, **changes})  # type: ignore[arg-type]


def test_target_fields_are_in_the_agreed_order() -> None:
    assert TARGET_FIELDS == (
        "indicator", "value", "number", "unit", "comparator", "kind", "target_year", "baseline_value",
        "baseline_year", "region", "source", "title", "section", "doc_status", "quote", "start", "end", "conflict")


def test_a_target_is_not_in_conflict_unless_marked_and_reads_as_a_dict_in_field_order() -> None:
    target = _target()

    assert target.conflict is False
    assert list(target.as_dict()) == list(TARGET_FIELDS)
    assert target.as_dict()["value"] == "1200万人以上"
    assert _target(conflict=True).as_dict()["conflict"] is True


def test_records_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        _target().value = "1300万人"  # type: ignore[misc]


def test_document_status_reads_as_a_dict() -> None:
    status = DocumentStatus(issuer="国务院", doc_number="国发〔2020〕5号", date="2020-03-01", status="expired",
                            status_basis="stated", valid_from="2020-03-01", valid_until="2020-12-31",
                            status_quote="有效期至2020年12月31日。")

    assert status.as_dict() == {
        "issuer": "国务院", "doc_number": "国发〔2020〕5号", "date": "2020-03-01", "status": "expired",
        "status_basis": "stated", "valid_from": "2020-03-01", "valid_until": "2020-12-31",
        "status_quote": "有效期至2020年12月31日。"}


def test_the_vocabularies_are_the_agreed_ones() -> None:
    assert set(COMPARATORS) == {"about", "at_least", "at_most", "range", "exact", "multiple", "keep"}
    assert set(TARGET_KINDS) == {"level", "growth", "share", "cumulative", "reduction"}
    assert set(STATUSES) == {"in_force", "draft", "expired", "not_yet_effective", "repealed", "unknown"}
    assert set(STATUS_BASES) == {"stated", "inferred", "default"}


def test_the_status_today_follows_the_stored_validity_dates() -> None:
    import datetime

    from core.knowledge import status_on

    stated = DocumentStatus(issuer="某市科技局", doc_number="", date="2024-01-01", status="in_force",
                            status_basis="stated", valid_from="2024-01-01", valid_until="2025-12-31",
                            status_quote="本办法自2024年1月1日起施行，有效期至2025年12月31日。")
    assert status_on(stated, datetime.date(2025, 12, 31)).status == "in_force"
    assert status_on(stated, datetime.date(2026, 1, 1)).status == "expired"
    assert status_on(stated, datetime.date(2023, 12, 31)).status == "not_yet_effective"
    draft = dataclasses.replace(stated, status="draft")
    assert status_on(draft, datetime.date(2026, 1, 1)) == draft
    undated = dataclasses.replace(stated, valid_from="", valid_until="", status="unknown", status_basis="default")
    assert status_on(undated, datetime.date(2026, 1, 1)) == undated


def test_a_review_section_is_decided_by_its_outermost_heading_that_says_past_or_tasks() -> None:
    from core.knowledge import in_review_section

    assert in_review_section(("一、过去五年工作回顾", "七是坚定不移扩大对外开放"))
    assert in_review_section(("一、发展基础",))
    assert not in_review_section(("二、2010年主要任务", "（三）加大统筹城乡发展力度，强化农业农村发展基础"))
    assert not in_review_section(("一、2021年工作回顾和2022年工作要求",))
    assert not in_review_section(("三、保障措施",))
