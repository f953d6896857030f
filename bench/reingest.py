"""A/B of re-ingesting amended documents: the shipped index, which reuses the stored vectors of
unchanged passages, against the same index with its text hashes cleared (what a catalog from
before vector reuse looks like), so every chunk of a changed document is embedded again.

    python bench/reingest.py [--rounds 6] [--corpus corpus/seeds]

Both indexes first ingest the corpus. Each round amends every file the same way in both copies
(one digit, at a random place, is changed: a revised figure), then re-ingests both, alternating
which goes first. Reported: chunks embedded and seconds per round, medians and their ratio.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import pipeline  # noqa: E402
from ingest.config import IngestConfig  # noqa: E402
from settings import PROJECT_DIR, Settings  # noqa: E402
from vectorstore.index import PolicyIndex, open_index  # noqa: E402
from vectorstore.models import load_embeddings  # noqa: E402

_DIGIT = re.compile(r"\d")


def _amend(folder: Path, rng: random.Random) -> list[tuple[str, int]]:
    """Change one digit in each file; return (file name, offset) so the other copy gets the same."""
    edits = []
    for path in sorted(folder.iterdir()):
        text = path.read_text("utf-8")
        digits = [m.start() for m in _DIGIT.finditer(text)]
        if digits:
            at = rng.choice(digits)
            edits.append((path.name, at))
    return edits


def _apply(folder: Path, edits: list[tuple[str, int]]) -> None:
    for name, at in edits:
        path = folder / name
        text = path.read_text("utf-8")
        path.write_text(text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1:], "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--corpus", type=Path, default=PROJECT_DIR / "corpus/seeds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    settings = Settings.from_env()
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    config = IngestConfig.from_settings(settings)
    # B311: seeded sampling for a benchmark, not security
    rng = random.Random(args.seed)  # nosec B311
    with tempfile.TemporaryDirectory(prefix="policyqa-reingest-") as work:
        arms = ("reuse", "embed all")
        folders = {arm: Path(work) / f"docs-{n}" for n, arm in enumerate(arms)}
        indexes: dict[str, PolicyIndex] = {}
        for n, arm in enumerate(arms):
            shutil.copytree(args.corpus, folders[arm])
            indexes[arm] = open_index(Path(work) / f"db-{n}", embeddings)

        def ingest(arm: str) -> pipeline.IngestReport:
            return pipeline.ingest_paths([folders[arm]], indexes[arm], config=config,
                                         count_tokens=embeddings.count_tokens,
                                         count_many=embeddings.count_tokens_many, progress=False)

        first = {arm: ingest(arm) for arm in arms}
        print(f"corpus: {len(first['reuse'].added)} documents, {first['reuse'].chunks} chunks")
        rows: dict[str, list[tuple[int, int, float]]] = {arm: [] for arm in arms}
        for round_ in range(args.rounds):
            edits = _amend(folders["reuse"], rng)
            for arm in arms:
                _apply(folders[arm], edits)
            indexes["embed all"].catalog.db.execute("UPDATE chunks SET text_hash = NULL")
            for arm in arms[:: 1 if round_ % 2 == 0 else -1]:
                started = time.perf_counter()
                report = ingest(arm)
                rows[arm].append((report.chunks, report.embedded, time.perf_counter() - started))
            print(f"round {round_}: " + "; ".join(
                f"{arm} {c} chunks, {e} embedded, {s:.2f} s" for arm, (c, e, s) in
                ((a, rows[a][-1]) for a in arms)), flush=True)
        counts = {arm: indexes[arm].store.chunks.count() for arm in arms}
    print(f"\n{args.rounds} rounds, one digit changed per file per round; chunks in each index: {counts}")
    print("| index | chunks re-ingested p50 | embedded p50 | seconds p50 | seconds vs embed all "
          "(median of rounds) |\n|---|---|---|---|---|")
    ratios = [a[2] / b[2] for a, b in zip(rows["reuse"], rows["embed all"], strict=True)]
    for arm in arms:
        print(f"| {arm} | {statistics.median(r[0] for r in rows[arm]):.0f} | "
              f"{statistics.median(r[1] for r in rows[arm]):.0f} | "
              f"{statistics.median(r[2] for r in rows[arm]):.2f} | "
              f"{statistics.median(ratios) if arm == 'reuse' else 1.0:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
