"""The Gradio Blocks: chat with cited, streamed answers beside the evidence panel, filters,
examples, feedback, support measures for an enterprise profile (政策匹配), the planned targets (规划指标),
the document list and the admin upload; `compact=True` is an /embed page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.history import MAX_QUESTION_CHARS
from core.measures import SIZES
from web.examples import ExampleGroup
from web.handlers import (
    CHART_COLUMNS,
    NO_DOCUMENT,
    NO_REGION,
    NO_YEAR,
    catalog_views,
    make_answer,
    make_feedback,
    make_ingest,
    make_match,
    make_respond,
    make_target_detail,
    match_regions,
    regenerate_input,
    target_chart,
    target_choices,
    targets_view,
)
from web.matching import MAX_SLOTS, QUALIFICATIONS, TALENT
from web.rendering import EMPTY_TARGET, evidence_panel
from web.service import AppParts
from web.targets import TABLE_COLUMNS
from web.uploads import UPLOAD_SUFFIXES

NOTE = "回答只依据已收录的政策文件,句末 [1]、[2] 标注出处,点击可查看原文;请以正式发布的文件为准。"


@dataclass
class FilterInputs:
    region: gr.components.Component
    document: gr.components.Component


def _header(compact: bool, view: str = "chat") -> str:
    if compact:
        title = "政策匹配" if view == "match" else "政策问答"
        return f'<div class="app-header compact"><h1>{title}</h1><p>{NOTE}</p></div>'
    return f'<div class="app-header"><h1>科技政策问答助手</h1><p>{NOTE}</p></div>'


def _examples(groups: list[ExampleGroup], box: gr.Textbox, compact: bool) -> None:
    if not groups:
        return
    with gr.Accordion("示例问题", open=not compact), gr.Row():
        for group in groups:
            with gr.Column(min_width=220):
                gr.Examples([[q] for q in group.questions], inputs=[box],
                            label=group.label or "可以这样问")


def _chat(parts: AppParts, compact: bool) -> FilterInputs:
    """The chat column, the evidence column and the examples, wired."""
    turns, asked = gr.State([]), gr.State("")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(
                label="对话", elem_id="chat", height=320 if compact else 440, render_markdown=False,
                buttons=[], feedback_options=None,
                placeholder="您好!请输入想了解的科技政策问题,例如补贴标准、申报条件、目标和时限。")
            with gr.Row():
                box = gr.Textbox(show_label=False, placeholder="请输入问题,按回车发送", scale=5,
                                 max_length=MAX_QUESTION_CHARS, elem_id="question")
                send = gr.Button("发送", variant="primary", scale=1, min_width=80, elem_id="send")
            status = gr.HTML(elem_id="status")
            with gr.Row():
                regenerate = gr.Button("🔄 重新生成", size="sm", elem_id="regenerate")
                copy = gr.Button("📋 复制回答", size="sm", elem_id="copy")
                clear = gr.Button("🗑 清空对话", size="sm", elem_id="clear")
            with gr.Row():
                thumbs_up = gr.Button("👍 有帮助", size="sm", elem_id="thumbs-up")
                thumbs_down = gr.Button("👎 没帮助", size="sm", elem_id="thumbs-down")
            comment = gr.Textbox(show_label=False, placeholder="补充意见(可选),随评价一起提交",
                                 max_length=2000, visible=not compact, elem_id="comment")
            feedback_note = gr.HTML(elem_id="feedback-note")
            copy_text = gr.Textbox(visible=False, elem_id="copy-text")
        with gr.Column(scale=2, min_width=300):
            if compact:
                filters = FilterInputs(gr.State(""), gr.State(""))
            else:
                with gr.Row():
                    filters = FilterInputs(
                        gr.Dropdown(label="地区", choices=[(NO_REGION, "")], value="",
                                    elem_id="region-filter"),
                        gr.Dropdown(label="文件", choices=[(NO_DOCUMENT, "")], value="",
                                    elem_id="document-filter"))
            evidence = gr.HTML(evidence_panel([]), elem_id="evidence")
    _examples(parts.examples[:1] if compact else parts.examples, box, compact)

    outputs = [chatbot, evidence, turns, copy_text, status]
    answer: dict[str, Any] = {
        "fn": make_respond(parts), "inputs": [asked, turns, filters.region, filters.document],
        "outputs": outputs, "concurrency_limit": 1, "concurrency_id": "answer",
        "show_progress": "hidden"}
    take: dict[str, Any] = {"fn": lambda q: ("", q), "inputs": [box], "outputs": [box, asked],
                            "queue": False}
    box.submit(**take).then(**answer)
    send.click(**take).then(**answer)
    regenerate.click(regenerate_input, [turns], [asked, turns], queue=False).then(**answer)
    for trigger in (clear.click, chatbot.clear):  # our button and the chatbot's own 🗑
        trigger(lambda: ([], evidence_panel([]), [], "", "", ""), None, [*outputs, feedback_note],
                queue=False)
    copy.click(None, [copy_text], None, js="(text) => window.policyqaCopy(text)")
    thumbs_up.click(make_feedback(parts, "up"), [turns, comment], [feedback_note, comment])
    thumbs_down.click(make_feedback(parts, "down"), [turns, comment], [feedback_note, comment])
    return filters


def _documents(parts: AppParts, demo: gr.Blocks, filters: FilterInputs) -> None:
    """The indexed documents and, for admins, the upload."""
    documents = gr.HTML(elem_id="documents")
    refresh = gr.Button("刷新列表", size="sm")
    enabled = parts.uploader.enabled
    with gr.Accordion("管理员上传", open=False, elem_id="admin-upload"):
        gr.Markdown("上传的文件会立即清洗、切分并加入索引;同名文件会被新版本替换。" if enabled else
                    "上传已关闭:服务器没有配置管理员口令(设置 POLICYQA_ADMIN_TOKEN 后重启)。")
        token = gr.Textbox(label="管理员口令", type="password", interactive=enabled,
                           elem_id="admin-token")
        files = gr.File(label="政策文件(" + " ".join(UPLOAD_SUFFIXES) + ")", file_count="multiple",
                        file_types=list(UPLOAD_SUFFIXES), interactive=enabled,
                        elem_id="upload-files")
        upload = gr.Button("上传并建立索引", variant="primary", interactive=enabled, elem_id="upload")
        report = gr.HTML(elem_id="upload-report")
    views = [documents, filters.region, filters.document]
    demo.load(lambda: catalog_views(parts.service), None, views, queue=False)
    refresh.click(lambda: catalog_views(parts.service), None, views, queue=False)
    upload.click(make_ingest(parts), [token, files], [report, *views], concurrency_id="answer")


def _targets(parts: AppParts, tab: gr.Tab) -> None:
    """规划指标: filters, a sortable table (conflicts shaded), its CSV, the selected row's quote in
    its passage, and a chart of targets against their baselines."""
    service = parts.service
    shown = gr.State([])
    with gr.Row(equal_height=True):
        region = gr.Dropdown(label="地区", choices=[(NO_REGION, "")], value="", elem_id="target-region")
        document = gr.Dropdown(label="文件", choices=[(NO_DOCUMENT, "")], value="",
                               elem_id="target-document")
        year = gr.Dropdown(label="目标年份", choices=[(NO_YEAR, "")], value="", elem_id="target-year")
        export = gr.DownloadButton("导出 CSV", elem_id="target-export", scale=0, min_width=120)
    summary = gr.HTML(elem_id="target-summary")
    table = gr.Dataframe(headers=list(TABLE_COLUMNS), interactive=False, wrap=True, max_height=460,
                         datatype=["number"] + ["str"] * (len(TABLE_COLUMNS) - 1),
                         column_widths=["5%", "15%", "9%", "5%", "6%", "6%", "9%", "7%", "14%",
                                        "12%", "7%", "5%"], elem_id="targets-table",
                         label="点击表头排序,点击一行查看原文")
    detail = gr.HTML(EMPTY_TARGET, elem_id="target-quote")
    x, y, series = CHART_COLUMNS[:3]
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=160):
            unit = gr.Dropdown(label="图表单位", choices=[], elem_id="chart-unit",
                               info="同一图中只比较同一单位的指标")
        with gr.Column(scale=6):
            chart = gr.BarPlot(x=x, y=y, color=series, x_title="指标", x_label_angle=-30,
                               y_lim=[0, None], tooltip="all", height=360, elem_id="targets-chart")

    filters = [region, document, year]
    view: dict[str, Any] = {"fn": lambda *chosen: targets_view(service, *chosen), "inputs": filters,
                            "outputs": [summary, table, shown, export, unit, chart, detail],
                            "queue": False}
    refresh: dict[str, Any] = {"fn": lambda *chosen: target_choices(service, *chosen),
                               "inputs": filters, "outputs": filters, "queue": False}
    # Read when the tab is opened, not on every page load; so after an upload it shows the new targets.
    tab.select(**refresh).then(**view)
    for dropdown in filters:
        dropdown.input(**view)
    unit.input(target_chart, [shown, unit], [chart], queue=False)
    table.select(make_target_detail(service), [shown], [detail], queue=False)


MATCH_NOTE = ("填写企业基本情况,列出所在地区及上级、国家出台的扶持措施,逐条标明条件 ✔ 符合、✘ 不符合、? 待补充;"
              "未填写的项目按“待补充”处理。结果依据已收录文件自动摘取,请以原文为准。")


def _matching(parts: AppParts, opened: Any) -> None:
    """政策匹配: a short profile form, results grouped by verdict, the clarifying questions as quick
    inputs that re-run the match, and a CSV export; `opened` is the event that fills the region list."""
    service = parts.service
    gr.HTML(f'<p class="note">{MATCH_NOTE}</p>')
    with gr.Row(equal_height=False):
        with gr.Column(scale=2, min_width=300):
            region = gr.Dropdown(label="注册地(市、县/区)", choices=[], value="", allow_custom_value=True,
                                 elem_id="match-region", info="可选已收录地区,也可输入,如 某某市某某区")
            with gr.Row():
                size = gr.Dropdown(label="企业规模", choices=[("不填", ""), *[(s, s) for s in SIZES]], value="",
                                   elem_id="match-size")
                industry = gr.Textbox(label="行业", placeholder="如 软件、制造、餐饮", elem_id="match-industry")
            with gr.Row():
                employees = gr.Textbox(label="职工人数", placeholder="如 50", max_length=12, elem_id="match-employees")
                founded = gr.Textbox(label="成立年份", placeholder="如 2019", max_length=6, elem_id="match-founded")
            with gr.Row():
                revenue = gr.Textbox(label="上年营业收入(万元)", placeholder="如 800", max_length=16,
                                     elem_id="match-revenue")
                rd = gr.Textbox(label="研发投入占营收(%)", placeholder="如 5", max_length=8, elem_id="match-rd")
            quals = gr.CheckboxGroup(list(QUALIFICATIONS), label="已有资质", elem_id="match-quals")
            talent = gr.CheckboxGroup(list(TALENT), label="人才(已有或想引进)", elem_id="match-talent")
            needs = gr.Textbox(label="需求", placeholder="如 房租和社保压力大,想引进博士", max_length=500,
                               elem_id="match-needs")
            with gr.Row():
                go = gr.Button("开始匹配", variant="primary", elem_id="match-run")
                export = gr.DownloadButton("导出 CSV", elem_id="match-export", min_width=120)
        with gr.Column(scale=3, min_width=320):
            note = gr.HTML(elem_id="match-note")
            slots: list[Any] = []
            with gr.Group(elem_id="match-questions"):
                for n in range(MAX_SLOTS):
                    with gr.Row():
                        slots += [gr.Radio(visible=False, elem_id=f"match-q{n}-choice"),
                                  gr.Textbox(visible=False, elem_id=f"match-q{n}-text", scale=4),
                                  gr.Button("补充", visible=False, elem_id=f"match-q{n}-send", scale=1,
                                            min_width=80)]
            results = gr.HTML('<div class="ev-empty">填写左侧信息后点击“开始匹配”。</div>', elem_id="match-results")
    denied, asked = gr.State([]), gr.State([])  # the titles answered 否; the questions shown
    form = [region, size, industry, employees, founded, revenue, rd, quals, talent, needs, denied]
    run: dict[str, Any] = {"fn": make_match(service), "inputs": form,
                           "outputs": [results, note, export, asked, *slots], "queue": False}
    go.click(**run)
    for n in range(MAX_SLOTS):
        choice, text, send = slots[3 * n:3 * n + 3]
        fill: dict[str, Any] = {"fn": make_answer(n), "outputs": [*form, note], "queue": False}
        choice.input(inputs=[choice, asked, *form], **fill).then(**run)
        for trigger in (text.submit, send.click):
            trigger(inputs=[text, asked, *form], **fill).then(**run)
    opened(lambda chosen: match_regions(service, chosen), [region], [region], queue=False)


def build_ui(parts: AppParts, *, compact: bool = False, view: str = "chat") -> gr.Blocks:
    """The whole UI; compact: one view (`chat` or `match`) for the /embed pages."""
    with gr.Blocks(title="科技政策问答助手", analytics_enabled=False) as demo:
        gr.HTML(_header(compact, view))
        if compact and view == "match":
            _matching(parts, demo.load)
        elif compact:
            _chat(parts, compact=True)
        else:
            with gr.Tabs():
                with gr.Tab("政策问答"):
                    filters = _chat(parts, compact=False)
                with gr.Tab("政策匹配", elem_id="match-tab") as match_tab:
                    _matching(parts, match_tab.select)
                with gr.Tab("规划指标", elem_id="targets-tab") as targets_tab:
                    _targets(parts, targets_tab)
                with gr.Tab("已收录文件"):
                    _documents(parts, demo, filters)
    return demo
