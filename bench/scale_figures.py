"""The scale bench's figures: checkpoint totals -> throughput ratios and tables; profiles -> stages."""

from __future__ import annotations

from typing import Any

MODES = ("hybrid", "bm25", "dense")
# Ingestion's batch size and its neighbour: the two fastest in an A/B on this machine (batch
# 2/4/8/16/32: 26.8/28.3/27.4/23.4/18.7 chunks/s); sentence-transformers' default 32 is far slower.
ENCODE_BATCHES = (4, 8)
ENCODE_KEY = {b: f"encode_b{b}_s" for b in ENCODE_BATCHES}
# chunks, embedded chunks and ingest seconds of the batches the ceiling re-encoded
PAIRED = ("paired_chunks", "paired_embedded", "paired_ingest_s")


def profile_breakdown(session: Any) -> list[tuple[str, float]]:
    """Seconds inside each stage of ingestion (outermost calls; nested stages counted apart)."""
    stages = {("embed_documents", "vectorstore/models.py"): "embedding (m3e encode)",
              ("tokenize", "core/tokens.py"): "keyword tokens (index.put)",
              ("add_chunks", "vectorstore/store.py"): "Chroma writes: chunks",
              ("add_documents", "vectorstore/store.py"): "Chroma writes: document records",
              ("delete_document", "vectorstore/store.py"): "Chroma deletes",
              ("commit_document", "vectorstore/catalog.py"): "catalog commit (SQLite)",
              ("split_into_chunks", "ingest/split.py"): "splitting (split_into_chunks)",
              ("count_tokens", "vectorstore/models.py"): "  of which: m3e token counts",
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


def add_segment(progress: dict[str, Any], segment: dict[str, Any]) -> dict[str, Any]:
    """Fold one session's part of a checkpoint into its running totals."""
    if not progress:
        return {**segment, "sessions": 1}
    total = {key: progress.get(key, 0) + segment[key] for key in
             ("added_chunks", "embedded_chunks", "added_docs", "ingest_s", "ingest_encode_s",
              *ENCODE_KEY.values(), "sampled_chunks", *PAIRED)}
    return {**progress, **total, "peak_rss_mb": max(progress["peak_rss_mb"], segment["peak_rss_mb"]),
            "sessions": progress["sessions"] + 1}


def ingest_figures(progress: dict[str, Any]) -> dict[str, Any]:
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
    if not chunks or not all(progress.get(key) for key in ENCODE_KEY.values()):
        return {**progress, **counts, "ingest_cps": None, "encode_cps": {}, "ingest_vs_ceiling": None,
                "embedded_vs_ceiling": None}
    encode_cps = {b: progress["sampled_chunks"] / progress[ENCODE_KEY[b]] for b in ENCODE_BATCHES}
    ceiling = max(encode_cps.values())
    ingest_cps = chunks / progress["ingest_s"]
    unpaired = (chunks, embedded, progress["ingest_s"])
    paired = tuple(progress.get(key, 0) for key in PAIRED)
    ratios = {}
    for suffix, (all_chunks, embedded_chunks, seconds) in (("_unpaired", unpaired),
                                                           ("", paired if paired[2] else unpaired)):
        ratios[f"ingest_vs_ceiling{suffix}"] = all_chunks / seconds / ceiling
        ratios[f"embedded_vs_ceiling{suffix}"] = embedded_chunks / seconds / ceiling
    return {**progress, **counts, "ingest_cps": ingest_cps, "encode_cps": encode_cps, **ratios,
            "encode_share": progress.get("ingest_encode_s", 0) / progress["ingest_s"] or None}


def print_tables(results: list[dict[str, Any]]) -> None:
    def num(value: Any, fmt: str = ".0f") -> str:
        return "–" if value is None else format(value, fmt)

    print("\n| chunks | docs | ingest chunks/s | embedded (reused) | encode alone chunks/s: batch 4 / "
          "batch 8 | ingest / faster encode (same batches) | embedded only / faster encode | share "
          "of ingest in its encode calls | peak RSS MB (start) | Chroma MB | catalog MB | sessions |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        r = ingest_figures(r)  # rows of older versions of this script included
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
        print(f"| {r['chunks']:,} | {cells} | "
              f"{lat['embed']['p50']:.1f} / {lat['embed_1_thread']['p50']:.1f} | "
              f"{r['bm25_first_query_s']:.2f} ({r['bm25_read_s']:.2f} + {r['bm25_matrix_s']:.2f}) | "
              f"{r['bm25_matrix_mb']:.1f} |")
