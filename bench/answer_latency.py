"""Answer latency, side by side: time to the first released text and to the full answer, p50 and
p95, for the local LLM and the extractive backend (the baseline), on the same questions in one run.

    python bench/answer_latency.py                         # ../shared/eval/dev.jsonl, local + extractive
    python bench/answer_latency.py --limit 10 --max-minutes 15

Every question goes to each backend in turn (the order alternates), so both see the same machine
load; ratios are local / extractive. "First token" is `timings.first_token_s` of
`python -m assistant ask --json`: when the first clause that passed the figure check is released to
the user, retrieval included, not the model's first raw token. The quality figures of the same
backends come from `python -m assistant eval DATASET --backend ...`, which also prints p50/p95.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer_eval import percentile  # noqa: E402
from assistant.evaluation import read_dataset  # noqa: E402
from assistant.history import parse_history  # noqa: E402
from assistant.wiring import build_assistant  # noqa: E402
from settings import PROJECT_DIR, Settings  # noqa: E402

TIMINGS = ("retrieve_s", "first_token_s", "total_s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, nargs="?", default=PROJECT_DIR.parent / "shared/eval/dev.jsonl")
    parser.add_argument("--backends", default="local,extractive",
                        help="comma-separated; the last is the baseline")
    parser.add_argument("--limit", type=int, default=0, help="questions to ask (0: all)")
    parser.add_argument("--max-minutes", type=float, default=20.0, help="stop asking after this long")
    parser.add_argument("--db", type=Path, help="index directory (default POLICYQA_DB)")
    args = parser.parse_args()
    settings = Settings.from_env()
    items = read_dataset(args.dataset)[: args.limit or None]
    backends = args.backends.split(",")
    assistants = {name: build_assistant(settings, args.db, name) for name in backends}
    timings: dict[str, dict[str, list[float]]] = {name: {key: [] for key in TIMINGS} for name in backends}
    fallbacks = {name: 0 for name in backends}
    deadline = time.monotonic() + 60 * args.max_minutes
    asked = 0
    for n, item in enumerate(items):
        if time.monotonic() > deadline:
            print(f"time is up after {asked} of {len(items)} questions")
            break
        for name in backends if n % 2 == 0 else backends[::-1]:
            answer = assistants[name].ask(item["question"], parse_history(item.get("history")))
            fallbacks[name] += bool(answer.fallback_reason)
            for key in TIMINGS:
                timings[name][key].append(answer.timings.get(key, 0.0))
            print(f"{item.get('id')} {name:<10} " + "  ".join(f"{k} {answer.timings.get(k, 0):.2f}"
                                                            for k in TIMINGS), flush=True)
        asked += 1
    if not asked:
        return 1
    baseline = backends[-1]
    print(f"\n{args.dataset.name}: {asked} questions, each to {', '.join(backends)}; "
          f"seconds, p50 / p95; ratio = p50 / p50 of {baseline}")
    print("| backend | retrieval | first token | full answer | first-token ratio | full-answer ratio | "
          "fell back to extractive |\n|---|---|---|---|---|---|---|")
    for name in backends:
        t = timings[name]
        cells = " | ".join(f"{statistics.median(t[k]):.2f} / {percentile(t[k], 0.95):.2f}" for k in TIMINGS)
        ratios = " | ".join(
            f"{statistics.median(t[k]) / max(1e-9, statistics.median(timings[baseline][k])):.1f}"
            for k in ("first_token_s", "total_s"))
        print(f"| {name} | {cells} | {ratios} | {fallbacks[name]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
