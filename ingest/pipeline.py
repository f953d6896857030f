"""Files -> clean, chunked policy records in the index: one document at a time, reported."""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.records import ChunkRecord, DocumentRecord, make_chunk_id
from ingest.budget import DEFAULT_BUDGET, FileBudget, OverBudgetError
from ingest.clean import clean_text
from ingest.config import IngestConfig
from ingest.counting import CountMany
from ingest.knowledge import refresh_knowledge
from ingest.load import SkippedFile, UnreadableFileError, find_policy_files, load_bytes, read_policy_file
from ingest.metadata import extract_metadata
from ingest.split import split_into_chunks
from vectorstore.index import PolicyIndex

# Documents are written to the index in groups of about this many chunks: Chroma's cost is mostly
# per call, so one write per group ingests faster; a crash loses at most one group's work.
WRITE_BATCH_CHUNKS = 200


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0  # chunks whose vector was computed; the rest reused one already in the index
    recovered: int = 0
    read: int = 0  # documents whose status and targets were (re-)read
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [f"documents: {len(self.added)} added, {len(self.updated)} updated, "
                 f"{len(self.unchanged)} unchanged, {len(self.removed)} removed; "
                 f"chunks written: {self.chunks} ({self.embedded} embedded, "
                 f"{self.chunks - self.embedded} reused a stored vector); skipped: {len(self.skipped)}; "
                 f"status and targets read from {self.read}; {self.seconds:.1f} s"]
        if self.recovered:
            lines.append(f"undid {self.recovered} interrupted document write(s) from an earlier run")
        lines += [f"  skipped {s.path}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)


def document_id(raw: bytes, fingerprint: str) -> str:
    """Same bytes under the same index settings -> same id, so re-ingesting changes nothing."""
    return hashlib.sha256(fingerprint.encode() + b"\0" + raw).hexdigest()[:24]


def prepare_document(path: Path, raw_text: str, title_hint: str, doc_id: str, *, chunk_tokens: int,
                     count_tokens: Callable[[str], int],
                     count_many: CountMany | None = None) -> DocumentRecord | None:
    """Clean, describe and chunk one document; None when nothing is left after cleaning."""
    clean = clean_text(raw_text)
    if not clean.strip():
        return None
    meta = extract_metadata(raw_text, clean, title_hint)
    chunks = split_into_chunks(clean, chunk_tokens=chunk_tokens, count_tokens=count_tokens,
                               count_many=count_many)
    records = tuple(
        ChunkRecord(chunk_id=make_chunk_id(doc_id, n), doc_id=doc_id, ord=n, start=c.start, end=c.end,
                    section=c.section, text=c.text, context=c.context, kind=c.kind)
        for n, c in enumerate(chunks))
    return DocumentRecord(doc_id=doc_id, path=str(path), source=path.name, title=meta.title,
                          clean_text=clean, region=meta.region, regions=meta.regions,
                          issuer=meta.issuer, date=meta.date, doc_type=meta.doc_type, chunks=records)


def ingest_paths(paths: Iterable[Path], index: PolicyIndex, *, config: IngestConfig,
                 count_tokens: Callable[[str], int], count_many: CountMany | None = None,
                 prune: bool = False, progress: bool = True, today: datetime.date | None = None,
                 budget: FileBudget = DEFAULT_BUDGET) -> IngestReport:
    """Bring the index in line with the files: add new, replace changed, skip the unreadable and
    those over the per-file `budget`. `count_tokens` (and `count_many`, a list at once) count the
    embedding model's tokens."""
    from tqdm import tqdm

    started = time.perf_counter()
    report = IngestReport(recovered=index.recover())
    files, report.skipped = find_policy_files(paths)
    pending: list[DocumentRecord] = []
    bar = tqdm(files, unit="file", disable=not progress, dynamic_ncols=True)
    for path in bar:
        bar.set_postfix_str(path.name[-30:])
        document = _changed_document(path, index, pending, report, config=config, budget=budget,
                                     count_tokens=count_tokens, count_many=count_many)
        if document is None:
            continue
        pending.append(document)
        report.chunks += len(document.chunks)
        if sum(len(d.chunks) for d in pending) >= WRITE_BATCH_CHUNKS:
            report.embedded += index.put_many(pending)
            pending.clear()
    if pending:
        report.embedded += index.put_many(pending)
    if prune:
        for key in index.catalog.paths():
            if not Path(key).exists() and index.remove(key):
                report.removed.append(key)
    report.read = refresh_knowledge(index.catalog, today=today or datetime.date.today())
    report.seconds = time.perf_counter() - started
    return report


def _changed_document(path: Path, index: PolicyIndex, pending: list[DocumentRecord],
                      report: IngestReport, *, config: IngestConfig, budget: FileBudget,
                      count_tokens: Callable[[str], int], count_many: CountMany | None) -> DocumentRecord | None:
    """The file as a new or changed document, recorded in `report`; None when it is unchanged,
    a twin of an indexed one, unreadable or over budget (recorded as such)."""
    clock = budget.start()
    try:
        key = str(path.resolve())
        raw = read_policy_file(path, budget)  # one read: what is hashed is what is loaded
    except UnreadableFileError as error:
        report.skipped.append(SkippedFile(path, error.reason))
        return None
    except (OSError, RuntimeError):  # became a symlink loop since the folder walk
        report.skipped.append(SkippedFile(path, "symbolic link loop"))
        return None
    doc_id = document_id(raw, config.fingerprint)
    previous = index.catalog.doc_id_at(key)
    if previous == doc_id:
        report.unchanged.append(key)
        return None
    twin = index.catalog.path_of(doc_id) or next((d.path for d in pending if d.doc_id == doc_id), None)
    if twin is not None and twin != key:
        report.skipped.append(SkippedFile(path, f"same content as {twin}, already indexed"))
        return None
    try:
        loaded = load_bytes(path, raw, budget)
        clock.check("loading")
        document = prepare_document(Path(key), loaded.text, loaded.title_hint, doc_id,
                                    chunk_tokens=config.chunk_tokens, count_tokens=count_tokens,
                                    count_many=count_many)
        clock.check("cleaning and splitting")
    except (UnreadableFileError, OverBudgetError) as error:
        report.skipped.append(SkippedFile(path, error.reason))
        return None
    if document is None or not document.chunks:
        report.skipped.append(SkippedFile(path, "no text left after removing page chrome"))
        return None
    (report.updated if previous else report.added).append(key)
    return document
