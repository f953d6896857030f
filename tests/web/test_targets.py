"""web.targets: stored targets -> today's rows, their CSV and the chart's bars."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
from typing import Any

from core.knowledge import COMPARATORS, STATUS_LABELS, STATUSES, TARGET_FIELDS, DocumentStatus, Target
from core.records import DocumentRecord, Filters
from tests.web.conftest import PLAN_FILE
from web.service import AppParts
from web.targets import (
    COMPARATOR_LABELS,
    CONFLICT_MARK,
    TABLE_COLUMNS,
    PlacedTarget,
    baseline_number,
    chart_bars,
    chart_units,
    table_rows,
    targets_csv,
    targets_on,
)

TODAY = datetime.date(2026, 3, 1)


def target(**fields: Any) -> Target:
    given = {"indicator": "高新技术企业", "value": "500家", "number": 500.0, "unit": "家",
             "comparator": "exact", "kind": "level", "target_year": 2025, "baseline_value": None,
             "baseline_year": None, "region": "某县", "source": "plan.txt", "title": "行动计划",
             "section": "一、目标", "doc_status": "in_force", "quote": "高新技术企业500家", "start": 0,
             "end": 10}
    return Target(**{**given, **fields})


def status(state: str = "in_force", **fields: str) -> DocumentStatus:
    given = {"issuer": "", "doc_number": "", "date": "", "status_basis": "stated", "valid_from": "",
             "valid_until": "", "status_quote": ""}
    return DocumentStatus(status=state, **{**given, **fields})


class StoredCatalog:
    """What web.targets reads from vectorstore.catalog.Catalog, held in memory."""

    def __init__(self, texts: dict[str, tuple[str, str]], targets: list[Target],
                 statuses: dict[str, DocumentStatus]) -> None:
        self.texts, self._targets, self._statuses = texts, targets, statuses  # doc id -> (source, text)

    def documents(self) -> list[DocumentRecord]:
        return [DocumentRecord(doc_id=d, path=f"/{d}/{s}", source=s, title="行动计划", clean_text="")
                for d, (s, _) in self.texts.items()]

    def statuses(self) -> dict[str, DocumentStatus]:
        return self._statuses

    def targets(self, filters: Filters | None = None, year: int | None = None) -> list[Target]:
        return [t for t in self._targets if year is None or t.target_year == year]

    def clean_text(self, doc_id: str) -> str | None:
        return self.texts[doc_id][1] if doc_id in self.texts else None


def test_every_status_and_comparator_has_a_label() -> None:
    assert set(STATUS_LABELS) == set(STATUSES)
    assert set(COMPARATOR_LABELS) == set(COMPARATORS)
    assert STATUS_LABELS["draft"] == "征求意见稿" and STATUS_LABELS["expired"] == "已失效"


def test_a_target_gets_todays_status_of_its_document() -> None:
    lapsed = status("in_force", valid_until="2025-12-31", status_quote="有效期至2025年12月31日。")
    catalog = StoredCatalog({"d1": ("plan.txt", "高新技术企业500家")}, [target()], {"d1": lapsed})

    placed = targets_on(catalog, None, None, TODAY)  # type: ignore[arg-type]

    assert placed == [PlacedTarget(1, "d1", target(doc_status="expired"))]
    before = targets_on(catalog, None, None, datetime.date(2025, 6, 1))  # type: ignore[arg-type]
    assert before[0].target.doc_status == "in_force"


def test_two_files_of_one_name_are_told_apart_by_the_quote() -> None:
    catalog = StoredCatalog(
        {"old": ("plan.txt", "高新技术企业300家"), "new": ("plan.txt", "高新技术企业500家")},
        [target(), target(value="300家", number=300.0, quote="高新技术企业300家")],
        {"old": status("repealed"), "new": status("in_force")})

    placed = targets_on(catalog, None, None, TODAY)  # type: ignore[arg-type]

    assert [(p.doc_id, p.target.doc_status) for p in placed] == [("new", "in_force"), ("old", "repealed")]
    assert [p.number for p in placed] == [1, 2]


def test_targets_of_the_real_index_quote_their_documents_exactly(plan_parts: AppParts) -> None:
    placed = plan_parts.service.targets(Filters(document=PLAN_FILE), None, TODAY)

    assert len(placed) >= 5 and {p.target.doc_status for p in placed} == {"expired"}
    for p in placed:
        text = plan_parts.service.clean_text(p.doc_id) or ""
        assert text[p.target.start:p.target.end] == p.target.quote
    assert any(p.target.conflict for p in placed)


def test_csv_has_a_bom_the_target_fields_and_no_formulas() -> None:
    rows = [target(), target(indicator="=HYPERLINK(\"http://x\")", baseline_value="300",
                             baseline_year=2022, number=None, conflict=True, quote="-1+1")]

    content = targets_csv(rows)

    assert content.startswith("\ufeff".encode())
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert parsed[0] == list(TARGET_FIELDS) and len(parsed) == 3
    first, second = (dict(zip(parsed[0], row, strict=True)) for row in parsed[1:])
    assert (first["number"], first["target_year"], first["baseline_value"], first["conflict"]) == \
        ("500", "2025", "", "false")
    assert second["indicator"].startswith("'=") and second["quote"] == "'-1+1"
    assert (second["number"], second["baseline_year"], second["conflict"]) == ("", "2022", "true")


def test_table_rows_are_plain_text_in_the_columns_order() -> None:
    placed = [PlacedTarget(3, "d", target(indicator="<b>企业</b>", baseline_value="300", baseline_year=2022,
                                          comparator="at_least", doc_status="draft", conflict=True))]

    row = dict(zip(TABLE_COLUMNS, table_rows(placed)[0], strict=True))

    assert row["序号"] == 3 and row["指标"] == "<b>企业</b>" and row["比较"] == "不低于"
    assert row["基期"] == "300(2022年)" and row["目标年份"] == "2025"
    assert row["状态"] == "征求意见稿" and row["冲突"] == CONFLICT_MARK and row["文件"] == "行动计划"


def test_baselines_count_only_in_the_targets_unit() -> None:
    assert baseline_number(target(baseline_value="2.8", unit="%")) == 2.8
    assert baseline_number(target(baseline_value="9.9万人", unit="万人")) == 9.9
    assert baseline_number(target(baseline_value="1,200", unit="家")) == 1200.0
    assert baseline_number(target(baseline_value="5000家", unit="万家")) is None
    assert baseline_number(target(baseline_value="较快增长")) is None
    assert baseline_number(target()) is None


def test_chart_bars_pair_each_baseline_with_its_target_by_unit() -> None:
    placed = [PlacedTarget(n, "d", t) for n, t in enumerate([
        target(baseline_value="300", baseline_year=2022),
        target(indicator="研发投入占比", value="3.5", number=3.5, unit="%", baseline_value="2.8",
               baseline_year=2022),
        target(indicator="企业数", value="1000", number=1000.0, baseline_value="600"),
        target(indicator="倍增", value="力争倍增", number=None, baseline_value="220"),
        target(indicator="无基期", unit="%", number=5.0)], 1)]

    assert chart_units(placed) == ["家", "%"]
    bars = chart_bars(placed, "家")
    assert [(b.label, b.series, b.value, b.year) for b in bars] == [
        ("1. 高新技术企业·基期", "基期", 300.0, "2022年"), ("1. 高新技术企业·目标", "目标", 500.0, "2025年"),
        ("3. 企业数·基期", "基期", 600.0, ""), ("3. 企业数·目标", "目标", 1000.0, "2025年")]
    assert [b.value for b in chart_bars(placed, "%")] == [2.8, 3.5]
    assert chart_bars([dataclasses.replace(placed[0], target=target())], "家") == []
