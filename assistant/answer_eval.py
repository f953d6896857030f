"""Answers on a dataset -> must_include, refusal, citation validity, unsupported figures, latency."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.chain import Answer, PolicyAssistant
from assistant.citations import numbers_in
from assistant.evaluation import normalise_for_match
from assistant.history import parse_history


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def unsupported_figures(answer: Answer, question: str) -> set[str]:
    """Figures in the answer that neither the cited passages nor the question contain."""
    cited = {c.chunk_id for c in answer.citations}
    supported = numbers_in(question)
    for item in answer.evidence:
        if item.chunk.chunk_id in cited:
            supported |= numbers_in(item.chunk.context + item.chunk.text)
    return numbers_in(answer.answer) - supported


def citations_valid(answer: Answer, assistant: PolicyAssistant) -> bool:
    catalog = assistant.searcher.index.catalog
    for citation in answer.citations:
        doc_id = citation.chunk_id.rsplit(":", 1)[0]
        clean = catalog.clean_text(doc_id) or ""
        if not citation.quote or clean[citation.start:citation.end] != citation.quote:
            return False
    return True


def evaluate_answers(assistant: PolicyAssistant, items: Sequence[dict[str, Any]],
                     log_path: Path | None = None) -> str:
    answerable_hits, answerable, refused_right, unanswerable, false_refusals = 0, 0, 0, 0, 0
    valid, unsupported = 0, 0
    first, total = [], []
    log = log_path.open("w", encoding="utf-8") if log_path else None
    for item in items:
        answer = assistant.ask(item["question"], parse_history(item.get("history")))
        hit = all(normalise_for_match(s) in normalise_for_match(answer.answer) for s in item["must_include"])
        if item.get("sources"):
            answerable += 1
            answerable_hits += hit
            false_refusals += answer.refused
        else:
            unanswerable += 1
            refused_right += answer.refused
        ok = citations_valid(answer, assistant)
        valid += ok
        extra = unsupported_figures(answer, item["question"])
        unsupported += len(extra)
        first.append(answer.timings.get("first_token_s", 0.0))
        total.append(answer.timings.get("total_s", 0.0))
        if log:
            log.write(json.dumps({"id": item.get("id"), "question": item["question"], "query": answer.query,
                                  "answer": answer.answer, "refused": answer.refused, "hit": hit,
                                  "must_include": item["must_include"], "backend": answer.backend,
                                  "fallback": answer.fallback_reason, "removed": answer.removed_sentences,
                                  "citations_valid": ok, "unsupported": sorted(extra),
                                  "timings": answer.timings}, ensure_ascii=False) + "\n")
            log.flush()
    if log:
        log.close()
    n = len(items)
    return "\n".join([
        f"backend: {assistant.backend}   items: {n} ({answerable} answerable, {unanswerable} unanswerable)",
        f"must_include hit rate (answerable): {answerable_hits / max(1, answerable):.3f}",
        f"refusal accuracy (unanswerable):    {refused_right / max(1, unanswerable):.3f}",
        f"false-refusal rate (answerable):    {false_refusals / max(1, answerable):.3f}",
        f"citation validity:                  {valid / max(1, n):.3f}",
        f"unsupported numbers:                {unsupported}",
        f"first token s: p50 {statistics.median(first):.2f}  p95 {percentile(first, 0.95):.2f}",
        f"total s:       p50 {statistics.median(total):.2f}  p95 {percentile(total, 0.95):.2f}",
    ])
