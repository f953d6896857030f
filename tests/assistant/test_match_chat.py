"""assistant.match_chat: an enterprise's words -> a profile; its turn -> the matcher's measures, cited, with
one clarifying question whose answer (是/不是, a figure) the next turn reads."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from assistant.match_chat import ASK, OPENING, MatchChat, asks_which_apply, profile_said
from core.records import Evidence
from ingest.measures import extract_measures
from tests.ingest.test_targets import policy

TODAY = datetime.date(2026, 1, 1)
TEXT = """常山县支持科技型企业发展若干政策
一、创新主体
(一)对新认定的高新技术企业,给予一次性奖励30万元。
(二)对研发投入占营业收入比例达到3%以上的企业,按研发投入的10%给予补助,最高不超过100万元。
二、人才引进
(一)对企业全职引进的博士,给予每人每年5万元生活补贴。
"""
OTHER = "江山市人才新政\n一、补贴\n(一)对新引进的博士,给予每人10万元安家补贴。\n"


@pytest.fixture(scope="module")
def chat() -> MatchChat:
    documents = [policy(TEXT, title="常山县支持科技型企业发展若干政策"),
                 replace(policy(OTHER, title="江山市人才新政"), doc_id="other")]  # both read from one path
    measures = [m for d in documents for m in extract_measures(d, doc_status="in_force")]
    by_id = {d.doc_id: d for d in documents}

    def evidence_at(doc_id: str, offset: int) -> Evidence | None:
        document = by_id[doc_id]
        return next((Evidence(c, document, 1.0) for c in document.chunks if c.start <= offset < c.end), None)

    return MatchChat(lambda today: measures, evidence_at, lambda: TODAY)


@pytest.mark.parametrize(("question", "applies"), [
    ("我是常山县的一家科技型中小企业，有哪些扶持？", True),
    ("我们公司在常山县，能享受哪些政策？", True),
    ("本企业可以申请什么补贴", True),
    ("科技型中小企业可以享受哪些政策？", False),  # no enterprise speaks: a question about documents
    ("我是常山县的企业", False),  # says who it is, asks nothing
    ("我们是常山县的企业，打算拿专利做质押贷款，县里有没有财政补助？", False),  # one measure: the passages answer
    ("我们是软件企业，研发补助的标准是什么？", False),
])
def test_a_match_question_is_an_enterprise_asking_what_it_may_get(question: str, applies: bool) -> None:
    assert asks_which_apply(question) is applies


def test_the_profile_is_read_from_the_enterprises_words() -> None:
    said = profile_said(["我们公司在衢州市常山县，是科技型中小企业，还不是高新技术企业，员工50人，2019年成立，"
                         "去年营收1.2亿元，研发投入占营收5%，想引进博士，有哪些扶持？"])

    assert said.data["region"] == "衢州市常山县"
    assert said.data["qualifications"] == ["科技型中小企业"] and said.lacking == ("高新技术企业",)
    assert (said.data["employees"], said.data["founded_year"], said.data["revenue_wan"], said.data["rd_ratio"]) \
        == (50, 2019, 12000.0, 0.05)
    assert said.data["talent"] == ["博士"]
    assert "size" not in said.data and "province" not in said.data  # not said: unknown


def test_the_answer_cites_each_measure_and_asks_one_question(chat: MatchChat) -> None:
    answer = chat.answer("我是常山县的一家科技型中小企业，有哪些扶持？", [])

    assert answer is not None and answer.text.startswith(OPENING)
    assert "江山市" not in answer.text and "10万元安家补贴" not in answer.text  # another place's measure
    assert len(answer.citations) == 3 and [c.n for c in answer.citations] == [1, 2, 3]
    for citation, passage in zip(answer.citations, answer.evidence, strict=True):
        assert f"[{citation.n}]" in answer.text
        assert passage.document.clean_text[citation.start:citation.end] == citation.quote
        assert citation.chunk_id == passage.chunk.chunk_id
    assert "?高新技术企业" in answer.text  # 科技型中小企业 says nothing of it
    assert answer.text.count(ASK) == 1 and answer.text.rstrip().endswith("？")
    assert chat.answer("科技型中小企业可以享受哪些政策？", []) is None


def test_a_yes_or_no_to_the_question_changes_the_list(chat: MatchChat) -> None:
    first = chat.answer("我是常山县的一家企业，有哪些扶持？", [])
    assert first is not None and "贵公司是否为高新技术企业？" in first.text
    history = [("user", "我是常山县的一家企业，有哪些扶持？"), ("assistant", first.text)]

    yes = chat.answer("是的", history)
    no = chat.answer("不是", history)

    assert yes is not None and "✔高新技术企业" in yes.text
    assert no is not None and "一次性奖励30万元" not in no.text and "另有 1 条措施" in no.text
    assert chat.answer("这个政策什么时候截止？", history) is None  # not an answer to it: a new question


def test_nothing_applicable_leaves_the_question_to_the_passages(chat: MatchChat) -> None:
    assert chat.answer("我们是苏州市的企业，有哪些扶持？", []) is None


def test_a_figure_out_of_range_is_dropped_not_refused(chat: MatchChat) -> None:
    answer = chat.answer("我是常山县的企业，成立于1700年，有哪些扶持？", [])

    assert answer is not None and answer.citations


@pytest.mark.parametrize(("question", "fields"), [
    ("我们是某市的高企，能享受什么政策", {"qualifications": ["高新技术企业"]}),
    ("我们公司是专精特新小巨人企业，有哪些奖励？", {"qualifications": ["专精特新", "专精特新“小巨人”企业"]}),
    ("我们是一家小微企业，员工20人，有什么优惠政策", {"size": "小微", "employees": 20}),
    ("我们在上海浦东新区，做软件的，想招应届毕业生，有哪些补贴？",
     {"region": "上海浦东新区", "industry": "软件", "talent": ["应届毕业生"]}),
])
def test_common_ways_of_saying_a_title_a_size_or_where_it_is_are_read(question: str, fields: dict[str, object]) -> None:
    said = profile_said([question])

    assert asks_which_apply(question)
    assert {k: said.data.get(k) for k in fields} == fields


@pytest.mark.parametrize(("words", "fields", "lacking"), [
    ("我们还没有被认定为高新技术企业", {}, ("高新技术企业",)),
    ("正在申请高企", {}, ("高新技术企业",)),
    ("我们想提高企业研发能力", {}, ()),  # no 高企 inside 提高企业
    ("营收不到500万元，员工不足50人", {}, ()),  # bounds, not figures
    ("员工1,200人，其中博士3人", {"employees": 1200, "talent": ["博士"]}, ()),
    ("目前没有博士，想招一些", {"talent": ["博士"]}, ()),  # talent is had or wanted
    ("我们不引进博士", {}, ("博士",)),
    ("我们不属于小微企业", {}, ()),
])
def test_denials_bounds_and_edges_are_read_as_said(words: str, fields: dict[str, object],
                                                   lacking: tuple[str, ...]) -> None:
    said = profile_said([words])

    assert {k: v for k, v in said.data.items() if k != "needs"} == fields and said.lacking == lacking


def test_every_earlier_reply_counts_and_a_figure_answers_its_question(chat: MatchChat) -> None:
    first = chat.answer("我是常山县的一家企业，有哪些扶持？", [])
    assert first is not None and "是否为高新技术企业" in first.text
    history = [("user", "我是常山县的一家企业，有哪些扶持？"), ("assistant", first.text)]
    second = chat.answer("是", history)
    assert second is not None and "研发投入占营业收入比例是多少" in second.text
    history += [("user", "是"), ("assistant", second.text)]

    third = chat.answer("1.5%", history)

    assert third is not None and "✔高新技术企业" in third.text  # the first 是 still counts
    assert "研发投入的10%" not in third.text and "另有 1 条措施" in third.text  # 1.5% is under its 3% line
    assert chat.answer("不知道", history) is None  # neither a yes, a no nor a figure: the passages answer
    assert chat.answer("有哪些税收优惠？", history) is None  # a new question, not a reply
