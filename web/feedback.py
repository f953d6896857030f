"""👍/👎 on an answer, with an optional comment -> a row in feedback.sqlite3 beside the index."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL DEFAULT (datetime('now')),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), comment TEXT NOT NULL,
    question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL, backend TEXT NOT NULL);
"""
FEEDBACK_FILE = "feedback.sqlite3"


class FeedbackStore:
    """Append-only; one connection shared by the server's threads behind a lock."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def record(self, *, rating: str, question: str, answer: str, citations: list[dict[str, Any]],
               backend: str, comment: str = "") -> int:
        """Store one judgement; returns its id."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO feedback (rating, comment, question, answer, citations, backend) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (rating, comment.strip()[:2000], question, answer,
                 json.dumps(citations, ensure_ascii=False), backend))
        return int(cursor.lastrowid or 0)

    def rows(self) -> list[dict[str, Any]]:
        """Every judgement, oldest first."""
        with self._lock:
            cursor = self._db.execute("SELECT * FROM feedback ORDER BY id")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
