"""A token counter -> one that counts a document's overlapping spans clause by clause, each once."""

from __future__ import annotations

import re
from collections.abc import Callable

CountMany = Callable[[list[str]], list[int]]

# Clauses up to and including a separator: tokenizers split there, so a span's count is the sum
# of its clauses' counts (checked on every chunk at the end; see `split.split_into_chunks`).
_CLAUSE = re.compile(r"[^。！？；;，,、：:\n]*[。！？；;，,、：:\n]?")


def clause_counter(count_tokens: Callable[[str], int], text: str = "",
                   count_many: CountMany | None = None) -> Callable[[str], int]:
    """`count_tokens` summed over a text's clauses, each clause counted once: the splitter counts
    overlapping spans of one document many times, and one tokenizer call per span made the count
    most of splitting's cost. Keep one per document, so the memo stays small; with `count_many`,
    the clauses of `text` are counted up front in one call (half the cost of one call each)."""
    memo: dict[str, int] = {}
    if count_many and text:
        clauses = list(dict.fromkeys(c for c in _CLAUSE.findall(text) if c))
        memo.update(zip(clauses, count_many(clauses), strict=True))

    def count(text: str) -> int:
        total = 0
        for clause in _CLAUSE.findall(text):
            if clause:
                if (n := memo.get(clause)) is None:
                    n = memo[clause] = count_tokens(clause)
                total += n
        return total

    return count
