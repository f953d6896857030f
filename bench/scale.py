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
import itertools
import json
import math
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer_eval import percentile  # noqa: E402
from ingest.pipeline import index_fingerprint, ingest_paths  # noqa: E402
from settings import PROJECT_DIR, Settings  # noqa: E402
from vectorstore.index import CATALOG_FILE, PolicyIndex, open_index  # noqa: E402
from vectorstore.keyword import BM25Index  # noqa: E402
from vectorstore.models import SentenceEmbeddings, load_embeddings  # noqa: E402
from core.token_count import load_tiktoken_counter  # noqa: E402
from vectorstore.retrieve import HybridSearcher  # noqa: E402

NEWS = PROJECT_DIR.parent / "shared/data/crud-rag-news/data/80000_docs"
CHECKPOINTS = (1_000, 10_000, 50_000)
MODES = ("hybrid", "bm25", "dense")
# Ingestion's batch size and its neighbour: the two fastest in an A/B on this machine (batch
# 2/4/8/16/32: 26.8/28.3/27.4/23.4/18.7 chunks/s); sentence-transformers' default 32 is far slower.
ENCODE_BATCHES = (4, 8)
_ENCODE_KEY = {b: f"encode_b{b}_s" for b in ENCODE_BATCHES}
# Every batch is re-encoded until a checkpoint's sample holds this many chunks, then every N-th:
# a 1k checkpoint has five batches, and batch to batch the encode rate varies by up to 1.2x.
MIN_SAMPLED = 1_000
# chunks, embedded chunks and ingest seconds of the batches the ceiling re-encoded
_PAIRED = ("paired_chunks", "paired_embedded", "paired_ingest_s")
_DATELINE = re.compile(r"^[^，。]{0,40}?(日电|日讯|报道|消息)[\s：:]*")
_ASIDE = re.compile(r"[（(][^）)]{0,40}[）)]")


def _parse_line(line: str) -> tuple[str, str]:
    """`<timestamp>，正文：<body>` -> (timestamp, body)."""
    stamp, sep, body = line.partition("，正文：")
    return (stamp.strip(" []，,"), body.strip()) if sep else ("", line.strip())


def _news_lines(files: list[Path], skip: int = 0) -> Iterator[tuple[int, str, str]]:
    """(ordinal, timestamp, body) of every document after the first `skip`, read line by line."""
    ordinals = itertools.count()
    for file in files:
        with file.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip() and (ordinal := next(ordinals)) >= skip:
                    yield ordinal, *_parse_line(line)


def _opening_sentence(body: str, limit: int = 60) -> str:
    """A question-sized query: the first sentence without dateline and asides, at most `limit` chars."""
    text = _DATELINE.sub("", _ASIDE.sub("", body), count=1)
    return re.split(r"[。！？]", text, maxsplit=1)[0].strip(" ，,：:")[:limit]


def _held_out_questions(file: Path, n: int, seed: int) -> list[str]:
    with file.open(encoding="utf-8") as lines:
        count = sum(1 for line in lines if line.strip())
    chosen = set(random.Random(seed).sample(range(count), min(n, count)))
    questions = [_opening_sentence(body) for i, _, body in _news_lines([file]) if i in chosen]
    return [q for q in questions if len(q) >= 8]


