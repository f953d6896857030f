"""The UI's event handlers: a question streams into chat + evidence; feedback; catalog; uploads;
the 规划指标 tab (filters, table, CSV, a row's quote in context, chart); the 政策匹配 tab (profile form,
grouped results, CSV, clarifying questions answered in place)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.backends import BACKENDS
from assistant.history import MAX_HISTORY_TURNS, MAX_QUESTION_CHARS
from assistant.matcher import VERDICT_TITLES, Question
from assistant.profile import profile_from
from assistant.result import AnswerOut, answer_out
from core.errors import BadInputError, PolicyQAError
from core.records import Evidence, Filters
from web.exports import export_file
from web.matching import (
    MAX_SLOTS,
    QUALIFICATIONS,
    TALENT,
    Form,
    answered,
    profile_json,
    question_choices,
    region_choices,
    result_csv,
    result_html,
)
from web.rendering import (
    EMPTY_TARGET,
    answer_html,
    documents_html,
    evidence_html,
    evidence_panel,
    ingest_report_html,
    sources_footer,
    sources_text,
    target_context_html,
    targets_summary_html,
)
from web.service import AppParts, BusyError, QAService
from web.targets import TABLE_COLUMNS, PlacedTarget, chart_bars, chart_units, table_rows, targets_csv
from web.uploads import UploadRefusedError

NO_REGION, NO_DOCUMENT, NO_YEAR = "全部地区", "全部文件", "全部年份"
CONFLICT_STYLE = "background-color: #fee2e2; color: #7f1d1d"  # readable in light and dark themes
MATCH_K = 30  # measures the tab lists: a page to read, not the whole catalogue
CHART_COLUMNS = ("指标", "数值", "类别", "年份", "名称")  # x, y, colour, then tooltips


@dataclass(frozen=True)
class Turn:
    """One answered question, as the chat keeps it (in a gr.State)."""

    id: str  # new for every answer, even a regenerated identical one
    question: str
    result: AnswerOut
    evidence_html: str


def backend_label(name: str) -> str:
    """Who wrote an answer, in the UI's words."""
    return BACKENDS[name].label if name in BACKENDS else name


def chat_messages(turns: list[Turn]) -> list[dict[str, str]]:
    """Gradio 6 chat messages; text is escaped, [n] markers link to this turn's sources."""
    messages = []
    for number, turn in enumerate(turns, 1):
        messages += [{"role": "user", "content": escape(turn.question)},
                     {"role": "assistant", "content": answer_html(turn.result.answer, number)
                      + sources_footer(turn.result.citations, number)}]
    return messages


def _status(turn: Turn) -> str:
    result = turn.result
    parts = [f"依据 {len(result.citations)} 处原文" if result.citations else "没有引用原文",
             backend_label(result.backend), f"用时 {result.timings.total_s or 0.0:.1f} 秒"]
    searched = (f'<span class="query">检索用语:{escape(result.query)}</span>'
                if result.query != turn.question else "")
    return (f'<div class="answer-status" data-answer="{turn.id}">{" · ".join(parts)}{searched}'
            "</div>")


def _pending(text: str) -> str:
    return f'<div class="answer-status">{text}</div>'


def _copy_text(turn: Turn) -> str:
    sources = sources_text(turn.result.citations)
    return turn.result.answer + (f"\n\n{sources}" if sources else "")


def _checked_question(question: str | None, turns: list[Turn]) -> str:
    text = (question or "").strip()
    if not text:
        raise gr.Error("请先输入问题。")
    if len(text) > MAX_QUESTION_CHARS:
        raise gr.Error(f"问题有 {len(text)} 个字,请控制在 {MAX_QUESTION_CHARS} 字以内,一次问一件事。")
    if len(turns) >= MAX_HISTORY_TURNS:
        raise gr.Error(f"本次对话已有 {MAX_HISTORY_TURNS} 轮,请点“清空对话”后再提问。")
    return text


