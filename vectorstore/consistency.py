"""An index on disk -> whether Chroma, the catalog and the keyword index agree, and where they do not.

Read-only: it undoes nothing (opening a PolicyIndex would finish or undo interrupted writes first)
and loads no model.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.records import make_chunk_id
from core.tokens import TOKENIZER
from vectorstore.catalog import Catalog
from vectorstore.index import CATALOG_FILE
from vectorstore.lock import hold_index
from vectorstore.store import open_chroma_client

_PAGE = 2000  # Chroma records read per call
_SHOWN = 3  # ids named per problem


@dataclass
class IndexCheck:
    """What `check_index` found: counts, problems (the index is inconsistent) and notes (harmless)."""

    where: str
    documents: int = 0
    chroma_chunks: int = 0
    catalog_chunks: int = 0
    keyword_rows: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def consistent(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"index {self.where}: {self.documents} documents; chunks: {self.chroma_chunks} in Chroma, "
                 f"{self.catalog_chunks} in the catalog, {self.keyword_rows} in the keyword index"]
        if self.consistent:
            lines.append("consistent: no duplicate or orphan chunks, every document complete, no unfinished writes")
        else:
            lines.append(f"NOT consistent, {len(self.problems)} problem(s):")
            lines += [f"  - {problem}" for problem in self.problems]
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def check_index(db: Path, *, chroma_url: str = "", collection: str = "policies") -> IndexCheck:
    """Compare Chroma (chunk and document records), the catalog (committed documents, their chunks,
    the journal) and the keyword index (the catalog's token rows) of the index in `db`."""
    check = IndexCheck(where=chroma_url or str(db))
    if not (db / CATALOG_FILE).exists():
        check.problems.append(f"no index: {db / CATALOG_FILE} does not exist")
        return check
    if not chroma_url:
        hold_index(db)  # an embedded store must not be read while another process writes it
    client = open_chroma_client(db, chroma_url)
    chunks = {chunk_id: meta for chunk_id, meta in _records(client, collection)}
    records = {doc_id: meta for doc_id, meta in _records(client, f"{collection}_documents")}  # as ChromaStore names it
    catalog = Catalog(db / CATALOG_FILE)
    try:
        _compare(check, catalog, chunks, records)
    finally:
        catalog.close()
    return check


def _records(client: Any, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(id, metadata) of every record in a Chroma collection; none when it does not exist."""
    try:
        found = client.get_collection(name)
    except Exception:  # noqa: BLE001 - chromadb raises NotFoundError or ValueError by version
        return
    offset = 0
    while True:
        page = found.get(include=["metadatas"], limit=_PAGE, offset=offset)
        yield from zip(page["ids"], (dict(m or {}) for m in page["metadatas"] or []), strict=True)
        if len(page["ids"]) < _PAGE:
            return
        offset += _PAGE


@dataclass(frozen=True)
class _Sides:
    """Both sides as read: Chroma's chunk and document records (id -> metadata), the catalog's
    committed documents (id -> n_chunks), chunk rows, keyword rows and journal."""

    chunks: dict[str, dict[str, Any]]
    records: dict[str, dict[str, Any]]
    committed: dict[str, int]
    rows: dict[str, sqlite3.Row]
    keywords: dict[str, list[str]]
    journal: dict[str, str]

    @classmethod
    def read(cls, catalog: Catalog, chunks: dict[str, dict[str, Any]],
             records: dict[str, dict[str, Any]]) -> _Sides:
        rows = catalog.db.execute("SELECT chunk_id, doc_id, ord, start, end_ FROM chunks")
        journal = catalog.db.execute("SELECT doc_id, path FROM journal")
        return cls(chunks, records, catalog.chunk_counts(), {row["chunk_id"]: row for row in rows},
                   dict(catalog.iter_keyword_rows()), {row["doc_id"]: row["path"] for row in journal})

    def chroma_chunks_by_document(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for chunk_id, meta in self.chunks.items():
            found[str(meta.get("doc_id", ""))].append(chunk_id)
        return found


def _compare(check: IndexCheck, catalog: Catalog, chunks: dict[str, dict[str, Any]],
             records: dict[str, dict[str, Any]]) -> None:
    sides = _Sides.read(catalog, chunks, records)
    check.documents, check.chroma_chunks = len(sides.committed), len(sides.chunks)
    check.catalog_chunks, check.keyword_rows = len(sides.rows), len(sides.keywords)
    for rule in (_journal, _duplicates, _orphans, _missing, _incomplete, _keywords):
        check.problems += rule(sides)
    finished = sorted(d for d in sides.journal if d in sides.committed)
    if finished:
        check.notes.append(f"{len(finished)} journal entr(y/ies) of committed documents not yet cleared "
                           f"{_ids(finished)} (the write finished; harmless unless orphan chunks are listed)")
    if sides.rows and catalog.tokenizer() != TOKENIZER:
        check.notes.append(f"keyword tokens were made by {catalog.tokenizer() or 'an older tokenizer'!r}; "
                           f"the next open remakes them with {TOKENIZER!r}")


def _journal(sides: _Sides) -> list[str]:
    unfinished = sorted(d for d in sides.journal if d not in sides.committed)
    return [f"unfinished writes: {len(unfinished)} journal entr(y/ies) of documents that never committed "
            f"{_ids(unfinished)}; the next `python -m ingest` undoes them"] if unfinished else []


def _duplicates(sides: _Sides) -> list[str]:
    found = []
    malformed = sorted(c for c, m in sides.chunks.items()
                       if c != make_chunk_id(str(m.get("doc_id", "")), int(m.get("ord", -1))))
    if malformed:
        found.append(f"malformed chunks: {len(malformed)} chunk id(s) in Chroma do not name their document and "
                     f"position {_ids(malformed)}")
    places = Counter((str(m.get("doc_id", "")), m.get("ord")) for m in sides.chunks.values())
    twice = sorted(f"{doc_id}:{ord}" for (doc_id, ord), n in places.items() if n > 1)
    if twice:
        found.append(f"duplicate chunks: {len(twice)} chunk position(s) held by more than one record in Chroma "
                     f"{_ids(twice)}")
    paths = Counter(str(m.get("path", doc_id)) for doc_id, m in sides.records.items())
    files = sorted(path for path, n in paths.items() if n > 1)
    if files:
        found.append(f"duplicate documents: {len(files)} file(s) with more than one document record in Chroma "
                     f"{_ids(files)}")
    return found


def _orphans(sides: _Sides) -> list[str]:
    found = []
    by_document = sides.chroma_chunks_by_document()
    orphans = sorted(d for d in by_document if d not in sides.committed)
    if orphans:
        found.append(f"orphan chunks: {sum(len(by_document[d]) for d in orphans)} chunk(s) in Chroma of "
                     f"{len(orphans)} document(s) the catalog does not hold {_ids(orphans)}")
    records = sorted(d for d in sides.records if d not in sides.committed)
    if records:
        found.append(f"orphan document records: {len(records)} in Chroma that the catalog does not hold "
                     f"{_ids(records)}")
    return found


def _missing(sides: _Sides) -> list[str]:
    found = []
    chunks = sorted(c for c in sides.rows if c not in sides.chunks)
    if chunks:
        found.append(f"missing chunks: {len(chunks)} catalog chunk(s) not in Chroma {_ids(chunks)}")
    records = sorted(d for d in sides.committed if d not in sides.records)
    if records:
        found.append(f"missing document records: {len(records)} committed document(s) without their record in "
                     f"Chroma {_ids(records)}")
    return found


def _incomplete(sides: _Sides) -> list[str]:
    found = []
    in_catalog: dict[str, list[int]] = defaultdict(list)
    for row in sides.rows.values():
        in_catalog[row["doc_id"]].append(row["ord"])
    in_chroma = {d: [int(sides.chunks[c].get("ord", -1)) for c in ids]
                 for d, ids in sides.chroma_chunks_by_document().items()}
    documents = sorted(d for d, n in sides.committed.items()
                       if not sorted(in_catalog.get(d, [])) == sorted(in_chroma.get(d, [])) == list(range(n)))
    if documents:
        found.append(f"incomplete documents: {len(documents)} whose chunks in the catalog or in Chroma are not "
                     f"exactly their n_chunks positions {_ids(documents)}")
    moved = sorted(c for c, row in sides.rows.items() if c in sides.chunks and
                   (sides.chunks[c].get("start"), sides.chunks[c].get("end")) != (row["start"], row["end_"]))
    if moved:
        found.append(f"chunk spans: {len(moved)} chunk(s) whose span differs between Chroma and the catalog "
                     f"{_ids(moved)}")
    return found


def _keywords(sides: _Sides) -> list[str]:
    untokenized = sorted(c for c in sides.rows if not sides.keywords.get(c))
    return [f"keyword index: {len(untokenized)} chunk(s) without keyword tokens {_ids(untokenized)}"] \
        if untokenized else []


def _ids(values: list[str]) -> str:
    shown = ", ".join(v[:40] for v in values[:_SHOWN])
    return f"({shown}{', …' if len(values) > _SHOWN else ''})"
