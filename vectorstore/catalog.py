"""SQLite beside the index: which documents are complete, their chunks and keyword tokens, filters."""

from __future__ import annotations

import datetime
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path

from core.errors import IndexNotBuiltError
from core.knowledge import DocumentStatus, Target, status_on
from core.measures import Measure, measure_from_dict
from core.records import SCORE_RANGE, ChunkRecord, DocumentRecord, Evidence, Filters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
    region TEXT, regions TEXT, issuer TEXT, date TEXT, doc_type TEXT, clean_text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, start INTEGER NOT NULL, end_ INTEGER NOT NULL, section TEXT NOT NULL,
    context TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL,
    text_hash TEXT);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS document_status (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE, version TEXT NOT NULL,
    issuer TEXT, doc_number TEXT, date TEXT, status TEXT, status_basis TEXT, valid_from TEXT, valid_until TEXT,
    status_quote TEXT);
CREATE TABLE IF NOT EXISTS targets (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    target_year INTEGER, region TEXT, fields TEXT NOT NULL, PRIMARY KEY (doc_id, ord));
CREATE INDEX IF NOT EXISTS targets_by_year ON targets(target_year);
CREATE TABLE IF NOT EXISTS measures (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE, ord INTEGER NOT NULL,
    region_code TEXT, fields TEXT NOT NULL, PRIMARY KEY (doc_id, ord));