def make_respond(parts: AppParts) -> Callable[..., Iterator[tuple[Any, ...]]]:
    """(question, turns, region, document) -> chat, evidence panel, turns, copy text, status."""

    def respond(question: str, turns: list[Turn], region: str | None, document: str | None,
                request: gr.Request) -> Iterator[tuple[Any, ...]]:
        text = _checked_question(question, turns)
        wait = parts.limiter.retry_after(request.client.host if request.client else "unknown")
        if wait:
            raise gr.Error(f"提问太频繁,请 {math.ceil(wait)} 秒后再试。")
        number = len(turns) + 1
        history = [pair for t in turns
                   for pair in (("user", t.question), ("assistant", t.result.answer))]
        sections = [t.evidence_html for t in turns]
        chat = [*chat_messages(turns), {"role": "user", "content": escape(text)},
                {"role": "assistant", "content": "正在检索相关政策文件…"}]
        yield chat, evidence_panel(sections), turns, "", _pending("正在检索…")
        evidence: list[Evidence] = []
        draft = ""
        filters = Filters(region=region or "", document=document or "")
        statuses = parts.service.statuses(parts.service.today())  # a badge on each source
        try:
            for event in parts.service.stream(text, history, filters):
                if event.kind == "evidence":  # sources show before the answer is written
                    evidence = event.evidence
                    chat[-1]["content"] = "已找到相关段落,正在生成回答…" if evidence else "正在生成回答…"
                    pending = evidence_html(evidence, None, turn=number, question=text, statuses=statuses)
                    yield chat, evidence_panel([*sections, pending]), turns, "", _pending("正在生成回答…")
                elif event.kind == "text":
                    draft += event.text
                    chat[-1]["content"] = answer_html(draft, number)
                    yield chat, gr.skip(), turns, "", gr.skip()
                elif event.kind == "final" and event.answer is not None:
                    result = answer_out(event.answer)
                    turn = Turn(uuid.uuid4().hex[:12], text, result, evidence_html(
                        evidence, result.citations, turn=number, question=text, statuses=statuses))
                    turns = [*turns, turn]
                    panel = evidence_panel([t.evidence_html for t in turns])
                    yield chat_messages(turns), panel, turns, _copy_text(turn), _status(turn)
        except BusyError as error:
            raise gr.Error("现在提问的人较多,请稍后再试。") from error
        except PolicyQAError as error:
            raise gr.Error(str(error)) from error

    return respond


def regenerate_input(turns: list[Turn]) -> tuple[str, list[Turn]]:
    """The last question again, without its answer."""
    if not turns:
        raise gr.Error("还没有可以重新生成的回答。")
    return turns[-1].question, turns[:-1]


def make_feedback(parts: AppParts, rating: str) -> Callable[[list[Turn], str], tuple[str, str]]:
    """👍/👎 on the latest answer -> stored with its question, citations and backend."""

    def give(turns: list[Turn], comment: str) -> tuple[str, str]:
        if not turns:
            return '<span class="note">还没有可以评价的回答。</span>', comment
        last = turns[-1]
        parts.feedback.record(rating=rating, question=last.question, answer=last.result.answer,
                              citations=[c.model_dump() for c in last.result.citations],
                              backend=last.result.backend, comment=comment or "")
        return '<span class="note">已记录您的评价,谢谢!</span>', ""

    return give


def catalog_views(service: QAService) -> tuple[str, gr.Dropdown, gr.Dropdown]:
    """The documents table (each with today's status) and the region/document filter choices."""
    documents, counts = service.documents(), service.chunk_counts()
    regions = sorted({r for d in documents for r in (d.region, *d.regions) if r})
    titles = [(d.title or d.source, d.source) for d in sorted(documents, key=lambda d: d.title)]
    return (documents_html(documents, counts, service.statuses(service.today())),
            gr.Dropdown(choices=[(NO_REGION, "")] + [(r, r) for r in regions]),
            gr.Dropdown(choices=[(NO_DOCUMENT, "")] + titles))


