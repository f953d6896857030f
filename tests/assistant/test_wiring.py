"""Settings -> the answer policy (JSON overrides, checked) and the assistant's parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer_policy import AnswerPolicy
from assistant.wiring import AnswerPolicyError, answer_policy_from, build_assistant
from core.errors import PolicyQAError
from settings import Settings


def test_no_overrides_is_the_default_policy() -> None:
    assert answer_policy_from("") == AnswerPolicy()
    assert answer_policy_from("  ") == AnswerPolicy()
    assert answer_policy_from("{}") == AnswerPolicy()


def test_overrides_replace_only_their_fields() -> None:
    policy = answer_policy_from('{"figure_overlap": 0.3, "max_sentences": 2, "worded_support": 1}')

    assert (policy.figure_overlap, policy.max_sentences, policy.worded_support) == (0.3, 2, 1.0)
    assert isinstance(policy.worded_support, float)
    assert policy.focus_chars == AnswerPolicy().focus_chars


@pytest.mark.parametrize(("overrides", "message"), [
    ('{"figure_overlapp": 0.3}', "unknown field(s) figure_overlapp"),
    ('{"figure_overlap": 0.3', "not valid JSON"),
    ("[0.3]", "expected a JSON object, got list"),
    ('{"max_sentences": 2.5}', "max_sentences must be an integer, got 2.5"),
    ('{"figure_overlap": "0.3"}', "figure_overlap must be a number, got '0.3'"),
    ('{"max_sentences": true}', "max_sentences must be an integer, got True"),
])
def test_bad_overrides_are_refused_with_what_to_fix(overrides: str, message: str) -> None:
    with pytest.raises(AnswerPolicyError) as error:
        answer_policy_from(overrides)

    assert message in str(error.value) and "POLICYQA_ANSWER_POLICY" in str(error.value)
    assert "figure_overlap" in str(error.value)  # the valid fields are listed
    assert isinstance(error.value, PolicyQAError)


def test_a_bad_policy_fails_before_any_model_or_index_is_opened(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "nothing-here", answer_policy='{"nope": 1}', llm_backend="extractive")

    with pytest.raises(AnswerPolicyError, match="nope"):
        build_assistant(settings)
