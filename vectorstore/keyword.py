"""Keyword tokens -> a BM25 index over them held as one sparse matrix."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse


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