def make_ingest(parts: AppParts) -> Callable[..., tuple[Any, ...]]:
    """(token, uploaded paths) -> report, documents table, filter choices; with a progress bar."""

    def ingest(token: str, paths: list[str] | None, request: gr.Request,
               progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio injects it)
               ) -> tuple[Any, ...]:
        if not paths:
            raise gr.Error("请先选择要上传的文件。")
        try:
            report = parts.uploader.ingest(
                [Path(p) for p in paths], token or "",
                on_file=lambda done, total, name: progress(
                    done / total, desc=f"正在建立索引:{name}" if name else "完成"),
                client=request.client.host if request.client else "unknown")
        except UploadRefusedError as error:
            raise gr.Error(str(error)) from error
        except BusyError as error:
            raise gr.Error("正在回答其他问题,请稍后再上传。") from error
        return (ingest_report_html(report), *catalog_views(parts.service))

    return ingest


def target_choices(service: QAService, region: str | None = "", document: str | None = "",
                   year: str | None = "") -> tuple[gr.Dropdown, gr.Dropdown, gr.Dropdown]:
    """The 规划指标 filters' choices, from the stored targets; a chosen value that is gone resets."""
    targets = [p.target for p in service.targets(None, None, service.today())]
    regions = [(r, r) for r in sorted({t.region for t in targets if t.region})]
    titles = sorted({(t.title or t.source, t.source) for t in targets})
    years = [(str(y), str(y)) for y in sorted({t.target_year for t in targets if t.target_year})]

    def dropdown(everything: str, choices: list[tuple[str, str]], value: str | None) -> gr.Dropdown:
        kept = value if value in {v for _, v in choices} else ""
        return gr.Dropdown(choices=[(everything, ""), *choices], value=kept)

    return (dropdown(NO_REGION, regions, region), dropdown(NO_DOCUMENT, titles, document),
            dropdown(NO_YEAR, years, year))


def targets_table(shown: Sequence[PlacedTarget]) -> Any:
    """The table's value: plain-text cells, conflicting rows shaded (a pandas Styler)."""
    frame = pd.DataFrame(table_rows(shown), columns=list(TABLE_COLUMNS))
    flagged = {n for n, p in enumerate(shown) if p.target.conflict}
    return frame.style.apply(lambda row: [CONFLICT_STYLE if row.name in flagged else ""] * len(row),
                             axis=1)


def targets_csv_file(shown: Sequence[PlacedTarget]) -> str:
    """The shown targets as a targets.csv file (the API's CSV), for the download button."""
    return export_file(targets_csv([p.target for p in shown]), "targets.csv")


def target_chart(shown: Sequence[PlacedTarget], unit: str | None) -> gr.BarPlot:
    """Each target in `unit` that has a number and a baseline: a baseline bar beside a target bar."""
    bars = chart_bars(shown, unit) if unit else []
    frame = pd.DataFrame({"指标": [b.label for b in bars], "数值": [b.value for b in bars],
                          "类别": [b.series for b in bars], "年份": [b.year for b in bars],
                          "名称": [b.indicator for b in bars]}, columns=list(CHART_COLUMNS))
    title = f"目标值与基期值(单位:{unit})" if bars else "没有同时写明目标值和基期值的指标"
    return gr.BarPlot(value=frame, title=title, y_title=f"数值({unit})" if unit else "数值",
                      sort=[b.label for b in bars] or None)


def targets_view(service: QAService, region: str | None, document: str | None,
                 year: str | None) -> tuple[Any, ...]:
    """Filters -> summary, table, the shown targets, CSV file, chart units, chart, emptied detail."""
    chosen = int(year) if year else None
    shown = service.targets(Filters(region=region or "", document=document or ""), chosen,
                            service.today())
    units = chart_units(shown)
    unit = units[0] if units else None
    return (targets_summary_html(shown), targets_table(shown), shown, targets_csv_file(shown),
            gr.Dropdown(choices=units, value=unit), target_chart(shown, unit), EMPTY_TARGET)


def _row_number(selected: gr.SelectData) -> int | None:
    """The selected row's 序号: the table may be sorted in the browser, so its index is no key."""
    cells = selected.row_value or []
    try:
        return int(float(cells[0])) if cells else None
    except (TypeError, ValueError):
        return None


