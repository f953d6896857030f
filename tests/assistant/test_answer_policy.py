"""The answer stage's thresholds: one frozen dataclass, each field with its reason, overrides take effect."""

from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

from assistant import answer_policy
from assistant.answer_policy import AnswerPolicy


def test_the_policy_cannot_change_under_a_running_assistant() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        AnswerPolicy().figure_overlap = 0.5  # type: ignore[misc]


def test_every_threshold_says_why_on_its_line() -> None:
    source = inspect.getsource(answer_policy)
    for field in dataclasses.fields(AnswerPolicy):
        line = re.search(rf"^\s+{field.name}: \w+ = [^\n]+$", source, re.MULTILINE)
        assert line and "  # " in line.group(), f"{field.name} has no reason"


def test_defaults_are_the_tuned_values() -> None:
    policy = AnswerPolicy()

    assert (policy.figure_overlap, policy.worded_support, policy.relative_score) == (0.2, 0.3, 0.35)
    assert (policy.focus_chars, policy.figure_overlap) == (160, 0.2)
    assert (policy.min_coverage, policy.max_sentences) == (0.3, 3)
    assert (policy.thin_chars, policy.echo_share) == (30, 0.5)


def test_thresholds_are_numbers_only() -> None:
    policy = AnswerPolicy()

    assert all(type(getattr(policy, f.name)) in (int, float) for f in dataclasses.fields(AnswerPolicy))
