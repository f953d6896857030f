"""Chinese text -> jieba tokens, and a BM25 index over them held as one sparse matrix."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from array import array
from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
from scipy import sparse

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


class BM25Index:
    """Okapi BM25 with every document's term weights precomputed: a query is one column sum."""

    def __init__(self, documents: Iterable[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        """`documents` is read once, one at a time; postings go to typed arrays (12 bytes each,
        where lists of Python ints took ~100)."""
        vocabulary: dict[str, int] = {}
        rows, cols, counts, lengths = array("i"), array("i"), array("f"), array("f")
        for row, tokens in enumerate(documents):
            lengths.append(len(tokens))
            for token, n in Counter(tokens).items():
                rows.append(row)
                cols.append(vocabulary.setdefault(token, len(vocabulary)))
                counts.append(n)
        self.vocabulary = vocabulary
        n_documents = len(lengths)
        shape = (n_documents, max(1, len(vocabulary)))
        row_index, col_index = np.frombuffer(rows, np.int32), np.frombuffer(cols, np.int32)
        tf = sparse.csr_matrix((np.frombuffer(counts, np.float32), (row_index, col_index)), shape=shape)
        df = np.bincount(col_index, minlength=shape[1]).astype(np.float32)
        idf = np.log1p((n_documents - df + 0.5) / (df + 0.5))
        length = np.frombuffer(lengths, np.float32)
        norm = k1 * (1 - b + b * length / max(1.0, float(length.mean()) if n_documents else 1.0))
        tf = tf.tocoo()
        weights = idf[tf.col] * tf.data * (k1 + 1) / (tf.data + norm[tf.row])
        self.weights = sparse.csc_matrix((weights, (tf.row, tf.col)), shape=shape)

    def __len__(self) -> int:
        return self.weights.shape[0]

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for the query (repeated query terms count again)."""
        result = np.zeros(len(self), dtype=np.float32)
        for token, n in Counter(query_tokens).items():
            column = self.vocabulary.get(token)
            if column is not None:
                start, end = self.weights.indptr[column], self.weights.indptr[column + 1]
                result[self.weights.indices[start:end]] += n * self.weights.data[start:end]
        return result
