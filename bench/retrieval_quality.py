"""Retrieval quality, side by side: this project (hybrid), BM25 alone, dense alone, and the plain
LangChain recipe (RecursiveCharacterTextSplitter 500/50 + the same embeddings + Chroma top-k).

    python bench/retrieval_quality.py seeds            # ../shared/eval/dev.jsonl over the seeds
    python bench/retrieval_quality.py cmrc --limit 0   # CMRC 2018 dev: question -> its context
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.evaluation import RetrievalScores, gold_quotes, read_dataset, score_retrieval  # noqa: E402
from assistant.history import parse_history  # noqa: E402
from assistant.question_frame import standalone_question  # noqa: E402
from ingest.config import IngestConfig  # noqa: E402
from ingest.load import load_text  # noqa: E402
from ingest.pipeline import ingest_paths  # noqa: E402
from settings import PROJECT_DIR, Settings  # noqa: E402
from vectorstore.index import open_index  # noqa: E402
from vectorstore.models import load_embeddings  # noqa: E402
from vectorstore.retrieve import HybridSearcher  # noqa: E402

SHARED = PROJECT_DIR.parent / "shared"


def _cmrc_corpus(folder: Path, limit: int) -> tuple[list[dict], dict[str, str]]:
    """Write each CMRC dev context as a document; items carry the file their answer is in."""
    data = json.loads((SHARED / "eval/cmrc2018/squad-style-data/cmrc2018_dev.json").read_text("utf-8"))
    items, file_of = [], {}
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            name = f"{paragraph['id']}.txt"
            (folder / name).write_text(f"{article['title']}\n{paragraph['context']}", encoding="utf-8")
            file_of[paragraph["id"]] = name
            for qa in paragraph["qas"]:
                items.append({"id": qa["id"], "question": qa["question"], "gold_source": name})
    return (items[:limit] if limit else items), file_of


def _plain_recipe(files: list[Path], embeddings, db: Path):  # type: ignore[no-untyped-def]
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    docs = [Document(load_text(path).text, metadata={"source": path.name}) for path in files]
    chunks = splitter.split_documents(docs)
    store = Chroma(collection_name="plain", embedding_function=embeddings, persist_directory=str(db),
                   collection_configuration={"hnsw": {"space": "cosine"}})
    for i in range(0, len(chunks), 256):
        store.add_documents(chunks[i:i + 256])
    return store, len(chunks)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("dataset", choices=["seeds", "cmrc"])
    parser.add_argument("--limit", type=int, default=0, help="questions to ask (0: all)")
    parser.add_argument("--weights", default="", help="extra dense weights to compare, e.g. 0.2,0.6")
    args = parser.parse_args()
    settings = Settings.from_env()
    embeddings = load_embeddings(settings.embedding_model, settings.models_dir)
    work = Path(tempfile.mkdtemp(prefix="policyqa-bench-"))
    if args.dataset == "seeds":
        files = sorted((PROJECT_DIR / "corpus/seeds").glob("*.txt"))
        items = [i for i in read_dataset(SHARED / "eval/dev.jsonl") if gold_quotes(i)]
    else:
        (work / "docs").mkdir()
        items, _ = _cmrc_corpus(work / "docs", args.limit)
        files = sorted((work / "docs").glob("*.txt"))
    started = time.perf_counter()
    index = open_index(work / "db", embeddings)
    report = ingest_paths(files, index, config=IngestConfig.from_settings(settings),
                          count_tokens=embeddings.count_tokens, progress=False)
    print(f"project index: {len(files)} files, {report.chunks} chunks, {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    plain, n_plain = _plain_recipe(files, embeddings, work / "plain")
    print(f"plain recipe index: {n_plain} chunks, {time.perf_counter() - started:.0f} s")

    def run(search) -> RetrievalScores:  # type: ignore[no-untyped-def]
        runs = []
        for item in items:
            query = standalone_question(item["question"], parse_history(item.get("history")))
            found = search(query)
            if args.dataset == "seeds":
                runs.append((gold_quotes(item), [text for text, _ in found]))
            else:  # a hit is a passage from the question's own context
                runs.append((["§" + item["gold_source"]], ["§" + source for _, source in found]))
        return score_retrieval(runs)

    rows = []
    weights = [settings.dense_weight] + [float(w) for w in args.weights.split(",") if w]
    for weight in weights:
        searcher = HybridSearcher(index, dense_weight=weight, candidates=settings.candidates)
        label = "project hybrid" + ("" if weight == settings.dense_weight else f" (dense {weight})")
        rows.append((label, run(lambda q, s=searcher: [(e.chunk.text, e.document.source)
                                                       for e in s.search(q, 5)])))
    searcher = HybridSearcher(index, dense_weight=settings.dense_weight, candidates=settings.candidates)
    for mode in ("bm25", "dense"):
        rows.append((f"project chunks, {mode} only",
                     run(lambda q, m=mode: [(e.chunk.text, e.document.source)
                                            for e in searcher.search(q, 5, mode=m)])))
    rows.append(("plain recipe (500/50, dense)",
                 run(lambda q: [(d.page_content, d.metadata["source"])
                                for d in plain.similarity_search(q, k=5)])))
    print(f"\n{args.dataset}: {len(items)} questions")
    print("| retrieval | recall@1 | recall@5 | MRR | all sources@5 |\n|---|---|---|---|---|")
    for name, s in rows:
        print(f"| {name} | {s.recall_at_1:.3f} | {s.recall_at_5:.3f} | {s.mrr:.3f} | "
              f"{s.all_sources_at_5:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
