"""web.feedback: 👍/👎 with the answer they judge, in SQLite beside the index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from web.feedback import FeedbackStore


def test_feedback_is_stored_with_the_answer(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    citations = [{"n": 1, "source": "a.txt", "quote": "补助50%"}]

    store.record(rating="down", question="问", answer="答[1]", citations=citations,
                 backend="local", comment="数字不对")

    row = store.rows()[0]
    assert (row["rating"], row["comment"], row["backend"]) == ("down", "数字不对", "local")
    assert json.loads(row["citations"]) == citations and row["created_at"]


def test_a_rating_other_than_up_or_down_is_a_bug(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")

    with pytest.raises(ValueError, match="rating must be"):
        store.record(rating="meh", question="问", answer="答", citations=[], backend="local")
    assert store.rows() == []
