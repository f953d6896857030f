"""The fallback decision: the answer a user gets when the model fails, says nothing sourced, or too little."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answer_policy import AnswerPolicy
from assistant.verification.fallback import UNSUPPORTED, failure_reason, settle
from assistant.verification.refusal import NOTHING_RETRIEVED
from assistant.verification.thin import QUOTE_LABEL
from core.records import Evidence
from tests.assistant.passages import voucher_passages

POLICY = AnswerPolicy()
EVIDENCE = voucher_passages()
EXTRACTED = "按实际支出的50%给予补助,每家企业每年最高20万元[1]。"


def _extract(question: str, evidence: Sequence[Evidence]) -> str:
    return EXTRACTED


def test_a_failed_model_gets_the_extractive_answer_and_keeps_its_reason() -> None:
    verdict = settle("", EVIDENCE, "最高补助多少?", failure="ConnectionError: gone", extract=_extract,
                     policy=POLICY)

    assert verdict.fallback_reason == "ConnectionError: gone"
    assert "20万元[1]" in verdict.answer.text and [c.n for c in verdict.answer.citations] == [1]


def test_no_evidence_is_a_refusal_without_citations() -> None:
    verdict = settle("", [], "火星基地补贴多少?", failure="", extract=_extract, policy=POLICY)

    assert verdict.answer.text == NOTHING_RETRIEVED and verdict.answer.refused
    assert verdict.answer.citations == [] and verdict.fallback_reason == ""


def test_a_draft_with_nothing_supported_is_replaced_by_the_sources_words() -> None:
    verdict = settle("另有配套资金9亿元[1]。", EVIDENCE, "配套资金多少?", failure="", extract=_extract,
                     policy=POLICY)

    assert verdict.fallback_reason == UNSUPPORTED
    assert verdict.answer.text == EXTRACTED


def test_a_full_answer_is_kept_as_the_model_wrote_it() -> None:
    verdict = settle(EXTRACTED, EVIDENCE, "检验检测服务补助多少?", failure="", extract=_extract, policy=POLICY)

    assert verdict.answer.text == EXTRACTED and verdict.fallback_reason == ""


def test_a_thin_answer_gets_the_sources_sentences_after_the_label() -> None:
    verdict = settle("有[1]。", EVIDENCE, "购买检验检测服务有补助吗?补助比例是多少?", failure="",
                     extract=_extract, policy=POLICY)

    assert verdict.answer.text.startswith(f"有[1]。{QUOTE_LABEL}按实际支出的50%")
    assert verdict.fallback_reason == "" and not verdict.answer.refused


def test_a_failure_is_told_by_type_and_message_within_the_policys_length() -> None:
    error = ConnectionError("x" * 500)

    assert failure_reason(error, POLICY) == ("ConnectionError: " + "x" * 500)[:200]
    assert failure_reason(error, AnswerPolicy(fallback_reason_chars=10)) == "Connection"
