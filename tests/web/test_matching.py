"""web.matching: the 政策匹配 form -> profile JSON, a clarifying answer -> the form, a result -> HTML and CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest

from assistant.matcher import match
from assistant.profile import profile_from
from core.errors import BadInputError
from ingest.measures import extract_measures
from tests.ingest.test_targets import bare
from web.exports import csv_bytes
from web.matching import (
    NO,
    YES,
    Form,
    answered,
    profile_json,
    question_choices,
    region_choices,
    result_csv,
    result_html,
)

TODAY = datetime.date(2026, 12, 3)
TEXT = ("常山县出台新政，对新认定的高新技术企业给予一次性奖励30万元。\n"
        "杭州市出台新政，对<b>研发投入</b>占营业收入比例达到3%以上的企业给予补助10万元。")


def test_an_empty_form_is_an_empty_profile_and_typed_numbers_are_read() -> None:
    assert profile_json(Form()) == {}
    form = Form(region=" 常山县 ", employees="1,200", founded_year="2019", revenue_wan="800", rd_percent="5%")

    assert profile_json(form) == {"region": "常山县", "employees": 1200, "founded_year": 2019,
                                  "revenue_wan": 800.0, "rd_ratio": 0.05}


def test_a_list_is_sent_when_ticked_else_left_unknown() -> None:
    assert "qualifications" not in profile_json(Form())
    assert "qualifications" not in profile_json(Form(denied=("高新技术企业",)))  # a no is passed as lacking
    assert profile_json(Form(talent=("博士",)))["talent"] == ["博士"]


def test_a_box_that_holds_no_number_is_refused_with_an_example() -> None:
    with pytest.raises(BadInputError, match="职工人数请填写数字"):
        profile_json(Form(employees="很多"))


def test_answers_are_written_into_the_form() -> None:
    form = Form(qualifications=("专精特新",))

    said_yes = answered(form, "qualifications", "高新技术企业", YES)
    said_no = answered(form, "talent", "博士", NO)

    assert said_yes.qualifications == ("专精特新", "高新技术企业") and said_yes.denied == ()
    assert said_no.talent == () and said_no.denied == ("博士",) and "talent" not in profile_json(said_no)
    assert answered(said_no, "talent", "博士", YES).denied == ()  # changed its mind
    assert answered(form, "size", "", "小型").size == "小型"
    assert answered(form, "rd_ratio", "", "4.5%").rd_percent == "4.5%"
    assert question_choices("size") == ["大型", "中型", "小型", "微型"] and question_choices("employees") == []
    with pytest.raises(BadInputError, match="研发投入占比"):
        answered(form, "rd_ratio", "", "不清楚")
    with pytest.raises(BadInputError, match="请先填写答案"):
        answered(form, "industry", "", "  ")


def test_results_are_grouped_escaped_and_exported() -> None:
    measures = extract_measures(bare(TEXT))
    result = match(profile_from({"region": "杭州市", "qualifications": []}, today=TODAY), measures, k=10)

    html = result_html(result)
    assert 'data-verdict="needs_info"' in html and "常山县" not in html
    assert "<b>" not in html and "&lt;b&gt;研发投入&lt;/b&gt;" in html
    rows = list(csv.DictReader(io.StringIO(result_csv(result).decode("utf-8-sig"))))
    assert [r["发布地区"] for r in rows] == ["杭州市"]
    assert rows[0]["结论"] == "需补充信息" and rows[0]["条件"].startswith("✔发布地区：杭州市")
    assert region_choices(measures) == ["常山县", "杭州市"]
    assert result_html(match(profile_from({"region": "苏州市"}, today=TODAY), measures[:1], k=5)) \
        .startswith('<div class="ev-empty">')


def test_a_cell_that_would_run_as_a_formula_is_quoted() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(("a", "b"), [("=1+1", 2.0)]).decode("utf-8-sig"))))

    assert rows == [["a", "b"], ["'=1+1", "2"]]
