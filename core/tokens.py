"""Chinese text -> keyword tokens (jieba words, NFKC-folded, searchable pieces), for every layer."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The searched parts of a token: words, and numbers with their decimals and percent sign
# ("4.38%"); a token of letters and digits is also kept whole ("g60" -> "g60", "g", "60"), one
# with other punctuation is not ("2023-07-28" -> "2023", "07", "28").
_PIECES = re.compile(r"\d+(?:\.\d+)?%?|[^\W\d_]+")
_WHOLE = re.compile(r"(?:[^\W_]|[.%])+")
_STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 为 对 将 要 把 被 从 以 于 并 或 其 之 这 那 有 也 都 就 而 但 中 上 下 "
    "个 们 我 你 他 它 吗 呢 吧 啊 什么 哪些 哪个 多少 怎么 如何 是否 有没有 分别 主要 哪 几 "
    "提出 提到 规定 明确 需要 可以 能 会 给 让 里 关于 按照 一下".split()
)


# What the stored keyword tokens were made with: an index built with another tokenizer has its
# tokens remade on open (`Catalog.retokenize`), or its queries would not match its chunks.
TOKENIZER = "rjieba-0.2.2 search HMM, pieces 2"


@cache
def _segmenter():  # type: ignore[no-untyped-def]
    import rjieba  # jieba's algorithm, dictionary and HMM in Rust: its Chinese words, 6x faster

    return rjieba


def tokenize(text: str) -> list[str]:
    """Search-mode jieba words, NFKC-normalised and lower-cased, in searchable pieces, without
    stopwords. rjieba's words: Python jieba's Chinese words on 3,035 seed, news and CMRC texts
    (only Latin and number runs were cut differently: `_pieces` cuts those), 6x faster."""
    normal = unicodedata.normalize("NFKC", text).lower()
    return [piece for token in _segmenter().cut_for_search(normal, True)
            for piece in _pieces(token) if piece not in _STOPWORDS]


def _pieces(token: str) -> list[str]:
    pieces = _PIECES.findall(token)
    return pieces + [token] if len(pieces) > 1 and _WHOLE.fullmatch(token) else pieces
