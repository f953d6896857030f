"""SQLite beside the index: which documents are complete, their chunks and keyword tokens, filters."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.records import ChunkRecord, DocumentRecord, Filters

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
    region TEXT, regions TEXT, issuer TEXT, date TEXT, doc_type TEXT, clean_text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, start INTEGER NOT NULL, end_ INTEGER NOT NULL, section TEXT NOT NULL,
    context TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL,
    n_tiktoken INTEGER NOT NULL, text_hash TEXT);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks(doc_id);
CREATE TABLE IF NOT EXISTS journal (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
# Catalogs made before the column existed get it empty: their chunks' vectors are not reused (the
# text they were embedded from may predate the current search text), the next ones' are.
_ADD_TEXT_HASH = "ALTER TABLE chunks ADD COLUMN text_hash TEXT"
_TEXT_HASH_INDEX = "CREATE INDEX IF NOT EXISTS chunks_by_text_hash ON chunks(text_hash)"
# A committed chunk with its document's metadata, as `_records_of` reads it.
_CHUNK_COLUMNS = ("c.chunk_id, c.doc_id, c.ord, c.start, c.end_, c.section, c.text, c.context, c.kind, "
                  "c.n_tiktoken, d.path, d.source, d.title, d.region, d.regions, d.issuer, d.date, "
                  "d.doc_type")


class Catalog:
    """The committed state of the index. A document appears here only once all its chunks are in
    Chroma, in one transaction, so readers never see half a document."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(_SCHEMA)
        if "text_hash" not in {row[1] for row in self.db.execute("PRAGMA table_info(chunks)")}:
            self.db.execute(_ADD_TEXT_HASH)
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
        return int(row[0]) if row else 0

    def doc_id_at(self, path: str) -> str | None:
        row = self.db.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def path_of(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT path FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def paths(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT path FROM documents ORDER BY path")]

    def begin(self, doc_id: str, path: str) -> None:
        """Record intent before writing to Chroma, so an interrupted write can be undone."""
        self.db.execute("INSERT OR REPLACE INTO journal VALUES (?, ?)", (doc_id, path))

    def unfinished(self) -> list[str]:
        return [row[0] for row in self.db.execute(
            "SELECT doc_id FROM journal WHERE doc_id NOT IN (SELECT doc_id FROM documents)")]

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
                "tokens, n_tiktoken, text_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.chunk_id, c.doc_id, c.ord, c.start, c.end,
                  json.dumps(list(c.section), ensure_ascii=False), c.context, c.kind, c.text,
                  " ".join(t), c.n_tiktoken, h)
                 for c, t, h in zip(document.chunks, tokens, hashes, strict=True)])

    def chunk_ids_by_text_hash(self, hashes: list[str]) -> dict[str, str]:
        """For each hash some committed chunk embedded from that text has, one such chunk's id."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 500):
            batch = unique[i:i + 500]
            found.update(self.db.execute(
                f"SELECT text_hash, MIN(chunk_id) FROM chunks WHERE text_hash IN "
                f"({','.join('?' * len(batch))}) GROUP BY text_hash", batch).fetchall())
        return found

    def tokenizer(self) -> str:
        """The keyword tokenizer the stored tokens were made with ("" before it was recorded)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'tokenizer'").fetchone()
        return str(row[0]) if row else ""

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
                    f"SELECT {_CHUNK_COLUMNS}, c.rowid FROM chunks c JOIN documents d USING (doc_id) "
                    "WHERE c.rowid > ? ORDER BY c.rowid LIMIT 1000", (last,)).fetchall():
                updates = []
                for r in rows:
                    chunk, document = _records_of(r)
                    updates.append((" ".join(tokens_of(document, chunk)), r[-1]))
                db.executemany("UPDATE chunks SET tokens = ? WHERE rowid = ?", updates)
                done, last = done + len(rows), rows[-1][-1]
            db.execute("INSERT OR REPLACE INTO meta VALUES ('tokenizer', ?)", (tokenizer,))
        return done

    def remove_document(self, doc_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def documents(self) -> list[DocumentRecord]:
        """Every complete document, without chunks or text (for listings)."""
        rows = self.db.execute(
            "SELECT doc_id, path, source, title, region, regions, issuer, date, doc_type, n_chunks "
            "FROM documents ORDER BY source").fetchall()
        return [DocumentRecord(r[0], r[1], r[2], r[3], "", r[4] or "", tuple(json.loads(r[5] or "[]")),
                               r[6] or "", r[7] or "", r[8] or "", chunks=()) for r in rows]

    def chunk_counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT doc_id, n_chunks FROM documents").fetchall())

    def clean_text(self, doc_id: str) -> str | None:
        row = self.db.execute("SELECT clean_text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def keyword_rows(self) -> list[tuple[str, list[str]]]:
        """(chunk_id, tokens) of every committed chunk, in a stable order."""
        return list(self.iter_keyword_rows())

    def iter_keyword_rows(self) -> Iterator[tuple[str, list[str]]]:
        """`keyword_rows` one row at a time: at 50k chunks the token lists held at once were
        ~0.5 GB of Python strings, and the process kept that memory after the BM25 build."""
        for chunk_id, tokens in self.db.execute("SELECT chunk_id, tokens FROM chunks ORDER BY rowid"):
            yield chunk_id, tokens.split(" ") if tokens else []

    def chunks_by_id(self, chunk_ids: list[str]) -> dict[str, tuple[ChunkRecord, DocumentRecord]]:
        """Committed chunks with their document's metadata; unknown ids are left out."""
        found: dict[str, tuple[ChunkRecord, DocumentRecord]] = {}
        for i in range(0, len(chunk_ids), 500):
            batch = chunk_ids[i:i + 500]
            marks = ",".join("?" * len(batch))
            for r in self.db.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d "
                                     f"USING (doc_id) WHERE c.chunk_id IN ({marks})", batch):
                found[r[0]] = _records_of(r)
        return found

    def matching_doc_ids(self, filters: Filters) -> list[str]:
        """Documents that pass every non-empty filter."""
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
        return [row[0] for row in self.db.execute(f"SELECT doc_id FROM documents WHERE {where}", args)]

    def close(self) -> None:
        self.db.close()


def _records_of(row: tuple) -> tuple[ChunkRecord, DocumentRecord]:
    """A row that starts with `_CHUNK_COLUMNS`, as the chunk and its document (without text)."""
    chunk = ChunkRecord(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6],
                        row[7], row[8], row[9])
    document = DocumentRecord(row[1], row[10], row[11], row[12], "", row[13] or "",
                              tuple(json.loads(row[14] or "[]")), row[15] or "", row[16] or "",
                              row[17] or "")
    return chunk, document
