"""web.handlers: a question streams into chat, evidence panel and status; feedback; catalog views;
the 规划指标 tab (filters, table, CSV, a row's quote, chart)."""

from __future__ import annotations

import dataclasses
import datetime
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from assistant.backends import BACKENDS
from tests.app_server import SUBSIDY_Q
from tests.web.conftest import PLAN_FILE
from web.api import targets_response
from web.handlers import (
    CONFLICT_STYLE,
    Turn,
    backend_label,
    catalog_views,
    chat_messages,
    make_feedback,
    make_respond,
    make_target_detail,
    regenerate_input,
    target_chart,
    target_choices,
    targets_view,
)
from web.rendering import EMPTY_TARGET
from web.schemas import TargetQuery
from web.service import AppParts
from web.targets import CONFLICT_MARK, TABLE_COLUMNS

CLIENT = SimpleNamespace(client=SimpleNamespace(host="192.0.2.1"))  # what gr.Request offers


def _answer(parts: AppParts, question: str, turns: list[Turn] | None = None) -> list[tuple[Any, ...]]:
    respond = make_respond(parts)
    return list(respond(question, turns or [], "", "", CLIENT))


def test_backend_labels_come_from_the_registry() -> None:
    assert {name: backend_label(name) for name in BACKENDS} == {n: b.label for n, b in BACKENDS.items()}
    assert backend_label("someday") == "someday"


def test_a_question_shows_its_sources_then_the_cited_answer(parts: AppParts) -> None:
    updates = _answer(parts, SUBSIDY_Q)

    assert "正在检索" in updates[0][4]
    chat, panel, turns, copy_text, status = updates[-1]
    turn = turns[-1]
    assert isinstance(turn, Turn) and turn.question == SUBSIDY_Q and "50%" in turn.result.answer
    assert chat[-1]["role"] == "assistant" and 'class="cite"' in chat[-1]["content"]
    assert "msg-sources" in chat[-1]["content"] and 'id="src-1-' in panel
    assert BACKENDS["extractive"].label in status and f'data-answer="{turn.id}"' in status
    assert "50%" in copy_text and "来源:" in copy_text and "lanxi_subsidy.txt" in copy_text


def test_a_follow_up_sends_the_earlier_turns_as_history(parts: AppParts) -> None:
    first = _answer(parts, "江山市领军人才的安家补贴是多少?")[-1][2]

    chat, panel, turns, _, status = _answer(parts, "那顶尖人才呢?", first)[-1]

    assert len(turns) == 2 and "300" in turns[-1].result.answer
    assert "检索用语:江山市顶尖人才的安家补贴是多少?" in status
    assert len(chat) == 4 and panel.count('<details class="ev-old">') == 1


@pytest.mark.parametrize(("question", "words"), [("   ", "请先输入问题"), ("问" * 1001, "1000 字以内")])
def test_a_bad_question_is_refused_in_the_users_words(parts: AppParts, question: str, words: str) -> None:
    with pytest.raises(gr.Error, match=words):
        _answer(parts, question)


def test_regenerate_takes_back_the_last_answer(parts: AppParts) -> None:
    turns = _answer(parts, SUBSIDY_Q)[-1][2]

    assert regenerate_input(turns) == (SUBSIDY_Q, [])
    with pytest.raises(gr.Error):
        regenerate_input([])


def test_feedback_stores_the_latest_answer_with_its_citations(parts: AppParts, tmp_path: Any) -> None:
    from web.feedback import FeedbackStore

    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    judged = dataclasses.replace(parts, feedback=store)
    turns = _answer(parts, SUBSIDY_Q)[-1][2]

    note, comment = make_feedback(judged, "down")(turns, "数字不对")

    row = store.rows()[-1]
    assert "已记录" in note and comment == ""
    assert (row["rating"], row["comment"], row["backend"]) == ("down", "数字不对", "extractive")
    assert json.loads(row["citations"]) == [c.model_dump() for c in turns[-1].result.citations]
    assert "还没有" in make_feedback(judged, "up")([], "")[0]


def test_catalog_views_list_the_documents_and_the_filter_choices(parts: AppParts) -> None:
    table, regions, documents = catalog_views(parts.service)

    assert "共 2 个文件" in table
    assert ("全部地区", "") in regions.choices and any("江山" in r for r, _ in regions.choices)
    assert ("全部文件", "") in documents.choices and len(documents.choices) == 3


def test_chat_messages_escape_the_question(parts: AppParts) -> None:
    turns = _answer(parts, SUBSIDY_Q + "<b>")[-1][2]

    assert chat_messages(turns)[0]["content"].endswith("&lt;b&gt;")


