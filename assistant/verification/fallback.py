"""A draft (or a failed model) + evidence -> the answer the user gets, and why the sources' words stepped in.

The decision: no evidence -> a refusal; a model that failed, or a draft of which nothing checks out
-> the extractive answer; a thin answer -> the draft plus the sources' sentences after 相关原文.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answer_policy import AnswerPolicy
from assistant.verification.check import check_answer
from assistant.verification.checked import CheckedAnswer
from assistant.verification.refusal import NOTHING_RETRIEVED, drop_needless_refusal
from assistant.verification.thin import is_thin, source_sentences
from core.records import Evidence

# question, evidence -> sentences copied from the evidence, each with its marker (or a refusal)
Extract = Callable[[str, Sequence[Evidence]], str]
UNSUPPORTED = "nothing in the model's answer was supported by the sources"


@dataclass(frozen=True)
class Verdict:
    answer: CheckedAnswer
    fallback_reason: str  # "" when the answer is the backend's own (checked) answer


def failure_reason(error: BaseException, policy: AnswerPolicy) -> str:
    """What the user is told of a model failure: its type and message, not a dump."""
    return f"{type(error).__name__}: {error}"[:policy.fallback_reason_chars]


def failure_note(reason: str) -> str:
    """Said after an answer the sources gave because the model could not: why, in a reader's words."""
    if "Timeout" in reason or "timed out" in reason:
        why = "生成服务响应超时"
    elif "Connect" in reason or "Connection" in reason:
        why = "无法连接生成服务"
    else:
        why = "生成服务返回了无法使用的内容"
    return f"（{why}，以上内容直接摘自文件原文。）"


def settle(draft: str, evidence: Sequence[Evidence], question: str, *, failure: str,
           extract: Extract, policy: AnswerPolicy) -> Verdict:
    """The checked answer. `failure` says why the model gave no draft ("" when it did)."""
    if failure:
        draft = extract(question, evidence)
    if not evidence:
        draft = NOTHING_RETRIEVED
    checked = _checked(draft, evidence, question, policy)
    if not checked.text or (checked.removed_sentences and not checked.citations):
        # everything the model said was unsupported: answer from the sources instead
        checked = check_answer(extract(question, evidence), evidence, question, policy)
        return Verdict(checked, failure or UNSUPPORTED)
    if not failure and not checked.refused and is_thin(checked, question, policy):
        quotes = source_sentences(extract(question, evidence), checked)
        if quotes:
            checked = _checked(f"{draft}\n{quotes}", evidence, question, policy)
    return Verdict(checked, failure)


def _checked(draft: str, evidence: Sequence[Evidence], question: str, policy: AnswerPolicy) -> CheckedAnswer:
    return drop_needless_refusal(check_answer(draft, evidence, question, policy), question)