class _PeakRss(threading.Thread):
    """Samples this process's resident memory every 20 ms while `active`; `peak` since `reset`."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.peak = 0
        self.active = False

    def now(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def reset(self) -> int:
        self.peak = self.now()
        return self.peak

    def run(self) -> None:
        while True:
            if self.active:
                self.peak = max(self.peak, self.now())
            time.sleep(0.02)


class _RecordingEmbeddings(SentenceEmbeddings):
    """The same model; while `recording`, keeps every text it embeds and the seconds it took, so
    the ceiling can re-encode what ingestion has just embedded."""

    def __init__(self, embeddings: SentenceEmbeddings) -> None:
        super().__init__(embeddings.model, embeddings.name, embeddings.batch_size)
        self.recording = False
        self.texts: list[str] = []
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self.recording:
            return super().embed_documents(texts)
        started = time.perf_counter()
        vectors = super().embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.texts += texts
        return vectors


def _encode_seconds(embeddings: SentenceEmbeddings, texts: list[str],
                    order: tuple[int, ...]) -> dict[int, float]:
    """Seconds to encode the texts in one call (the model sorts them by length) at each batch
    size: the raw model with nothing else to do."""
    seconds = {}
    for batch_size in order:
        raw = SentenceEmbeddings(embeddings.model, embeddings.name, batch_size)
        started = time.perf_counter()
        raw.embed_documents(texts)
        seconds[batch_size] = time.perf_counter() - started
    return seconds


def _chunk_count(index: PolicyIndex) -> int:
    return sum(index.catalog.chunk_counts().values())


def _size_mb(paths: list[Path]) -> float:
    files = [f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


class _Corpus:
    """Writes the next news documents into WORK/docs, continuing after the files already there."""

    def __init__(self, files: list[Path], folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.written = sorted(folder.glob("news-*.txt"))
        skip = int(self.written[-1].stem.split("-")[1]) + 1 if self.written else 0
        self.lines = _news_lines(files, skip)

    def write(self, n: int) -> list[Path]:
        paths = []
        for ordinal, stamp, body in itertools.islice(self.lines, n):
            path = self.folder / f"news-{ordinal:05d}.txt"
            path.write_text(f"{stamp}\n{body}\n", encoding="utf-8")
            paths.append(path)
        return paths


def _profile_breakdown(session: Any) -> list[tuple[str, float]]:
    """Seconds inside each stage of ingestion (outermost calls; nested stages counted apart)."""
    stages = {("embed_documents", "vectorstore/models.py"): "embedding (m3e encode)",
              ("tokenize", "vectorstore/keyword.py"): "keyword tokens (index.put)",
              ("add_chunks", "vectorstore/store.py"): "Chroma writes: chunks",
              ("add_documents", "vectorstore/store.py"): "Chroma writes: document records",
              ("delete_document", "vectorstore/store.py"): "Chroma deletes",
              ("commit_document", "vectorstore/catalog.py"): "catalog commit (SQLite)",
              ("split_into_chunks", "ingest/split.py"): "splitting (split_into_chunks)",
              ("count_tokens", "vectorstore/models.py"): "  of which: m3e token counts",
              ("<lambda>", "vectorstore/models.py"): "tiktoken counts",
              ("clean_text", "ingest/clean.py"): "cleaning",
              ("extract_metadata", "ingest/metadata.py"): "metadata (place names)",
              ("load_text", "ingest/load.py"): "loading + encoding detection",
              ("document_id", "ingest/pipeline.py"): "hashing"}
    totals: dict[str, float] = {}

    def walk(frame: Any, inside: frozenset[str]) -> None:
        name = next((label for (function, path), label in stages.items()
                     if frame.function == function and (frame.file_path or "").endswith(path)), None)
        if name and name not in inside:
            totals[name] = totals.get(name, 0.0) + frame.time
            inside = inside | {name}
        for child in frame.children:
            walk(child, inside)

    root = session.root_frame()
    walk(root, frozenset())
    return [("total (profiled ingest)", root.time)] + sorted(totals.items(), key=lambda kv: -kv[1])


def _ingest_segment(checkpoint: int, index: PolicyIndex, embeddings: _RecordingEmbeddings,
                    corpus: _Corpus, ingest: Any, memory: _PeakRss, *, batch_docs: int,
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
                               **{_ENCODE_KEY[b]: 0.0 for b in ENCODE_BATCHES}, "sampled_chunks": 0,
                               **{key: 0 for key in _PAIRED},
                               "rss_before_mb": memory.reset() / 1e6}
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
            texts = embeddings.texts
            order = ENCODE_BATCHES if rng.random() < 0.5 else ENCODE_BATCHES[::-1]
            for batch_size, seconds in _encode_seconds(embeddings, texts, order).items():
                segment[_ENCODE_KEY[batch_size]] += seconds
            segment["sampled_chunks"] += len(texts)
            segment["paired_chunks"] += report.chunks
            segment["paired_embedded"] += report.embedded
            segment["paired_ingest_s"] += report.seconds
        batches += 1
        embeddings.texts = []
        print(f"  {chunks:,} chunks ({segment['added_chunks'] / segment['ingest_s']:.1f} chunks/s "
              f"this session)", flush=True)
    segment["peak_rss_mb"] = memory.peak / 1e6
    segment["reached"] = chunks >= checkpoint
    return segment


def _add_segment(progress: dict[str, Any], segment: dict[str, Any]) -> dict[str, Any]:
    """Fold one session's part of a checkpoint into its running totals."""
    if not progress:
        return {**segment, "sessions": 1}
    total = {key: progress.get(key, 0) + segment[key] for key in
             ("added_chunks", "embedded_chunks", "added_docs", "ingest_s", "ingest_encode_s",
              *_ENCODE_KEY.values(), "sampled_chunks", *_PAIRED)}
    return {**progress, **total, "peak_rss_mb": max(progress["peak_rss_mb"], segment["peak_rss_mb"]),
            "sessions": progress["sessions"] + 1}


