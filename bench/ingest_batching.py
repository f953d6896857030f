"""A/B of how ingestion batches its work, on real news: the same documents ingested into two
indexes in one process, alternating which goes first each round; chunks/s per round and the
median ratio.

    python bench/ingest_batching.py [--rounds 8] [--docs 50] [--compare writes|encode-batch]

writes (default): A, every document written on its own (WRITE_BATCH_CHUNKS=1, as before
grouping); B, the shipped grouping (WRITE_BATCH_CHUNKS, one Chroma write per group).
encode-batch: shipped grouping; A encodes at the shipped batch size, B at --other-batch.
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

from news import NEWS, Corpus  # noqa: E402

from ingest import pipeline  # noqa: E402
from ingest.config import IngestConfig  # noqa: E402
from settings import Settings  # noqa: E402
from vectorstore.index import open_index  # noqa: E402
from vectorstore.models import SentenceEmbeddings, load_embeddings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--docs", type=int, default=50, help="documents per round")
    parser.add_argument("--compare", choices=("writes", "encode-batch"), default="writes")
    parser.add_argument("--other-batch", type=int, default=8, help="with --compare encode-batch")
    args = parser.parse_args()
    settings = Settings.from_env()
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    config = IngestConfig.from_settings(settings)
    grouped = pipeline.WRITE_BATCH_CHUNKS
    shipped = embeddings.batch_size
    # arm name -> (chunks per index write, encode batch size); the first arm is the baseline
    arms = ({"per document": (1, shipped), f"groups of {grouped} chunks": (grouped, shipped)}
            if args.compare == "writes" else
            {f"encode batch {shipped}": (grouped, shipped),
             f"encode batch {args.other_batch}": (grouped, args.other_batch)})
    files = sorted(NEWS.glob("documents_dup_*"))
    with tempfile.TemporaryDirectory(prefix="policyqa-batching-") as work:
        indexes = {name: open_index(Path(work) / f"arm-{n}", SentenceEmbeddings(
            embeddings.model, embeddings.name, encode_batch)) for n, (name, (_, encode_batch))
            in enumerate(arms.items())}
        corpus = Corpus(files[:-1], Path(work) / "docs")
        rates: dict[str, list[float]] = {name: [] for name in indexes}
        for round_ in range(args.rounds):
            paths = corpus.write(args.docs)
            for name in list(indexes)[:: 1 if round_ % 2 == 0 else -1]:
                pipeline.WRITE_BATCH_CHUNKS = arms[name][0]
                index = indexes[name]
                started = time.perf_counter()
                report = pipeline.ingest_paths(paths, index, config=config,
                                               count_tokens=index.embeddings.count_tokens,
                                               count_many=index.embeddings.count_tokens_many,
                                               progress=False)
                rates[name].append(report.chunks / (time.perf_counter() - started))
            print(f"round {round_}: " + ", ".join(f"{n} {r[-1]:.1f} chunks/s" for n, r in rates.items()),
                  flush=True)
        baseline = next(iter(rates.values()))
        counts = [index.store.chunks.count() for index in indexes.values()]
    print(f"\n{args.rounds} rounds of {args.docs} news documents; chunks in each index: {counts}")
    print(f"| arm | chunks/s p50 | ratio to {next(iter(rates))} (median of rounds) |\n|---|---|---|")
    for name, r in rates.items():
        ratio = statistics.median(x / y for x, y in zip(r, baseline, strict=True))
        print(f"| {name} | {statistics.median(r):.1f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