def _selected(row: list[Any]) -> gr.SelectData:
    """What the browser sends when a cell of `row` is clicked (index: where it is shown)."""
    return gr.SelectData(None, {"index": [0, 1], "value": row[1], "row_value": row})


def test_the_documents_list_shows_todays_status_and_the_document_number(plan_parts: AppParts) -> None:
    table = catalog_views(plan_parts.service)[0]

    assert "共 3 个文件" in table and "德政办发〔2023〕12号" in table and "2025-12-31" in table
    assert 'class="doc-status s-expired" title="本计划自2023年1月1日起施行,有效期至2025年12月31日。"' in table


def test_target_filters_offer_what_the_targets_cover(plan_parts: AppParts) -> None:
    region, document, year = target_choices(plan_parts.service, "德清县", "gone.txt", "2026")

    assert region.choices == [("全部地区", ""), ("德清县", "德清县"), ("江山市", "江山市")]
    assert ("德清县科技创新发展行动计划", PLAN_FILE) in document.choices and len(document.choices) == 3
    assert year.choices == [("全部年份", ""), ("2025", "2025"), ("2026", "2026")]
    assert (region.value, document.value, year.value) == ("德清县", "", "2026")  # a gone file resets


def test_the_table_shows_the_filtered_targets_with_conflicts_shaded(plan_parts: AppParts) -> None:
    summary, table, shown, _, _, _, detail = targets_view(plan_parts.service, "德清县", "", "2025")

    rendered = gr.Dataframe(interactive=False).postprocess(table)
    rows = [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in rendered.data]
    assert rendered.headers == list(TABLE_COLUMNS) and len(rows) == len(shown) >= 5
    assert {r["地区"] for r in rows} == {"德清县"} and {r["状态"] for r in rows} == {"已失效"}
    assert [r["序号"] for r in rows] == [p.number for p in shown]
    assert rendered.metadata is not None
    shaded = [r["冲突"] == CONFLICT_MARK for r in rows]
    assert shaded.count(True) == 2
    assert [CONFLICT_STYLE in style[0] for style in rendered.metadata["styling"]] == shaded
    assert any("<b>孵化器</b>" in r["指标"] for r in rows)  # plain text: Gradio shows it as written
    assert f"共 {len(rows)} 条规划指标,来自 1 个文件" in summary and detail == EMPTY_TARGET
    assert targets_view(plan_parts.service, "", "", "2026")[2][0].target.source == "jiangshan_talent.md"
    assert targets_view(plan_parts.service, "", "", "1999")[2] == []


def test_the_export_is_the_apis_csv_of_exactly_the_shown_rows(plan_parts: AppParts) -> None:
    shown, export = targets_view(plan_parts.service, "", PLAN_FILE, "")[2:4]

    api = targets_response(plan_parts.service, TargetQuery(document=PLAN_FILE, format="csv"),
                            datetime.date.today())
    assert Path(export).name == "targets.csv" and Path(export).read_bytes() == api.body
    lines = Path(export).read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == len(shown) + 1 and lines[0].startswith("indicator,value,number,unit")
    everything = targets_view(plan_parts.service, "", "", "")[3]
    assert everything != export and targets_view(plan_parts.service, "", PLAN_FILE, "")[3] == export


def test_a_selected_row_shows_its_quote_even_when_the_table_was_sorted(plan_parts: AppParts) -> None:
    table, shown = targets_view(plan_parts.service, "", "", "")[1:3]
    rows = gr.Dataframe(interactive=False).postprocess(table).data
    detail = make_target_detail(plan_parts.service)

    for row in reversed(rows):  # sorted by 序号, descending: the first shown is the last row
        placed = shown[row[0] - 1]
        html = detail(shown, _selected(row))
        quote = html.split('<mark class="quote">')[1].split("</mark>")[0]
        assert placed.target.indicator.replace("<", "&lt;").replace(">", "&gt;") in html
        assert quote == placed.target.quote.replace("<", "&lt;").replace(">", "&gt;")
    assert detail(shown, _selected(["no", "x"])) == EMPTY_TARGET


def test_the_chart_pairs_baselines_and_targets_of_one_unit(plan_parts: AppParts) -> None:
    _, _, shown, _, unit, chart, _ = targets_view(plan_parts.service, "德清县", "", "")

    assert set(unit.choices) >= {("%", "%"), ("家", "家"), ("亿元", "亿元")} and unit.value == "%"
    money = target_chart(shown, "亿元")
    assert money.value["columns"][:3] == ["指标", "数值", "类别"]
    assert [row[1:3] for row in money.value["data"]] == [[12.0, "基期"], [20.0, "目标"]]
    assert money.sort == [row[0] for row in money.value["data"]] and "亿元" in str(money.title)
    assert target_chart([], None).value["data"] == []
