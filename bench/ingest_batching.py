"""A/B of the index write grouping on real news: the same documents ingested into two indexes in
one process, alternating which goes first each round; chunks/s per round and the median ratio.

    python bench/ingest_batching.py [--rounds 8] [--docs 50]

A: every document written on its own (WRITE_BATCH_CHUNKS=1, as before grouping).
B: the shipped grouping (WRITE_BATCH_CHUNKS, one Chroma write per group).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale  # noqa: E402
from ingest import pipeline  # noqa: E402
from settings import Settings  # noqa: E402
from vectorstore.index import open_index  # noqa: E402
from vectorstore.models import load_embeddings, load_tiktoken_counter  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--docs", type=int, default=50, help="documents per round")
    args = parser.parse_args()
    settings = Settings.from_env()
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    tiktoken = load_tiktoken_counter(settings.models_dir)
    fingerprint = pipeline.index_fingerprint(settings.chunk_tokens, settings.embedding_model)
    grouped = pipeline.WRITE_BATCH_CHUNKS
    files = sorted(scale.NEWS.glob("documents_dup_*"))
    with tempfile.TemporaryDirectory(prefix="policyqa-batching-") as work:
        indexes = {"per document": open_index(Path(work) / "a", embeddings),
                   f"groups of {grouped} chunks": open_index(Path(work) / "b", embeddings)}
        sizes = {"per document": 1, f"groups of {grouped} chunks": grouped}
        corpus = scale._Corpus(files[:-1], Path(work) / "docs")
        rates: dict[str, list[float]] = {name: [] for name in indexes}
        for round_ in range(args.rounds):
            paths = corpus.write(args.docs)
            for name in list(indexes)[:: 1 if round_ % 2 == 0 else -1]:
                pipeline.WRITE_BATCH_CHUNKS = sizes[name]
                started = time.perf_counter()
                report = pipeline.ingest_paths(paths, indexes[name], chunk_tokens=settings.chunk_tokens,
                                               fingerprint=fingerprint, count_tokens=embeddings.count_tokens,
                                               count_tiktoken=tiktoken, progress=False)
                rates[name].append(report.chunks / (time.perf_counter() - started))
            print(f"round {round_}: " + ", ".join(f"{n} {r[-1]:.1f} chunks/s" for n, r in rates.items()),
                  flush=True)
        a, b = rates.values()
        counts = [index.store.chunk_count() for index in indexes.values()]
    print(f"\n{args.rounds} rounds of {args.docs} news documents; chunks in each index: {counts}")
    print("| writes | chunks/s p50 | ratio to per document (median of rounds) |\n|---|---|---|")
    for name, r in rates.items():
        ratio = statistics.median(x / y for x, y in zip(r, a, strict=True))
        print(f"| {name} | {statistics.median(r):.1f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
