"""How long `match` takes on a 600-document index, without an LLM: the 5 seeds, the 68 eval/match news items
and news documents up to 600, ingested as `python -m ingest` does (real embeddings, embedded Chroma).

Timed per call, over the 16 eval/match profiles, several rounds: a match as the API and the tab run it
(the catalog's measures, cached by catalog version, then the matcher), the first match after the catalog
changed (measures read and parsed again), and the CLI's whole `python -m assistant match` in a fresh
process. Baseline in the same run: one hybrid retrieval (the chat's first step) on the same index.

    .venv/bin/python -m bench.match_latency [--docs 600] [--rounds 5]
"""

from __future__ import annotations

import argparse
import datetime
import json
import shutil
import statistics
import subprocess  # nosec B404: runs this project's own CLI
import sys
import tempfile
import time
from pathlib import Path

from assistant.matcher import match
from assistant.profile import profile_from
from bench.news import NEWS, Corpus
from ingest.config import IngestConfig
from ingest.pipeline import ingest_paths
from settings import Settings
from vectorstore.index import open_index
from vectorstore.models import load_embeddings
from vectorstore.retrieve import HybridSearcher

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "eval" / "match"
QUESTIONS = ("高新技术企业认定奖励标准是多少", "对小微企业有哪些房租减免", "引进博士有什么补贴")


def _corpus(folder: Path, docs: int) -> list[Path]:
    """The seeds, the eval/match items and news documents, `docs` files in all, copied into `folder`."""
    chosen = sorted((REPO / "corpus" / "seeds").glob("*.txt")) + sorted((EVAL / "news").glob("*.txt"))
    copied = folder / "policies"
    copied.mkdir(parents=True)
    for path in chosen:
        shutil.copy(path, copied / path.name)
    news = Corpus(sorted(NEWS.glob("*")), folder / "news").write(docs - len(chosen))
    return [copied, *news]


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    today = datetime.date.today()
    profiles = [profile_from(json.loads(line)["profile"], today=today)
                for line in (EVAL / "profiles.jsonl").read_text(encoding="utf-8").splitlines()]
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = _corpus(root, args.docs)
        index = open_index(root / "db", embeddings)
        started = time.perf_counter()
        report = ingest_paths(paths, index, config=IngestConfig.from_settings(settings),
                              count_tokens=embeddings.count_tokens, count_many=embeddings.count_tokens_many,
                              progress=False, today=today)
        print(f"ingested {report.summary()} in {time.perf_counter() - started:.0f} s", flush=True)
        catalog = index.catalog
        documents = len(catalog.documents())
        searcher = HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates,
                                  today=settings.as_of)
        searcher.search(QUESTIONS[0], k=settings.top_k)  # loads the keyword index once

        warm, cold, retrieve = [], [], []
        for _ in range(args.rounds):
            for profile in profiles:
                catalog._measures = None  # as after an upload: read and parse again
                started = time.perf_counter()
                match(profile, catalog.measures(today=today), k=20)
                cold.append(time.perf_counter() - started)
                started = time.perf_counter()
                match(profile, catalog.measures(today=today), k=20)
                warm.append(time.perf_counter() - started)
            for question in QUESTIONS:
                started = time.perf_counter()
                searcher.search(question, k=settings.top_k)
                retrieve.append(time.perf_counter() - started)
        measures = len(catalog.measures(today=today))
        catalog.close()

        profile_file = root / "profile.json"
        profile_file.write_text(json.dumps({"region": "杭州市", "size": "小型"}, ensure_ascii=False), encoding="utf-8")
        cli = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "assistant", "match", "--profile", str(profile_file),  # nosec B603
                            "--db", str(root / "db"), "--json"], check=True, capture_output=True, cwd=REPO)
            cli.append(time.perf_counter() - started)

    print(f"\n{documents} documents, {measures} support measures, {len(profiles)} profiles x {args.rounds} rounds "
          "(medians)\n")
    print("| step | median ms | vs one hybrid retrieval |")
    print("|---|---|---|")
    base = _median_ms(retrieve)
    for label, samples in (("match (measures cached, as the API and tab run it)", warm),
                           ("match after the catalog changed (measures read again)", cold),
                           ("hybrid retrieval of one question (baseline)", retrieve),
                           ("`python -m assistant match` CLI, whole process", cli)):
        print(f"| {label} | {_median_ms(samples):.1f} | {_median_ms(samples) / base:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
