"""The 政策匹配 tab's data: the profile form -> profile JSON, a clarifying question's answer -> the form,
and a match result -> grouped HTML and a CSV; no Gradio here, so every rule is unit-tested."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from html import escape
from typing import Any

from assistant.matcher import MARKS, VERDICT_TITLES, Match, MatchResult, condition_rows
from core.errors import BadInputError
from core.knowledge import status_label
from core.measures import NATIONAL, SIZES, Measure
from web.exports import csv_bytes

# The titles and degrees a form offers as ticks; the matcher reads any word, these are the usual ones.
QUALIFICATIONS = ("高新技术企业", "科技型中小企业", "专精特新", "小型微利企业", "小规模纳税人", "个体工商户")
TALENT = ("博士", "博士后", "硕士", "高校毕业生")
YES, NO = "是", "否"
MAX_SLOTS = 3  # clarifying questions shown at once (assistant.matcher asks at most this many)
CSV_HEADER = ("序号", "结论", "发布地区", "措施", "类型", "金额", "条件", "文件", "章节", "文件状态", "原文",
              "source", "start", "end")
INSTRUMENT_LABELS = {"subsidy": "补贴", "award": "奖励", "tax": "税收", "fee_relief": "减免", "rent": "房租",
                     "loan": "贷款贴息", "talent": "人才", "land": "用地住房", "service": "服务券", "other": "其他"}
_NUMERIC = {"employees": "职工人数", "founded_year": "成立年份", "revenue_wan": "营业收入(万元)",
            "rd_ratio": "研发投入占比(%)"}


@dataclass(frozen=True)
class Form:
    """What the tab's profile form holds. Its ticks say what the enterprise has; a title it does not tick is
    unknown (asked about), and `denied` holds the words it answered 否 to."""

    region: str = ""
    size: str = ""
    industry: str = ""
    employees: str = ""  # numbers as typed: a form's empty box is "not said", never 0
    founded_year: str = ""
    revenue_wan: str = ""
    rd_percent: str = ""  # as people write it: 5 or 5% for 5%
    qualifications: tuple[str, ...] = ()
    talent: tuple[str, ...] = ()
    needs: str = ""
    denied: tuple[str, ...] = ()


def _number(text: str, field: str) -> float | None:
    """A typed number ("1,200", "5%"); None when the box is empty; BadInputError when it is no number."""
    text = text.strip().rstrip("%％").replace(",", "").replace("，", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        example = "5" if field == "rd_ratio" else "120"
        raise BadInputError(f"{_NUMERIC[field]}请填写数字，例如 {example}。") from None


def profile_json(form: Form) -> dict[str, Any]:
    """The form as the profile JSON of POST /api/match; an empty field is left out (unknown)."""
    data: dict[str, Any] = {}
    for name in ("region", "size", "industry", "needs"):
        if value := (getattr(form, name) or "").strip():
            data[name] = value
    for name, typed in (("employees", form.employees), ("founded_year", form.founded_year),
                        ("revenue_wan", form.revenue_wan), ("rd_ratio", form.rd_percent)):
        number = _number(typed, name)
        if number is None:
            continue
        if name == "rd_ratio":
            data[name] = number / 100
        elif name == "revenue_wan" or not number.is_integer():
            data[name] = number  # 12.5 staff: the profile check says it must be whole
        else:
            data[name] = int(number)
    for name in ("qualifications", "talent"):
        words = list(getattr(form, name))
        if words:
            data[name] = words
    return data


def question_choices(field: str) -> list[str]:
    """The quick answers to a question on `field`; [] when it is answered in words or a number."""
    if field in ("qualifications", "talent"):
        return [YES, NO]
    return list(SIZES) if field == "size" else []


def answered(form: Form, field: str, value: str, answer: str) -> Form:
    """The form with a clarifying question's answer written into it; BadInputError when the answer
    cannot be read for that field."""
    answer = (answer or "").strip()
    if not answer:
        raise BadInputError("请先填写答案。")
    if field in ("qualifications", "talent"):
        have = getattr(form, field)
        if answer == YES:
            words = have if value in have else (*have, value)
            return replace(form, **{field: words}, denied=tuple(w for w in form.denied if w != value))
        return replace(form, **{field: tuple(w for w in have if w != value)},
                       denied=tuple(dict.fromkeys((*form.denied, value))))
    if field in ("region", "industry", "size"):
        return replace(form, **{field: answer})
    if field in _NUMERIC:
        _number(answer, field)  # refused here, where the question was asked
        return replace(form, **{"rd_percent" if field == "rd_ratio" else field: answer})
    raise BadInputError(f"无法填写字段 {field}。")


def region_choices(measures: Sequence[Measure]) -> list[str]:
    """The places the index holds measures for (the form's region list); any other county may be typed."""
    return sorted({m.region for m in measures if m.region and m.region != NATIONAL})


def _amount(measure: Measure) -> str:
    a = measure.amount
    if a is None:
        return ""
    parts = [f"{a.rate:g}%" if a.rate is not None else "", f"最高{a.cap:g}{a.unit}" if a.cap is not None else "",
             "；".join(a.tiers)]
    return "，".join(p for p in parts if p)


def _conditions(item: Match) -> list[tuple[str, str]]:
    """(status, words) of each condition, the issuing region first."""
    return [(row.status, row.text) for row in condition_rows(item)]


def _section_above(measure: Measure) -> str:
    """The measure's heading path without the heading that is the measure itself ("(二)对…给予补助")."""
    parts = [p for p in measure.section.split(" > ") if p]
    core = measure.quote[:20]
    return " > ".join(p for p in parts if core not in p)


def _item_html(number: int, item: Match) -> str:
    m = item.measure
    flag = "" if m.doc_status in ("in_force", "unknown", "") else \
        f'<span class="doc-status s-{escape(m.doc_status)}">{status_label(m.doc_status)}</span>'
    marks = "".join(f'<span class="cond {status}">{MARKS[status]} {escape(text)}</span>'
                    for status, text in _conditions(item))
    where = " · ".join(escape(p) for p in (m.title or m.source, _section_above(m)) if p)
    return (f'<div class="match-item" data-region="{escape(m.region)}"><div class="match-benefit">{number}. '
            f'<span class="match-region">[{escape(m.region)}]</span> {escape(m.benefit)} '
            f'<span class="match-kind">{INSTRUMENT_LABELS.get(m.instrument, m.instrument)}</span>{flag}</div>'
            f'<div class="match-conds">{marks}</div>'
            f'<details><summary>原文：{where}</summary><blockquote class="match-quote">{escape(m.quote)}'
            "</blockquote></details></div>")


def result_html(result: MatchResult) -> str:
    """The measures grouped by verdict (符合条件, 需补充信息, 暂不符合), each condition ✔/✘/?."""
    if not result.matches:
        return '<div class="ev-empty">没有找到适用于该企业所在地区的扶持措施。</div>'
    groups = []
    for verdict, title in VERDICT_TITLES.items():
        group = [m for m in result.matches if m.verdict == verdict]
        if group:
            items = "".join(_item_html(n, item) for n, item in enumerate(group, 1))
            groups.append(f'<section class="match-group" data-verdict="{verdict}"><h3>{title}（{len(group)}）</h3>'
                          f"{items}</section>")
    return "".join(groups)


def result_csv(result: MatchResult) -> bytes:
    """A row per listed measure, in the order shown; conditions as ✔/✘/? words."""
    rows = []
    for n, item in enumerate(result.matches, 1):
        m = item.measure
        conditions = "；".join(f"{MARKS[s]}{text}" for s, text in _conditions(item))
        rows.append((n, VERDICT_TITLES[item.verdict], m.region, m.benefit, INSTRUMENT_LABELS.get(m.instrument, ""),
                     _amount(m), conditions, m.title, m.section, status_label(m.doc_status), m.quote, m.source,
                     m.start, m.end))
    return csv_bytes(CSV_HEADER, rows)
