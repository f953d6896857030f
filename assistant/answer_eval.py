"""Answers on a dataset -> must_include, refusal, citation validity, unsupported figures, latency;
each answer can be logged as an EvalLogLine (the AnswerOut contract plus what was judged)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from assistant.chain import Answer, PolicyAssistant
from assistant.evaluation import normalise_for_match
from assistant.history import parse_history
from assistant.result import AnswerOut, answer_json, answer_out
from core.errors import PolicyQAError
from core.records import doc_id_of
from core.text import numbers_in


class EvalLogError(PolicyQAError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot write the answer log {path} ({reason}); give --log a writable path")


class EvalLogLine(AnswerOut):
    """One logged answer: the answer contract, then what the evaluation made of it."""

    question: str
    must_include: list[str]
    hit: bool
    fallback: str
    removed: list[str]
    citations_valid: bool
    unsupported: list[str]
    confidently_wrong: bool


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def unsupported_figures(answer: Answer, question: str) -> set[str]:
    """Figures in the answer that neither the cited passages nor the question contain. A refusal
    that cites nothing states no finding: its years say what the index covers (from its catalog)."""
    if answer.refused and not answer.citations:
        return set()
    cited = {c.chunk_id for c in answer.citations}
    supported = numbers_in(question) | numbers_in(answer.query)  # a follow-up's years are in its query
    for item in answer.evidence:
        if item.chunk.chunk_id in cited:
            supported |= numbers_in(item.chunk.context + item.chunk.text)
    return numbers_in(answer.answer) - supported


CleanText = Callable[[str], str | None]  # a document id -> its clean text (Catalog.clean_text)


def citations_valid(answer: Answer, clean_text: CleanText) -> bool:
    """Every quote is its document's clean text from start to end."""
    for citation in answer.citations:
        clean = clean_text(doc_id_of(citation.chunk_id)) or ""
        if not citation.quote or clean[citation.start:citation.end] != citation.quote:
            return False
    return True


def confidently_wrong(answer: Answer, item: dict[str, Any], hit: bool) -> bool:
    """A figure stated where the gold one is missing, or an unanswerable question answered with
    figures: worse than a refusal, since a cited figure reads as settled fact."""
    stated = numbers_in(answer.answer) - numbers_in(item["question"])
    if answer.refused or not stated:
        return False
    if not item.get("sources"):
        return True
    gold_figures = [s for s in item["must_include"] if any(c.isdigit() for c in s)]
    # A right figure without, say, the programme's name is incomplete, not wrong.
    return not hit and any(figure not in answer.answer for figure in gold_figures)


@dataclass
class _Tally:
    answerable: int = 0
    answerable_hits: int = 0
    false_refusals: int = 0
    unanswerable: int = 0
    refused_right: int = 0
    valid: int = 0
    unsupported: int = 0
    wrong: int = 0
    first: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)

    def report(self, backend: str) -> str:
        n = self.answerable + self.unanswerable
        return "\n".join([
            f"backend: {backend}   items: {n} ({self.answerable} answerable, "
            f"{self.unanswerable} unanswerable)",
            f"must_include hit rate (answerable): {self.answerable_hits / max(1, self.answerable):.3f}",
            f"refusal accuracy (unanswerable):    {self.refused_right / max(1, self.unanswerable):.3f}",
            f"false-refusal rate (answerable):    {self.false_refusals / max(1, self.answerable):.3f}",
            f"citation validity:                  {self.valid / max(1, n):.3f}",
            f"unsupported numbers:                {self.unsupported}",
            f"confidently wrong:                  {self.wrong} ({self.wrong / max(1, n):.1%})",
            f"first token s: p50 {statistics.median(self.first):.2f}  "
            f"p95 {percentile(self.first, 0.95):.2f}",
            f"total s:       p50 {statistics.median(self.total):.2f}  "
            f"p95 {percentile(self.total, 0.95):.2f}",
        ])


    def row(self, name: str) -> str:
        """One line of the by-type table."""
        n = self.answerable + self.unanswerable
        hits = f"{self.answerable_hits / self.answerable:.3f}" if self.answerable else "-"
        refusals = f"{self.refused_right / self.unanswerable:.3f}" if self.unanswerable else "-"
        false = f"{self.false_refusals / self.answerable:.3f}" if self.answerable else "-"
        return f"| {name} | {n} | {hits} | {refusals} | {false} | {self.wrong} |"


def by_type_table(tallies: dict[str, _Tally]) -> str:
    """Markdown table: each question type's must_include, refusal accuracy, false refusals, wrong."""
    lines = ["| type | n | must_include | refusal accuracy | false refusals | confidently wrong |",
             "|---|---|---|---|---|---|"]
    return "\n".join(lines + [tallies[name].row(name) for name in sorted(tallies)])


def _judge(assistant: PolicyAssistant, clean_text: CleanText, item: dict[str, Any]) -> EvalLogLine:
    """Answer one item and say what was judged."""
    answer = assistant.ask(item["question"], parse_history(item.get("history")))
    said = normalise_for_match(answer.answer)
    hit = all(normalise_for_match(s) in said for s in item["must_include"])
    return EvalLogLine(
        **dict(answer_out(answer, item.get("id"))), question=item["question"],
        must_include=item["must_include"], hit=hit, fallback=answer.fallback_reason,
        removed=answer.removed_sentences, citations_valid=citations_valid(answer, clean_text),
        unsupported=sorted(unsupported_figures(answer, item["question"])),
        confidently_wrong=confidently_wrong(answer, item, hit))


def _count(line: EvalLogLine, item: dict[str, Any], tally: _Tally) -> None:
    if item.get("sources"):
        tally.answerable += 1
        tally.answerable_hits += line.hit
        tally.false_refusals += line.refused
    else:
        tally.unanswerable += 1
        tally.refused_right += line.refused
    tally.valid += line.citations_valid
    tally.unsupported += len(line.unsupported)
    tally.wrong += line.confidently_wrong
    tally.first.append(line.timings.first_token_s or 0.0)
    tally.total.append(line.timings.total_s or 0.0)


def _open_log(path: Path) -> IO[str]:
    try:
        return path.open("w", encoding="utf-8")
    except OSError as error:
        raise EvalLogError(path, error.strerror or str(error)) from error


def evaluate_answers(assistant: PolicyAssistant, items: Sequence[dict[str, Any]], *,
                     clean_text: CleanText, log_path: Path | None = None) -> str:
    """The report's lines; with `log_path`, each answer as an EvalLogLine JSON line there.
    `clean_text` reads the index the assistant searches, to check the quotes."""
    tally = _Tally()
    by_type: dict[str, _Tally] = {}
    with ExitStack() as stack:
        log = stack.enter_context(_open_log(log_path)) if log_path else None
        for item in items:
            line = _judge(assistant, clean_text, item)
            _count(line, item, tally)
            _count(line, item, by_type.setdefault(str(item.get("type", "all")), _Tally()))
            if log:
                log.write(answer_json(line) + "\n")
                log.flush()
    report = tally.report(assistant.backend)
    return report + ("\n\n" + by_type_table(by_type) if len(by_type) > 1 else "")

