"""What reading status and targets at ingest costs, on real Chinese news: ingestion throughput with and
without the knowledge step (`ingest.knowledge.refresh_knowledge`), measured in one run after a
discarded warm-up, alternating which goes first, each into a fresh index; medians and their ratio,
and the step's own seconds inside the runs with it (run-to-run noise is larger than the step).

    .venv/bin/python bench/knowledge_cost.py [--docs 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from news import NEWS, Corpus  # noqa: E402

import ingest.pipeline  # noqa: E402
from ingest.config import IngestConfig  # noqa: E402
from ingest.knowledge import refresh_knowledge  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from settings import Settings  # noqa: E402
from vectorstore.index import open_index  # noqa: E402
from vectorstore.models import load_embeddings  # noqa: E402


def _ingest_seconds(docs: list[Path], work: Path, embeddings: object, *,
                    knowledge: bool) -> tuple[float, float, int]:
    """Seconds to ingest `docs` into a fresh index, of which the knowledge step, and the chunks."""
    index = open_index(work, embeddings)  # type: ignore[arg-type]
    settings = Settings.from_env()
    config = IngestConfig.from_settings(settings)
    step_s = [0.0]

    def timed_step(catalog: object, *, today: object) -> int:
        started = time.perf_counter()
        read = refresh_knowledge(catalog, today=today) if knowledge else 0  # type: ignore[arg-type]
        step_s[0] += time.perf_counter() - started
        return read

    with mock.patch.object(ingest.pipeline, "refresh_knowledge", timed_step):
        started = time.perf_counter()
        report = ingest_paths(docs, index, config=config, count_tokens=index.embeddings.count_tokens,
                              count_many=index.embeddings.count_tokens_many, progress=False)
        seconds = time.perf_counter() - started
    if report.read != (len(docs) if knowledge else 0) or report.skipped:
        raise RuntimeError(f"the news documents did not all ingest: {report.summary()}")
    return seconds, step_s[0], report.chunks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docs = Corpus(sorted(NEWS.glob("*")), root / "docs").write(args.docs)
        _ingest_seconds(docs, root / "warm-up", embeddings, knowledge=True)
        seconds: dict[bool, list[float]] = {True: [], False: []}
        step: list[float] = []
        chunks = 0
        for round_ in range(args.rounds):
            for knowledge in ((True, False) if round_ % 2 == 0 else (False, True)):
                spent, step_s, chunks = _ingest_seconds(docs, root / f"db-{round_}-{knowledge}", embeddings,
                                                        knowledge=knowledge)
                seconds[knowledge].append(spent)
                if knowledge:
                    step.append(step_s / spent)
                print(f"round {round_ + 1} {'with' if knowledge else 'without'} knowledge: {spent:.1f} s"
                      + (f" (step {step_s:.2f} s)" if knowledge else ""), flush=True)
    with_, without = statistics.median(seconds[True]), statistics.median(seconds[False])
    print(f"\n{len(docs)} news documents, {chunks} chunks, {args.rounds} rounds (median)\n")
    print("| ingest | seconds | docs/s | chunks/s |\n|---|---|---|---|")
    for name, spent in (("without knowledge step", without), ("with knowledge step", with_)):
        print(f"| {name} | {spent:.1f} | {len(docs) / spent:.1f} | {chunks / spent:.1f} |")
    print(f"\nthroughput with / without: {without / with_:.3f} (medians of separate runs)")
    print(f"the step's share of an ingest with it: {statistics.median(step):.4f} (median), so throughput "
          f"with / without the step inside one run: {1 - statistics.median(step):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
