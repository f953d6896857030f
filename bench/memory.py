"""Where a process's memory goes at scale: RSS of a fresh process after loading the model, opening
an index built by `bench/scale.py --work DIR`, the first query of each retrieval mode, then after
ingesting more news in rounds, with tracemalloc's size of the Python heap beside it (growth that
is not in the Python heap is native: Chroma, torch, allocators).

    python bench/memory.py var/bench-news2            # works on a copy of DIR/db; DIR is unchanged
    python bench/memory.py var/bench-news2 --rounds 3 --docs 250
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from news import NEWS  # noqa: E402

from ingest.config import IngestConfig  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from settings import Settings  # noqa: E402
from vectorstore.index import open_index  # noqa: E402
from vectorstore.models import load_embeddings  # noqa: E402
from vectorstore.retrieve import HybridSearcher  # noqa: E402

QUESTION = "近日，市妇幼保健院党委书记主持召开医院党支部书记座谈会"


def rss_mb() -> float:
    """Resident set size of this process, from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="a bench/scale.py --work folder")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--docs", type=int, default=250, help="news documents ingested per round")
    args = parser.parse_args()
    if not (args.work / "db").is_dir():
        print(f"error: {args.work}/db not found; build it with bench/scale.py --work {args.work}",
              file=sys.stderr)
        return 1
    settings = Settings.from_env()
    rows: list[tuple[str, float, float | None]] = [("process start", rss_mb(), None)]
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    embeddings.embed_query(QUESTION)
    rows.append(("model loaded, one query embedded", rss_mb(), None))
    with tempfile.TemporaryDirectory(prefix="policyqa-memory-") as temporary:
        db = Path(temporary) / "db"
        shutil.copytree(args.work / "db", db)
        index = open_index(db, embeddings)
        chunks = sum(index.catalog.chunk_counts().values())
        rows.append((f"index open ({chunks:,} chunks)", rss_mb(), None))
        searcher = HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates)
        for mode in ("dense", "bm25", "hybrid"):
            searcher.search(QUESTION, settings.top_k, mode=mode)
            rows.append((f"first {mode} query", rss_mb(), None))
        # The last corpus file is the one bench/scale.py never ingests.
        lines = sorted(NEWS.glob("documents_dup_*"))[-1].read_text(encoding="utf-8").splitlines()
        config = IngestConfig.from_settings(settings)
        tracemalloc.start()
        for round_ in range(args.rounds):
            paths = []
            for i, line in enumerate(lines[round_ * args.docs:(round_ + 1) * args.docs]):
                path = Path(temporary) / f"extra-{round_}-{i:05d}.txt"
                path.write_text(line + "\n", encoding="utf-8")
                paths.append(path)
            report = ingest_paths(paths, index, config=config, count_tokens=embeddings.count_tokens,
                                  count_many=embeddings.count_tokens_many, progress=False)
            gc.collect()
            heap_mb = tracemalloc.get_traced_memory()[0] / 1e6
            rows.append((f"ingested {report.chunks} more chunks", rss_mb(), heap_mb))
    print("\n| step | RSS MB | change | Python heap MB (tracemalloc) |\n|---|---|---|---|")
    previous = rows[0][1]
    for step, rss, heap in rows:
        print(f"| {step} | {rss:.0f} | {rss - previous:+.0f} | {'–' if heap is None else f'{heap:.0f}'} |")
        previous = rss
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