def _ingest_figures(progress: dict[str, Any]) -> dict[str, Any]:
    """Chunks/s of ingestion (all its chunks) and of the encode alone at each batch size (the
    sampled batches' embedded chunks); the ceiling is the faster one. The ratios compare the
    sampled batches' ingestion with the ceiling on the same texts (rows from before that pairing
    compare all batches; `*_unpaired` keeps that figure). Chunks that reused a stored vector count
    in `ingest_vs_ceiling` only: `embedded_vs_ceiling` is the pipeline's overhead around the
    encode. Rows from older versions of this script (other keys) get no ratio; rows from before
    vector reuse embedded all."""
    chunks = progress.get("added_chunks", 0)
    embedded = progress.get("embedded_chunks", chunks)
    counts = {"embedded_chunks": embedded, "reused_chunks": chunks - embedded}
    if not chunks or not all(progress.get(key) for key in _ENCODE_KEY.values()):
        return {**progress, **counts, "ingest_cps": None, "encode_cps": {}, "ingest_vs_ceiling": None,
                "embedded_vs_ceiling": None}
    encode_cps = {b: progress["sampled_chunks"] / progress[_ENCODE_KEY[b]] for b in ENCODE_BATCHES}
    ceiling = max(encode_cps.values())
    ingest_cps = chunks / progress["ingest_s"]
    unpaired = (chunks, embedded, progress["ingest_s"])
    paired = tuple(progress.get(key, 0) for key in _PAIRED)
    ratios = {}
    for suffix, (all_chunks, embedded_chunks, seconds) in (("_unpaired", unpaired),
                                                           ("", paired if paired[2] else unpaired)):
        ratios[f"ingest_vs_ceiling{suffix}"] = all_chunks / seconds / ceiling
        ratios[f"embedded_vs_ceiling{suffix}"] = embedded_chunks / seconds / ceiling
    return {**progress, **counts, "ingest_cps": ingest_cps, "encode_cps": encode_cps, **ratios,
            "encode_share": progress.get("ingest_encode_s", 0) / progress["ingest_s"] or None}


def _retrieval_latency(index: PolicyIndex, questions: list[str], dense_weight: float,
                       k: int) -> dict[str, Any]:
    """What a fresh process pays for its BM25 matrix, then each mode on every question (modes
    rotated per question, so all three share the machine's load); milliseconds. The query
    embedding is also timed alone, with torch's default threads and with one thread."""
    import torch

    started = time.perf_counter()
    rows = index.catalog.keyword_rows()
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    bm25 = BM25Index(tokens for _, tokens in rows)
    matrix_s = time.perf_counter() - started
    bm25_mb = (bm25.weights.data.nbytes + bm25.weights.indices.nbytes + bm25.weights.indptr.nbytes) / 1e6
    del rows, bm25
    searcher = HybridSearcher(index, dense_weight=dense_weight)
    started = time.perf_counter()
    searcher.search(questions[0], k, mode="bm25")  # the first query builds the BM25 matrix
    first_s = time.perf_counter() - started
    for question in questions[:5]:  # warm-up: HNSW segments loaded, caches filled
        searcher.search(question, k)
    threads = torch.get_num_threads()
    times: dict[str, list[float]] = {name: [] for name in (*MODES, "embed", "embed_1_thread")}
    for i, question in enumerate(questions):
        for mode in MODES[i % 3:] + MODES[:i % 3]:
            started = time.perf_counter()
            searcher.search(question, k, mode=mode)  # type: ignore[arg-type]
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