CREATE TABLE IF NOT EXISTS journal (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Catalogs made before the column existed get it empty: their chunks' vectors are not reused (the
# text they were embedded from may predate the current search text), the next ones' are.
_ADD_TEXT_HASH = "ALTER TABLE chunks ADD COLUMN text_hash TEXT"
_TEXT_HASH_INDEX = "CREATE INDEX IF NOT EXISTS chunks_by_text_hash ON chunks(text_hash)"
# Older catalogs counted each chunk's tiktoken tokens (NOT NULL) and nothing read them.
_DROP_N_TIKTOKEN = "ALTER TABLE chunks DROP COLUMN n_tiktoken"
# A committed chunk with its document's metadata, as `_records_of` reads it.
_CHUNK_COLUMNS = ("c.chunk_id, c.doc_id, c.ord, c.start, c.end_, c.section, c.text, c.context, c.kind, "
                  "d.path, d.source, d.title, d.region, d.regions, d.issuer, d.date, d.doc_type")
_DOCUMENT_COLUMNS = "doc_id, path, source, title, region, regions, issuer, date, doc_type"
_STATUS_FIELDS = tuple(f.name for f in fields(DocumentStatus))
_BATCH = 500  # ids per `IN (...)` query, below SQLite's variable limit


CATALOG_FILE = "catalog.sqlite3"  # inside the index directory, beside Chroma's files


def open_catalog(db: Path) -> Catalog:
    """The catalog of an index directory, for commands that read it without Chroma or a model;
    IndexNotBuiltError when there is none."""
    if not (db / CATALOG_FILE).exists():
        raise IndexNotBuiltError(db)
    return Catalog(db / CATALOG_FILE)


class Catalog:
    """The committed state of the index. A document appears here only once all its chunks are in
    Chroma, in one transaction, so readers never see half a document."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        self._migrate()
        self._measures: tuple[tuple[int, datetime.date | None], list[Measure]] | None = None

    def _migrate(self) -> None:
        """Bring a catalog made by an older version to the current schema."""
        columns = {row["name"] for row in self.db.execute("PRAGMA table_info(chunks)")}
        if "text_hash" not in columns:
            self.db.execute(_ADD_TEXT_HASH)
        if "n_tiktoken" in columns:
            self.db.execute(_DROP_N_TIKTOKEN)
        self.db.execute(_TEXT_HASH_INDEX)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
        self.db.execute("INSERT OR IGNORE INTO meta VALUES ('version', 1)")
        self.db.execute("COMMIT")

    def version(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return int(row["value"]) if row else 0

    def doc_id_at(self, path: str) -> str | None:
        row = self.db.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        return row["doc_id"] if row else None

    def path_of(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row["path"] if row else None

    def paths(self) -> list[str]:
        return [row["path"] for row in self.db.execute("SELECT path FROM documents ORDER BY path")]

    def begin(self, doc_id: str, path: str) -> None:
        """Record intent before writing to Chroma, so an interrupted write can be undone."""
        self.db.execute("INSERT OR REPLACE INTO journal VALUES (?, ?)", (doc_id, path))

    def unfinished(self) -> list[str]:
        return [row["doc_id"] for row in self.db.execute(
            "SELECT doc_id FROM journal WHERE doc_id NOT IN (SELECT doc_id FROM documents)")]

    def end_committed(self) -> None:
        """Drop journal entries of committed documents (a crash between commit and `end`)."""
        self.db.execute("DELETE FROM journal WHERE doc_id IN (SELECT doc_id FROM documents)")

    def end(self, doc_id: str) -> None:
        self.db.execute("DELETE FROM journal WHERE doc_id = ?", (doc_id,))

    def commit_document(self, document: DocumentRecord, tokens: list[list[str]],
                        replaces: str | None = None, text_hashes: list[str] | None = None) -> None:
        """Swap in the new document (and drop the one it replaces) in one transaction.
        `text_hashes` key the texts its chunks' vectors were just made from (None: unknown)."""
        with self._transaction() as db:
            db.execute("DELETE FROM documents WHERE path = ? OR doc_id IN (?, ?)",
                       (document.path, document.doc_id, replaces or ""))
            db.execute(
                "INSERT INTO documents (doc_id, path, source, title, region, regions, issuer, date, "
                "doc_type, clean_text, n_chunks) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (document.doc_id, document.path, document.source, document.title, document.region,
                 json.dumps(list(document.regions), ensure_ascii=False), document.issuer,
                 document.date, document.doc_type, document.clean_text, len(document.chunks)))
            hashes = text_hashes if text_hashes is not None else [None] * len(document.chunks)
            db.executemany(
                "INSERT INTO chunks (chunk_id, doc_id, ord, start, end_, section, context, kind, text, "
                "tokens, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, c.ord, c.start, c.end,
                  json.dumps(list(c.section), ensure_ascii=False), c.context, c.kind, c.text,
                  " ".join(t), h)
                 for c, t, h in zip(document.chunks, tokens, hashes, strict=True)])

    def chunk_ids_by_text_hash(self, hashes: list[str]) -> dict[str, str]:
        """For each hash some committed chunk embedded from that text has, one such chunk's id."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), _BATCH):
            batch = unique[i:i + _BATCH]
            found.update((row["text_hash"], row["chunk_id"]) for row in self.db.execute(
                # B608: only "?" marks and column-name constants are formatted in
                f"SELECT text_hash, MIN(chunk_id) AS chunk_id FROM chunks WHERE text_hash IN "  # nosec B608
                f"({','.join('?' * len(batch))}) GROUP BY text_hash", batch))
        return found

    def tokenizer(self) -> str:
        """The keyword tokenizer the stored tokens were made with ("" before it was recorded)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'tokenizer'").fetchone()
        return str(row["value"]) if row else ""

    def retokenize(self, tokens_of: Callable[[DocumentRecord, ChunkRecord], list[str]],
                   tokenizer: str) -> int:
        """Remake every chunk's keyword tokens with `tokenizer`, in one transaction, a page of
        chunks at a time; return how many. An empty catalog only records the tokenizer."""
        if self.db.execute("SELECT 1 FROM chunks LIMIT 1").fetchone() is None:
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (tokenizer,))
            return 0
        done, last = 0, 0
        with self._transaction() as db:
            while rows := db.execute(
                    # B608: only "?" marks and column-name constants are formatted in
                    f"SELECT {_CHUNK_COLUMNS}, c.rowid AS row_id FROM chunks c JOIN documents d "  # nosec B608
                    "USING (doc_id) WHERE c.rowid > ? ORDER BY c.rowid LIMIT 1000", (last,)).fetchall():
                updates = []
                for row in rows:
                    chunk, document = _records_of(row)
                    updates.append((" ".join(tokens_of(document, chunk)), row["row_id"]))
                db.executemany("UPDATE chunks SET tokens = ? WHERE rowid = ?", updates)
                done, last = done + len(rows), rows[-1]["row_id"]
            db.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (tokenizer,))
        return done

    def remove_document(self, doc_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def documents(self) -> list[DocumentRecord]:
        """Every complete document, without chunks or text (for listings)."""
        # B608: only "?" marks and column-name constants are formatted in
        rows = self.db.execute(f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY source")  # nosec B608
        return [_document_of(row) for row in rows]

    def chunk_counts(self) -> dict[str, int]:
        """Chunks of each complete document, by doc id."""
        return {row["doc_id"]: row["n_chunks"]
                for row in self.db.execute("SELECT doc_id, n_chunks FROM documents")}

    def paragraph_before(self, doc_id: str, start: int, max_chars: int) -> str:
        """The text of the paragraph that `start` falls in, before `start` (at most max_chars)."""
        row = self.db.execute("SELECT substr(clean_text, ?, ?) AS lead FROM documents WHERE doc_id = ?",
                              (max(1, start - max_chars + 1), min(start, max_chars), doc_id)).fetchone()
        lead: str = row["lead"] if row and start > 0 else ""
        return lead.rsplit("\n", 1)[-1]

    def stale_knowledge(self, version: str) -> list[str]:
        """Documents whose status and targets were not read by extractor `version` (or not at all)."""
        return [row["doc_id"] for row in self.db.execute(
            "SELECT d.doc_id FROM documents d LEFT JOIN document_status s USING (doc_id) "
            "WHERE s.version IS NULL OR s.version != ? ORDER BY d.source", (version,))]

    def document(self, doc_id: str) -> DocumentRecord | None:
        """One complete document with its text and chunks (as extractors read it)."""
        # B608: only "?" marks and column-name constants are formatted in
        row = self.db.execute(f"SELECT {_DOCUMENT_COLUMNS}, clean_text FROM documents WHERE doc_id = ?",  # nosec B608
                              (doc_id,)).fetchone()
        if row is None:
            return None
        chunk_ids = [r["chunk_id"] for r in self.db.execute(
            "SELECT chunk_id FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,))]
        found = self.chunks_by_id(chunk_ids)
        return replace(_document_of(row), clean_text=row["clean_text"],
                       chunks=tuple(found[c][0] for c in chunk_ids if c in found))

    def chunk_at(self, doc_id: str, offset: int) -> str | None:
        """The id of the document's chunk whose span holds `offset`; None when none does."""
        row = self.db.execute("SELECT chunk_id FROM chunks WHERE doc_id = ? AND start <= ? AND end_ > ? "
                              "ORDER BY ord LIMIT 1", (doc_id, offset, offset)).fetchone()
        return row["chunk_id"] if row else None

    def evidence_at(self, doc_id: str, offset: int) -> Evidence | None:
        """The passage of the document that holds `offset`, as a citation shows it; None when none does."""
        chunk_id = self.chunk_at(doc_id, offset)
        found = self.chunks_by_id([chunk_id]) if chunk_id else {}
        if not chunk_id or chunk_id not in found:
            return None
        chunk, document = found[chunk_id]
        return Evidence(chunk, document, score=SCORE_RANGE[1])  # cited for what it says, not ranked

    def put_knowledge(self, doc_id: str, version: str, status: DocumentStatus, targets: list[Target],
                      measures: Sequence[Measure] = ()) -> None:
        """Replace what was read out of the document: its status, targets and support measures, in one
        transaction."""
        with self._transaction() as db:
            db.execute("DELETE FROM document_status WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM targets WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM measures WHERE doc_id = ?", (doc_id,))
            db.executemany("INSERT INTO measures (doc_id, ord, region_code, fields) VALUES (?,?,?,?)",
                           [(doc_id, n, m.region_code, json.dumps(m.as_dict(), ensure_ascii=False))
                            for n, m in enumerate(measures)])
            db.execute("INSERT INTO document_status (doc_id, version, issuer, doc_number, date, status, "
                       "status_basis, valid_from, valid_until, status_quote) VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (doc_id, version, status.issuer, status.doc_number, status.date, status.status,
                        status.status_basis, status.valid_from, status.valid_until, status.status_quote))
            db.executemany("INSERT INTO targets (doc_id, ord, target_year, region, fields) VALUES (?,?,?,?,?)",
                           [(doc_id, n, t.target_year, t.region, json.dumps(t.as_dict(), ensure_ascii=False))
                            for n, t in enumerate(targets)])

    def statuses(self) -> dict[str, DocumentStatus]:
        """Each document's status as it was read (see core.knowledge.status_on for today's)."""
        return {row["doc_id"]: DocumentStatus(**{k: row[k] or "" for k in _STATUS_FIELDS})
                # B608: only "?" marks and column-name constants are formatted in
                for row in self.db.execute(f"SELECT doc_id, {', '.join(_STATUS_FIELDS)} FROM document_status")}  # nosec B608

    def status_of(self, doc_id: str) -> DocumentStatus | None:
        """One document's status as it was read (None before it was read)."""
        # B608: only "?" marks and column-name constants are formatted in
        row = self.db.execute(f"SELECT {', '.join(_STATUS_FIELDS)} FROM document_status WHERE doc_id = ?",  # nosec B608
                              (doc_id,)).fetchone()
        return DocumentStatus(**{k: row[k] or "" for k in _STATUS_FIELDS}) if row else None

    def targets(self, filters: Filters | None = None, year: int | None = None,
                today: datetime.date | None = None) -> list[Target]:
        """Stored targets of the documents that pass `filters`, by document and position; `year`:
        only those for that target year; `today`: each with its document's status as of that day."""
        doc_ids = self.matching_doc_ids(filters or Filters(), today or datetime.date.today())
        statuses = self.statuses() if today else {}
        found: list[Target] = []
        for i in range(0, len(doc_ids), _BATCH):
            batch = doc_ids[i:i + _BATCH]
            year_clause = "" if year is None else " AND t.target_year = ?"
            rows = self.db.execute(
                # B608: only "?" marks and column-name constants are formatted in
                f"SELECT t.doc_id, t.fields FROM targets t JOIN documents d USING (doc_id) WHERE t.doc_id IN "  # nosec B608
                f"({','.join('?' * len(batch))}){year_clause} ORDER BY d.source, t.ord",
                [*batch, *([] if year is None else [year])])
            found += [_as_of(Target(**json.loads(row["fields"])), statuses.get(row["doc_id"]), today)
                      for row in rows]
        return sorted(found, key=lambda t: (t.source, t.start))

    def measures(self, today: datetime.date | None = None) -> list[Measure]:
        """Every stored support measure, by document and position; `today`: each with its document's
        status as of that day. Read again only after the catalog changed (parsing them is most of a
        match's time)."""
        key = (self.version(), today)
        cached = self._measures
        if cached is not None and cached[0] == key:
            return list(cached[1])
        measures = self._read_measures(today)
        if not self.db.in_transaction:  # a write under way on this connection may yet roll back: not kept
            self._measures = (key, measures)
        return measures

    def _read_measures(self, today: datetime.date | None) -> list[Measure]:
        statuses = self.statuses() if today else {}
        found = []
        for row in self.db.execute("SELECT m.doc_id, m.fields FROM measures m JOIN documents d USING (doc_id) "
                                   "ORDER BY d.source, m.ord"):
            measure = measure_from_dict(json.loads(row["fields"]))
            if today is not None and (status := statuses.get(row["doc_id"])) is not None:
                measure = replace(measure, doc_status=status_on(status, today).status)
            found.append(measure)
        return found

    def clean_text(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT clean_text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row["clean_text"] if row else None

    def iter_keyword_rows(self) -> Iterator[tuple[str, list[str]]]:
        """(chunk_id, tokens) of every committed chunk, in a stable order, one row at a time: at
        50k chunks the token lists held at once were ~0.5 GB of Python strings, and the process
        kept that memory after the BM25 build."""
        for row in self.db.execute("SELECT chunk_id, tokens FROM chunks ORDER BY rowid"):
            yield row["chunk_id"], row["tokens"].split(" ") if row["tokens"] else []

    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, tuple[ChunkRecord, DocumentRecord]]:
        """Committed chunks with their document's metadata; unknown ids are left out."""
        found: dict[str, tuple[ChunkRecord, DocumentRecord]] = {}
        for i in range(0, len(chunk_ids), _BATCH):
            batch = chunk_ids[i:i + _BATCH]
            marks = ",".join("?" * len(batch))
            # B608: only "?" marks and column-name constants are formatted in
            for row in self.db.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d "  # nosec B608
                                       f"USING (doc_id) WHERE c.chunk_id IN ({marks})", batch):
                found[row["chunk_id"]] = _records_of(row)
        return found

    def matching_doc_ids(self, filters: Filters, today: datetime.date) -> list[str]:
        """Documents that pass every non-empty filter; a status filter reads each document's status
        as of `today` (a document whose status was never read is "unknown")."""
        clauses, args = [], []
        if filters.region:
            clauses.append("(region LIKE ? OR regions LIKE ?)")
            args += [f"%{filters.region}%"] * 2
        if filters.document:
            clauses.append("(source = ? OR doc_id = ? OR title LIKE ?)")
            args += [filters.document, filters.document, f"%{filters.document}%"]
        if filters.doc_type:
            clauses.append("doc_type = ?")
            args.append(filters.doc_type)
        if filters.date_from:
            clauses.append("date != '' AND date >= ?")
            args.append(filters.date_from)
        if filters.date_to:
            clauses.append("date != '' AND date <= ?")
            args.append(filters.date_to)
        where = " AND ".join(clauses) or "1"
        # B608: only "?" marks and column-name constants are formatted in
        found = [row["doc_id"] for row in self.db.execute(f"SELECT doc_id FROM documents WHERE {where}", args)]  # nosec B608
        if not (wanted := filters.statuses()):
            return found
        statuses = self.statuses()
        return [doc_id for doc_id in found
                if (status_on(statuses[doc_id], today).status if doc_id in statuses else "unknown") in wanted]

    def close(self) -> None:
        self.db.close()


def _as_of(target: Target, status: DocumentStatus | None, today: datetime.date | None) -> Target:
    """The target with its document's status as of `today` (as stored when either is missing)."""
    if today is None or status is None:
        return target
    return replace(target, doc_status=status_on(status, today).status)


def _document_of(row: sqlite3.Row) -> DocumentRecord:
    """A row holding `_DOCUMENT_COLUMNS`, as a document without text or chunks."""
    return DocumentRecord(doc_id=row["doc_id"], path=row["path"], source=row["source"], title=row["title"],
                          clean_text="", region=row["region"] or "",
                          regions=tuple(json.loads(row["regions"] or "[]")), issuer=row["issuer"] or "",
                          date=row["date"] or "", doc_type=row["doc_type"] or "")


def _records_of(row: sqlite3.Row) -> tuple[ChunkRecord, DocumentRecord]:
    """A row that starts with `_CHUNK_COLUMNS`, as the chunk and its document (without text)."""
    chunk = ChunkRecord(chunk_id=row["chunk_id"], doc_id=row["doc_id"], ord=row["ord"], start=row["start"],
                        end=row["end_"], section=tuple(json.loads(row["section"])), text=row["text"],
                        context=row["context"], kind=row["kind"])
    return chunk, _document_of(row)
