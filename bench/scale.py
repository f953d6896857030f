"""Scale on real Chinese news (../shared/data/crud-rag-news): at growing index sizes, ingestion
throughput against the raw encode throughput of the same model on the same chunk texts (the
ceiling), peak memory, index size on disk, BM25 build time, and retrieval latency p50/p95 for
hybrid, BM25-only and dense-only search.

    python bench/scale.py                                        # 1k and 10k chunks, temp dir
    python bench/scale.py --target-chunks 1000 --profile DIR     # + pyinstrument of the ingest
    python bench/scale.py --target-chunks 50000 --work var/bench-news   # resumable, see below

News lines become .txt files in WORK/docs and go through the project's own `ingest_paths` in
batches until the index holds each checkpoint's chunk count (1k, 10k, 50k, up to
--target-chunks). The last corpus file is never ingested: its documents' opening sentences are
the queries. With --work the run can stop at any point (Ctrl-C, a lost session) and be started
again with the same command: the index is idempotent, files already written are re-offered (the
unfinished one completes, the rest are skipped as unchanged) and new documents continue from the
next corpus line. Every checkpoint's figures are appended to WORK/results.jsonl; the closing
table shows all of them. Figures from different sessions are not one run: compare ratios.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measure import PeakRss, RecordingEmbeddings, encode_seconds  # noqa: E402
from news import NEWS, Corpus, held_out_questions  # noqa: E402
from scale_figures import (  # noqa: E402
    ENCODE_BATCHES,
    ENCODE_KEY,
    MODES,
    PAIRED,
    add_segment,
    ingest_figures,
    print_tables,
    profile_breakdown,
)

from assistant.answer_eval import percentile  # noqa: E402
from ingest.config import IngestConfig  # noqa: E402
from ingest.pipeline import IngestReport, ingest_paths  # noqa: E402
from settings import Settings  # noqa: E402
from vectorstore.index import CATALOG_FILE, PolicyIndex, open_index  # noqa: E402
from vectorstore.keyword import BM25Index  # noqa: E402
from vectorstore.models import load_embeddings  # noqa: E402
from vectorstore.retrieve import HybridSearcher  # noqa: E402

CHECKPOINTS = (1_000, 10_000, 50_000)
# Every batch is re-encoded until a checkpoint's sample holds this many chunks, then every N-th:
# a 1k checkpoint has five batches, and batch to batch the encode rate varies by up to 1.2x.
MIN_SAMPLED = 1_000
Ingest = Callable[[list[Path]], IngestReport]


def _chunk_count(index: PolicyIndex) -> int:
    return sum(index.catalog.chunk_counts().values())


def _size_mb(paths: list[Path]) -> float:
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


def _sample_ceiling(segment: dict[str, Any], embeddings: RecordingEmbeddings, report: IngestReport,
                    rng: random.Random) -> None:
    """Encode the batch's texts again at each batch size (in random order) and add the seconds,
    with the batch's own ingestion, to the segment's paired figures."""
    texts = embeddings.texts
    order = ENCODE_BATCHES if rng.random() < 0.5 else ENCODE_BATCHES[::-1]
    for batch_size, seconds in encode_seconds(embeddings, texts, order).items():
        segment[ENCODE_KEY[batch_size]] += seconds
    segment["sampled_chunks"] += len(texts)
    segment["paired_chunks"] += report.chunks
    segment["paired_embedded"] += report.embedded
    segment["paired_ingest_s"] += report.seconds


def _ingest_segment(checkpoint: int, index: PolicyIndex, embeddings: RecordingEmbeddings,
                    corpus: Corpus, ingest: Ingest, memory: PeakRss, *, batch_docs: int,
                    ceiling_every: int, deadline: float, rng: random.Random) -> dict[str, Any]:
    """Ingest further documents until the index holds `checkpoint` chunks or time runs out. After
    every `ceiling_every`-th batch (every batch until MIN_SAMPLED chunks are sampled), all its
    chunk texts are encoded again at each batch size (whole batches: samples of a few dozen
    texts pad worse and would flatter the ratio): the ceiling is measured under the same machine
    load as the ingestion it is compared with. The sampled batches' own ingest time and chunks are
    kept apart, so the ratio compares the same texts: one batch of news encodes up to 1.2x faster
    than the next (shorter or longer chunks)."""
    chunks = _chunk_count(index)
    segment: dict[str, Any] = {"added_chunks": 0, "embedded_chunks": 0, "added_docs": 0, "ingest_s": 0.0,
                               "ingest_encode_s": 0.0,
                               **{ENCODE_KEY[b]: 0.0 for b in ENCODE_BATCHES}, "sampled_chunks": 0,
                               **{key: 0 for key in PAIRED}, "rss_before_mb": memory.reset() / 1e6}
    per_document = 3.0  # first guess; learnt from each batch
    batches = 0
    while chunks < checkpoint and time.monotonic() < deadline:
        paths = corpus.write(max(1, min(batch_docs, math.ceil((checkpoint - chunks) / per_document))))
        if not paths:
            print(f"the corpus has no more documents: stopping at {chunks} chunks")
            checkpoint = chunks
            break
        embeddings.recording = memory.active = True
        embeddings.seconds = 0.0
        report = ingest(paths)
        embeddings.recording = memory.active = False
        segment["ingest_s"] += report.seconds
        segment["ingest_encode_s"] += embeddings.seconds
        segment["added_chunks"] += report.chunks
        segment["embedded_chunks"] += report.embedded
        segment["added_docs"] += len(report.added) + len(report.updated)
        chunks += report.chunks
        per_document = max(1.0, segment["added_chunks"] / max(1, segment["added_docs"]))
        if ceiling_every and embeddings.texts and (batches % ceiling_every == 0 or
                                                   segment["sampled_chunks"] < MIN_SAMPLED):
            _sample_ceiling(segment, embeddings, report, rng)
        batches += 1
        embeddings.texts = []
        print(f"  {chunks:,} chunks ({segment['added_chunks'] / segment['ingest_s']:.1f} chunks/s "
              f"this session)", flush=True)
    segment["peak_rss_mb"] = memory.peak / 1e6
    segment["reached"] = chunks >= checkpoint
    return segment


def _retrieval_latency(index: PolicyIndex, questions: list[str], settings: Settings) -> dict[str, Any]:
    """What a fresh process pays for its BM25 matrix, then each mode on every question (modes
    rotated per question, so all three share the machine's load); milliseconds. The query
    embedding is also timed alone, with torch's default threads and with one thread."""
    import torch

    started = time.perf_counter()
    rows = list(index.catalog.iter_keyword_rows())
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    bm25 = BM25Index(tokens for _, tokens in rows)
    matrix_s = time.perf_counter() - started
    bm25_mb = (bm25.weights.data.nbytes + bm25.weights.indices.nbytes + bm25.weights.indptr.nbytes) / 1e6
    del rows, bm25
    searcher = HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates)
    started = time.perf_counter()
    searcher.search(questions[0], settings.top_k, mode="bm25")  # the first query builds the BM25 matrix
    first_s = time.perf_counter() - started
    for question in questions[:5]:  # warm-up: HNSW segments loaded, caches filled
        searcher.search(question, settings.top_k)
    threads = torch.get_num_threads()
    times: dict[str, list[float]] = {name: [] for name in (*MODES, "embed", "embed_1_thread")}
    for i, question in enumerate(questions):
        for mode in MODES[i % 3:] + MODES[:i % 3]:
            started = time.perf_counter()
            searcher.search(question, settings.top_k, mode=mode)  # type: ignore[arg-type]
            times[mode].append(1000 * (time.perf_counter() - started))
        for name, n in (("embed", threads), ("embed_1_thread", 1))[::1 if i % 2 else -1]:
            torch.set_num_threads(n)
            started = time.perf_counter()
            index.embeddings.embed_query(question)
            times[name].append(1000 * (time.perf_counter() - started))
        torch.set_num_threads(threads)
    return {"queries": len(questions), "torch_threads": threads, "bm25_read_s": read_s,
            "bm25_matrix_s": matrix_s, "bm25_first_query_s": first_s, "bm25_matrix_mb": bm25_mb,
            "latency_ms": {name: {"p50": statistics.median(v), "p95": percentile(v, 0.95)}
                           for name, v in times.items()}}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target-chunks", type=int, default=10_000,
                        help="grow the index to this many chunks, measuring at 1k, 10k, 50k on the way")
    parser.add_argument("--work", type=Path, help="keep documents, index and results here (resumable); "
                                                  "default: a temporary folder, deleted afterwards")
    parser.add_argument("--max-minutes", type=float, default=15.0,
                        help="stop ingesting after this long (then a few minutes of measurements); "
                             "rerun with the same --work to continue")
    parser.add_argument("--queries", type=int, default=200, help="held-out questions per checkpoint")
    parser.add_argument("--batch-docs", type=int, default=50, help="documents per ingest_paths call")
    parser.add_argument("--ceiling-every", type=int, default=4,
                        help="encode every N-th batch again for the ceiling (0: never)")
    parser.add_argument("--profile", type=Path,
                        help="write a pyinstrument profile of the ingest to DIR (no ceiling then)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args()


def _profiled_segment(args: argparse.Namespace, checkpoint: int, **segment_args: Any) -> dict[str, Any]:
    """`_ingest_segment`, under pyinstrument with --profile (its breakdown printed, files written)."""
    if not args.profile:
        return _ingest_segment(checkpoint, ceiling_every=args.ceiling_every, **segment_args)
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    segment = _ingest_segment(checkpoint, ceiling_every=0, **segment_args)
    profiler.stop()
    args.profile.mkdir(parents=True, exist_ok=True)
    stem = args.profile / f"ingest-{checkpoint}"
    stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    stem.with_suffix(".txt").write_text(profiler.output_text(unicode=True), encoding="utf-8")
    for label, seconds in profile_breakdown(profiler.last_session):
        print(f"  profile: {label:<40} {seconds:7.1f} s")
    return segment


def _checkpoint_row(progress: dict[str, Any], work: Path, index: PolicyIndex, questions: list[str],
                    settings: Settings) -> dict[str, Any]:
    """A reached checkpoint's figures: ingestion, sizes on disk, retrieval latency."""
    row: dict[str, Any] = {**ingest_figures(progress), "load_average": os.getloadavg()[0],
                           "chunks": _chunk_count(index), "docs": len(index.catalog.chunk_counts()),
                           "chroma_mb": _size_mb([work / "db/chroma"]),
                           "catalog_mb": _size_mb(sorted((work / "db").glob(f"{CATALOG_FILE}*"))),
                           "docs_mb": _size_mb([work / "docs"])}
    row.update(_retrieval_latency(index, questions, settings))
    row["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    return row


def _run(args: argparse.Namespace, settings: Settings, work: Path, memory: PeakRss) -> None:
    """Grow the index in `work` checkpoint by checkpoint until the target or the deadline."""
    deadline = time.monotonic() + 60 * args.max_minutes
    files = sorted(NEWS.glob("documents_dup_*"))
    embeddings = RecordingEmbeddings(load_embeddings(settings.embedding_model, settings.models_dir))
    index = open_index(work / "db", embeddings)
    config = IngestConfig.from_settings(settings)

    def ingest(paths: list[Path]) -> IngestReport:
        return ingest_paths(paths, index, config=config, count_tokens=embeddings.count_tokens,
                            count_many=embeddings.count_tokens_many, progress=False)

    corpus = Corpus(files[:-1], work / "docs")
    if corpus.written:  # resume: finish an interrupted batch; the rest is skipped as unchanged
        print(f"resuming: {ingest(corpus.written).summary()}", flush=True)
    questions = held_out_questions(files[-1], args.queries, args.seed)
    results_file, progress_file = work / "results.jsonl", work / "progress.json"
    done = {row["checkpoint"] for row in _read_jsonl(results_file)}
    checkpoints = sorted({c for c in CHECKPOINTS if c < args.target_chunks} | {args.target_chunks})
    for checkpoint in (c for c in checkpoints if c not in done):
        progress = json.loads(progress_file.read_text()) if progress_file.exists() else {}
        if progress.get("checkpoint", checkpoint) != checkpoint:
            progress = {}
        print(f"\n== checkpoint {checkpoint:,} chunks (index holds {_chunk_count(index):,}; "
              f"load average {os.getloadavg()[0]:.1f})", flush=True)
        segment = _profiled_segment(
            args, checkpoint, index=index, embeddings=embeddings, corpus=corpus, ingest=ingest, memory=memory,
            batch_docs=args.batch_docs, deadline=deadline,
            # B311: seeded sampling for a benchmark, not security
            rng=random.Random(f"{args.seed}-{checkpoint}-{progress.get('sessions', 0)}"))  # nosec B311
        progress = {**add_segment(progress, segment), "checkpoint": checkpoint}
        if not segment["reached"]:
            progress_file.write_text(json.dumps(progress))
            print(f"time is up at {_chunk_count(index):,} chunks; run the same command again to "
                  "continue", flush=True)
            break
        progress.pop("reached")
        row = _checkpoint_row(progress, work, index, questions, settings)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        with results_file.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        progress_file.unlink(missing_ok=True)
    print(f"\nqueries: opening sentences of {len(questions)} held-out documents, e.g. {questions[0]!r}")
    if results := _read_jsonl(results_file):
        print_tables(results)


def main() -> int:
    args = _arguments()
    settings = Settings.from_env()
    with tempfile.TemporaryDirectory(prefix="policyqa-scale-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        lock = (work / ".lock").open("w")
        try:  # two runs writing to one embedded Chroma store corrupt it
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"error: another bench/scale.py is using {work}; wait for it or stop it", file=sys.stderr)
            return 1
        memory = PeakRss()
        memory.start()
        print(f"work dir {work}; load average {os.getloadavg()[0]:.1f}", flush=True)
        _run(args, settings, work, memory)
        print(f"peak RSS of this session: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB; "
              f"load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