def make_target_detail(service: QAService) -> Callable[[list[PlacedTarget], gr.SelectData], str]:
    """(shown targets, the selected row) -> its quote, highlighted in its passage of the document."""

    def detail(shown: list[PlacedTarget], selected: gr.SelectData) -> str:
        number = _row_number(selected)
        placed = next((p for p in shown if p.number == number), None)
        if placed is None:
            return EMPTY_TARGET
        status = service.statuses(service.today()).get(placed.doc_id)
        return target_context_html(placed.target, service.clean_text(placed.doc_id), status)

    return detail


def _form(values: Sequence[Any]) -> Form:
    """The 政策匹配 form's inputs, in the order web.ui wires them, as a Form."""
    region, size, industry, employees, founded, revenue, rd, quals, talent, needs, denied = values
    return Form(region or "", size or "", industry or "", employees or "", founded or "", revenue or "", rd or "",
                tuple(quals or ()), tuple(talent or ()), needs or "", tuple(denied or ()))


def _form_values(form: Form) -> tuple[Any, ...]:
    """The form back into its inputs; a ticked word that is not a usual choice is added as one."""
    quals = gr.CheckboxGroup(choices=list(dict.fromkeys((*QUALIFICATIONS, *form.qualifications))),
                             value=list(form.qualifications))
    talent = gr.CheckboxGroup(choices=list(dict.fromkeys((*TALENT, *form.talent))), value=list(form.talent))
    return (form.region, form.size, form.industry, form.employees, form.founded_year, form.revenue_wan,
            form.rd_percent, quals, talent, form.needs, list(form.denied))


def _slots(questions: Sequence[Question]) -> list[Any]:
    """Each clarifying-question slot: (quick-answer radio, text box, its button), shown as the question needs."""
    updates: list[Any] = []
    for n in range(MAX_SLOTS):
        if n >= len(questions):
            updates += [gr.Radio(visible=False, value=None), gr.Textbox(visible=False, value=""),
                        gr.Button(visible=False)]
            continue
        q = questions[n]
        label = f"{q.question}（影响 {q.blocks} 条措施）"
        choices = question_choices(q.field)
        updates += [gr.Radio(label=label, choices=choices, value=None, visible=bool(choices)),
                    gr.Textbox(label=label, value="", visible=not choices), gr.Button(visible=not choices)]
    return updates


def _error_note(error: BadInputError) -> str:
    return f'<div class="match-error">{escape(str(error))}</div>'


def make_match(service: QAService) -> Callable[..., tuple[Any, ...]]:
    """Form inputs -> grouped results, a note, the CSV, the questions asked, and their slots."""

    def run(*values: Any) -> tuple[Any, ...]:
        form = _form(values)
        try:  # profile_json refuses a box that holds no number, profile_from every other bad field
            profile = profile_from(profile_json(form), today=service.today())
        except BadInputError as error:
            return (gr.skip(), _error_note(error), gr.skip(), gr.skip(), *[gr.skip()] * (3 * MAX_SLOTS))
        result = service.match(profile, MATCH_K, lacking=form.denied)  # ticks name what it has, not all
        counts = {v: sum(m.verdict == v for m in result.matches) for v in VERDICT_TITLES}
        note = "，".join(f"{title} {counts[v]} 条" for v, title in VERDICT_TITLES.items())
        asked = [(q.field, q.value) for q in result.questions]
        return (result_html(result), f'<div class="doc-count">{note}。</div>',
                export_file(result_csv(result), "policy-match.csv"), asked, *_slots(result.questions))

    return run


def make_answer(slot: int) -> Callable[..., tuple[Any, ...]]:
    """(the answer in slot `slot`, the questions asked, form inputs) -> the form with it written in, a note."""

    def answer(text: str | None, asked: list[tuple[str, str]], *values: Any) -> tuple[Any, ...]:
        if slot >= len(asked):
            return (*[gr.skip()] * len(values), "")
        field, value = asked[slot]
        try:
            form = answered(_form(values), field, value, text or "")
        except BadInputError as error:
            return (*[gr.skip()] * len(values), _error_note(error))
        return (*_form_values(form), "")

    return answer


def match_regions(service: QAService, region: str | None) -> gr.Dropdown:
    """The form's region list: the places the index holds measures for; a typed place is kept."""
    choices = region_choices(service.measures())
    return gr.Dropdown(choices=choices if not region or region in choices else [region, *choices], value=region or "")
