"""Gold quotes vs retrieved chunks -> recall@k and MRR, with punctuation-insensitive matching."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import PolicyQAError

_DROP = re.compile(r"[\s\u3000\xa0]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "、": ",", "。": "."})


def normalise_for_match(text: str) -> str:
    """Whitespace out, full-width punctuation folded to half-width, case folded."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text).translate(_QUOTES)).lower()


class DatasetError(PolicyQAError):
    """A dataset file cannot be read, or one of its lines is not JSON."""


def read_dataset(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, one per non-blank line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
        raise DatasetError(f"cannot read {path} ({reason}); expected a UTF-8 JSONL file") from error
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise DatasetError(f"{path}:{number}: not a JSON line ({error.msg})") from error
    return items


def gold_quotes(item: dict[str, Any]) -> list[str]:
    return [s["quote"] if isinstance(s, dict) else str(s) for s in item.get("sources", [])]


@dataclass(frozen=True)
class RetrievalScores:
    items: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    all_sources_at_5: float  # items whose every gold quote is in the top 5

    def table(self, name: str) -> str:
        return (f"{name:<28} n={self.items:<4} recall@1={self.recall_at_1:.3f} "
                f"recall@5={self.recall_at_5:.3f} MRR={self.mrr:.3f} "
                f"all-sources@5={self.all_sources_at_5:.3f}")


def score_retrieval(runs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> RetrievalScores:
    """`runs` pairs each item's gold quotes with its ranked chunk texts."""
    n = hit1 = hit5 = every5 = 0
    reciprocal = 0.0
    for quotes, texts in runs:
        gold = [normalise_for_match(q) for q in quotes]
        ranked = [normalise_for_match(t) for t in texts]
        n += 1
        first = next((rank for rank, text in enumerate(ranked, 1) if any(q in text for q in gold)), None)
        if first is not None:
            reciprocal += 1.0 / first
            hit1 += first == 1
            hit5 += first <= 5
        every5 += all(any(q in text for text in ranked[:5]) for q in gold)
    if n == 0:
        return RetrievalScores(0, 0.0, 0.0, 0.0, 0.0)
    return RetrievalScores(n, hit1 / n, hit5 / n, reciprocal / n, every5 / n)


def select_items(items: list[dict[str, Any]], conditions: Sequence[str]) -> list[dict[str, Any]]:
    """The items whose fields match every KEY=VALUE condition (all of them when there are none)."""
    wanted = []
    for condition in conditions:
        key, sep, value = condition.partition("=")
        if not sep or not key:
            raise DatasetError(f"--select {condition!r}: write KEY=VALUE, e.g. corpus=seeds")
        wanted.append((key, value))
    return [item for item in items if all(str(item.get(key, "")) == value for key, value in wanted)]