def _print_tables(results: list[dict[str, Any]]) -> None:
    def num(value: Any, fmt: str = ".0f") -> str:
        return "–" if value is None else format(value, fmt)

    print("\n| chunks | docs | ingest chunks/s | embedded (reused) | encode alone chunks/s: batch 4 / "
          "batch 8 | ingest / faster encode (same batches) | embedded only / faster encode | share "
          "of ingest in its encode calls | peak RSS MB (start) | Chroma MB | catalog MB | sessions |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        r = _ingest_figures(r)  # rows of older versions of this script included
        print(f"| {r['chunks']:,} | {r['docs']:,} | {num(r['ingest_cps'], '.1f')} | "
              f"{r['embedded_chunks']:,} ({r['reused_chunks']:,}) | "
              f"{' / '.join(num(r['encode_cps'].get(b), '.1f') for b in ENCODE_BATCHES)} | "
              f"{num(r['ingest_vs_ceiling'], '.2f')} | {num(r.get('embedded_vs_ceiling'), '.2f')} | "
              f"{num(r.get('encode_share'), '.2f')} | "
              f"{num(r.get('peak_rss_mb'))} "
              f"({num(r.get('rss_before_mb'))}) | {r['chroma_mb']:.0f} | {r['catalog_mb']:.0f} | "
              f"{r.get('sessions', 0)} |")
    print("\n| chunks | hybrid p50 / p95 ms | BM25 p50 / p95 | dense p50 / p95 | query embedding p50: "
          "default threads / 1 thread | BM25 build s (read + matrix) | BM25 matrix MB |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        lat = r["latency_ms"]
        cells = " | ".join(f"{lat[m]['p50']:.1f} / {lat[m]['p95']:.1f}" for m in MODES)
        print(f"| {r['chunks']:,} | {cells} | {lat['embed']['p50']:.1f} / {lat['embed_1_thread']['p50']:.1f} | "
              f"{r['bm25_first_query_s']:.2f} ({r['bm25_read_s']:.2f} + {r['bm25_matrix_s']:.2f}) | "
              f"{r['bm25_matrix_mb']:.1f} |")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8")] if path.exists() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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
    args = parser.parse_args()
    settings = Settings.from_env()
    deadline = time.monotonic() + 60 * args.max_minutes
    files = sorted(NEWS.glob("documents_dup_*"))
    with tempfile.TemporaryDirectory(prefix="policyqa-scale-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        lock = (work / ".lock").open("w")
        try:  # two runs writing to one embedded Chroma store corrupt it
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"error: another bench/scale.py is using {work}; wait for it or stop it", file=sys.stderr)
            return 1
        memory = _PeakRss()
        memory.start()
        print(f"work dir {work}; load average {os.getloadavg()[0]:.1f}", flush=True)
        embeddings = _RecordingEmbeddings(load_embeddings(settings.embedding_model, settings.models_dir))
        tiktoken = load_tiktoken_counter(settings.models_dir)
        index = open_index(work / "db", embeddings)
        fingerprint = index_fingerprint(settings.chunk_tokens, settings.embedding_model)

        def ingest(paths: list[Path]) -> Any:
            return ingest_paths(paths, index, chunk_tokens=settings.chunk_tokens, fingerprint=fingerprint,
                                count_tokens=embeddings.count_tokens, count_tiktoken=tiktoken,
                                count_many=embeddings.count_tokens_many,
                                progress=False)

        corpus = _Corpus(files[:-1], work / "docs")
        if corpus.written:  # resume: finish an interrupted batch; the rest is skipped as unchanged
            print(f"resuming: {ingest(corpus.written).summary()}", flush=True)
        questions = _held_out_questions(files[-1], args.queries, args.seed)
        results_file, progress_file = work / "results.jsonl", work / "progress.json"
        done = {row["checkpoint"] for row in _read_jsonl(results_file)}
        checkpoints = sorted({c for c in CHECKPOINTS if c < args.target_chunks} | {args.target_chunks})
        for checkpoint in (c for c in checkpoints if c not in done):
            progress = json.loads(progress_file.read_text()) if progress_file.exists() else {}
            if progress.get("checkpoint", checkpoint) != checkpoint:
                progress = {}
            print(f"\n== checkpoint {checkpoint:,} chunks (index holds {_chunk_count(index):,}; "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
            profiler = None
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.002)
                profiler.start()
            segment = _ingest_segment(
                checkpoint, index, embeddings, corpus, ingest, memory, batch_docs=args.batch_docs,
                ceiling_every=0 if args.profile else args.ceiling_every, deadline=deadline,
                rng=random.Random(f"{args.seed}-{checkpoint}-{progress.get('sessions', 0)}"))
            if profiler:
                profiler.stop()
                args.profile.mkdir(parents=True, exist_ok=True)
                stem = args.profile / f"ingest-{checkpoint}"
                stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
                stem.with_suffix(".txt").write_text(profiler.output_text(unicode=True), encoding="utf-8")
                for label, seconds in _profile_breakdown(profiler.last_session):
                    print(f"  profile: {label:<40} {seconds:7.1f} s")
            progress = {**_add_segment(progress, segment), "checkpoint": checkpoint}
            if not segment["reached"]:
                progress_file.write_text(json.dumps(progress))
                print(f"time is up at {_chunk_count(index):,} chunks; run the same command again to "
                      "continue", flush=True)
                break
            progress.pop("reached")
            row: dict[str, Any] = {**_ingest_figures(progress), "load_average": os.getloadavg()[0],
                                   "chunks": _chunk_count(index), "docs": len(index.catalog.chunk_counts()),
                                   "chroma_mb": _size_mb([work / "db/chroma"]),
                                   "catalog_mb": _size_mb(sorted((work / "db").glob(f"{CATALOG_FILE}*"))),
                                   "docs_mb": _size_mb([work / "docs"])}
            row.update(_retrieval_latency(index, questions, settings.dense_weight, settings.top_k))
            row["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
            print(json.dumps(row, ensure_ascii=False), flush=True)
            with results_file.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            progress_file.unlink(missing_ok=True)
        print(f"\nqueries: opening sentences of {len(questions)} held-out documents, e.g. {questions[0]!r}")
        if results := _read_jsonl(results_file):
            _print_tables(results)
        print(f"peak RSS of this session: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB; "
              f"load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
