"""Hand-labelled targets (eval/targets/*.jsonl) vs the rule-based extractor: recall and precision per report.

A label is found when an extracted row of the same report has the same target year, the same
value (compared after width and space normalisation; one may add a qualifier such as 以上 the
other keeps in its comparator) and shares an indicator word with it. A row counts as correct when
it finds a label. Labels were written by reading the reports, before the extractor was run on them.

    .venv/bin/python -m bench.targets_quality [--corpus DIR] [--labels DIR] [--show]
"""

from __future__ import annotations

import argparse
import datetime
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.knowledge import Target
from core.text import bigrams
from ingest.load import load_text
from ingest.pipeline import prepare_document
from ingest.status import document_status
from ingest.targets import extract_targets

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "eval" / "targets"
CORPUS = REPO.parent / "shared" / "corpus" / "work-reports"


@dataclass(frozen=True)
class Label:
    source: str
    indicator: str
    value: str
    target_year: int | None
    quote: str


@dataclass(frozen=True)
class Scored:
    """One report's labels and rows, and which of each were matched."""

    source: str
    labels: list[Label]
    rows: list[Target]
    found: list[bool]  # per label
    correct: list[bool]  # per row


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def same_value(label: str, row: str) -> bool:
    """The same figure as written: equal, or one is the other plus a qualifier (左右, 以上, 力争…)."""
    a, b = _plain(label), _plain(row)
    return bool(a and b) and (a == b or a in b or b in a)


def same_indicator(label: Label, row: Target) -> bool:
    """They name one indicator: a shared word pair, or one inside the other (or the row's quote)."""
    a, b = _plain(label.indicator), _plain(row.indicator)
    return bool(a and b) and (a in b or b in a or bool(set(bigrams(a)) & set(bigrams(b)))
                              or a in _plain(row.quote))


def matches(label: Label, row: Target) -> bool:
    return row.target_year == label.target_year and same_value(label.value, row.value) \
        and same_indicator(label, row)


def read_labels(folder: Path) -> dict[str, list[Label]]:
    """Labels by report file name."""
    labels: dict[str, list[Label]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                labels.setdefault(item["source"], []).append(Label(
                    item["source"], item["indicator"], item["value"], item["target_year"], item["quote"]))
    return labels


def extracted_rows(path: Path) -> list[Target]:
    """The extractor's rows for one file, read as ingest reads it (no index needed)."""
    loaded = load_text(path)
    document = prepare_document(path, loaded.text, loaded.title_hint, path.stem, chunk_tokens=400,
                                count_tokens=len)
    if document is None:
        return []
    status = document_status(document, today=datetime.date.today())
    return extract_targets(document, doc_status=status.status)


def score(labels: Sequence[Label], rows: Sequence[Target]) -> Scored:
    found = [any(matches(label, row) for row in rows) for label in labels]
    correct = [any(matches(label, row) for label in labels) for row in rows]
    return Scored(labels[0].source if labels else "", list(labels), list(rows), found, correct)


def scored_reports(corpus: Path, label_dir: Path) -> list[Scored]:
    return [score(labels, extracted_rows(corpus / source)) for source, labels in read_labels(label_dir).items()]


def ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def report_table(results: Sequence[Scored]) -> str:
    lines = ["| report | labels | rows | recall | precision |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r.source} | {len(r.labels)} | {len(r.rows)} | {ratio(sum(r.found), len(r.labels)):.2f} | "
                     f"{ratio(sum(r.correct), len(r.rows)):.2f} |")
    labels, rows = sum(len(r.labels) for r in results), sum(len(r.rows) for r in results)
    found, correct = sum(sum(r.found) for r in results), sum(sum(r.correct) for r in results)
    lines.append(f"| all | {labels} | {rows} | {ratio(found, labels):.3f} | {ratio(correct, rows):.3f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--show", action="store_true", help="list missed labels and unmatched rows")
    args = parser.parse_args(argv)
    results = scored_reports(args.corpus, args.labels)
    print(report_table(results))
    if args.show:
        for r in results:
            for label, hit in zip(r.labels, r.found, strict=True):
                if not hit:
                    print(f"MISS {r.source} {label.target_year} {label.indicator} {label.value} | {label.quote}")
            for row, ok in zip(r.rows, r.correct, strict=True):
                if not ok:
                    print(f"EXTRA {r.source} {row.target_year} {row.indicator} {row.value} | {row.quote[:80]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
