"""The sentence check: each draft sentence kept only with the passages that back it, markers mended."""

from __future__ import annotations

from assistant.answer_policy import AnswerPolicy
from assistant.verification.check import check_answer
from tests.assistant.passages import voucher_passages

POLICY = AnswerPolicy()
EVIDENCE = voucher_passages()


def test_model_marker_styles_are_normalised_and_kept() -> None:
    checked = check_answer("每家企业每年最高20万元【1】。每年6月30日前提交申请［ 2 ］。", EVIDENCE, "", POLICY)

    assert checked.text == "每家企业每年最高20万元[1]。每年6月30日前提交申请[2]。"
    assert [c.n for c in checked.citations] == [1, 2] and not checked.refused


def test_a_figure_named_in_the_question_needs_no_source() -> None:
    checked = check_answer("2030年的规定还没有发布。", EVIDENCE, "2030年的补贴标准是什么?", POLICY)

    assert checked.removed_sentences == [] and "2030年" in checked.text


def test_a_marker_beyond_the_evidence_is_replaced_by_the_passage_that_backs_the_sentence() -> None:
    checked = check_answer("按实际支出的50%给予补助[9]。", EVIDENCE, "", POLICY)

    assert checked.text == "按实际支出的50%给予补助[1]。"


def test_a_sign_off_line_is_removed_within_the_policys_issuer_length() -> None:
    line = "某县科学技术局办公室2021-12-16。"
    question = "2021-12-16发布的通知说了什么?"  # its figures need no source: only the sign-off rule acts

    assert check_answer(line, EVIDENCE, question, POLICY).removed_sentences == [line]
    assert check_answer(line, EVIDENCE, question, AnswerPolicy(sign_off_chars=3)).text == line


def test_nothing_kept_is_a_refusal() -> None:
    checked = check_answer("另有配套资金9亿元[1]。", EVIDENCE, "配套资金多少?", POLICY)

    assert checked.text == "" and checked.refused and checked.removed_sentences == ["另有配套资金9亿元。"]
