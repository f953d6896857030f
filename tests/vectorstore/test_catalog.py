"""vectorstore.catalog on hand-made records in SQLite: schema upgrades, rows read by name, filters."""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from core.errors import BadInputError
from core.knowledge import DocumentStatus, Target
from core.records import ChunkRecord, DocumentRecord, Filters, make_chunk_id
from ingest.measures import extract_measures
from vectorstore.catalog import Catalog

# The chunks table as versions before this one made it: every chunk had a NOT NULL n_tiktoken.
_OLD_SCHEMA = """
CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY, path TEXT UNIQUE NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL,
    region TEXT, regions TEXT, issuer TEXT, date TEXT, doc_type TEXT, clean_text TEXT NOT NULL,
    n_chunks INTEGER NOT NULL, ingested_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE chunks (
    chunk_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL, start INTEGER NOT NULL, end_ INTEGER NOT NULL, section TEXT NOT NULL,
    context TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, tokens TEXT NOT NULL,
    n_tiktoken INTEGER NOT NULL, text_hash TEXT);
CREATE INDEX chunks_by_doc ON chunks(doc_id);
CREATE INDEX chunks_by_text_hash ON chunks(text_hash);
CREATE TABLE journal (doc_id TEXT PRIMARY KEY, path TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO documents (doc_id, path, source, title, region, regions, issuer, date, doc_type, clean_text,
    n_chunks) VALUES ('old', '/docs/old.txt', 'old.txt', '旧办法', '兰溪市', '["兰溪市"]', '', '2023-01-01',
    '办法', '第一条 旧的规定。', 1);
INSERT INTO chunks VALUES ('old:00000', 'old', 0, 0, 9, '["第一条"]', '', 'text', '第一条 旧的规定。',
    '第一条 旧 规定', 11, 'hash-old');
INSERT INTO meta VALUES ('version', 3);
"""


def _document(doc_id: str, source: str, *, region: str = "兰溪市", date: str = "2024-03-08",
              doc_type: str = "办法", title: str = "兰溪市科技创新券实施办法") -> DocumentRecord:
    clean = "一、总体要求\n第一条 创新券最高20万元。\n类别 | 金额 |\n青年人才 | 5万元 |"
    chunks = (
        ChunkRecord(chunk_id=make_chunk_id(doc_id, 0), doc_id=doc_id, ord=0, start=0, end=22,
                    section=("一、总体要求",), text=clean[0:22]),
        ChunkRecord(chunk_id=make_chunk_id(doc_id, 1), doc_id=doc_id, ord=1, start=23, end=len(clean),
                    section=("一、总体要求",), text=clean[23:], context="类别 | 金额 |", kind="table"),
    )
    return DocumentRecord(doc_id=doc_id, path=f"/docs/{source}", source=source, title=title, clean_text=clean,
                          region=region, regions=(region, "浙江省"), issuer="兰溪市科技局", date=date,
                          doc_type=doc_type, chunks=chunks)


def _commit(catalog: Catalog, document: DocumentRecord, hashes: list[str] | None = None) -> None:
    catalog.commit_document(document, [c.text.split() for c in document.chunks], text_hashes=hashes)


def test_a_catalog_made_by_the_old_schema_opens_reads_and_accepts_new_documents(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(_OLD_SCHEMA)

    catalog = Catalog(path)
    columns = {row["name"] for row in catalog.db.execute("PRAGMA table_info(chunks)")}
    _commit(catalog, _document("new", "new.txt"), ["h0", "h1"])

    assert "n_tiktoken" not in columns and "text_hash" in columns
    old_chunk, old_document = catalog.chunks_by_id(["old:00000"])["old:00000"]
    assert old_chunk == ChunkRecord(chunk_id="old:00000", doc_id="old", ord=0, start=0, end=9,
                                    section=("第一条",), text="第一条 旧的规定。")
    assert (old_document.title, old_document.regions, old_document.date) == ("旧办法", ("兰溪市",), "2023-01-01")
    assert [d.source for d in catalog.documents()] == ["new.txt", "old.txt"]
    assert catalog.chunk_ids_by_text_hash(["hash-old", "h1"]) == {"hash-old": "old:00000", "h1": "new:00001"}
    assert catalog.version() == 4
    catalog.close()
    assert "n_tiktoken" not in {r["name"] for r in Catalog(path).db.execute("PRAGMA table_info(chunks)")}


def test_records_come_back_field_for_field(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    document = _document("lanxi", "lanxi.txt")
    _commit(catalog, document)

    found = catalog.chunks_by_id([c.chunk_id for c in document.chunks] + ["unknown:00000"])

    assert [found[c.chunk_id][0] for c in document.chunks] == list(document.chunks)
    listed = catalog.documents()[0]
    assert listed.doc_id == "lanxi" and listed.regions == ("兰溪市", "浙江省")
    assert (listed.clean_text, listed.chunks) == ("", ())  # listings carry neither
    assert found["lanxi:00001"][1] == listed
    assert catalog.clean_text("lanxi") == document.clean_text and catalog.clean_text("other") is None
    assert catalog.chunk_counts() == {"lanxi": 2}
    assert list(catalog.iter_keyword_rows()) == [(c.chunk_id, c.text.split()) for c in document.chunks]


def test_rows_are_read_by_column_name_not_position(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite3"
    with sqlite3.connect(path) as db:  # the same columns in another order
        db.executescript("""
            CREATE TABLE documents (n_chunks INTEGER NOT NULL, clean_text TEXT NOT NULL, doc_type TEXT,
                date TEXT, issuer TEXT, regions TEXT, region TEXT, title TEXT NOT NULL, source TEXT NOT NULL,
                path TEXT UNIQUE NOT NULL, doc_id TEXT PRIMARY KEY, ingested_at TEXT);
            CREATE TABLE chunks (text_hash TEXT, tokens TEXT NOT NULL, text TEXT NOT NULL, kind TEXT NOT NULL,
                context TEXT NOT NULL, section TEXT NOT NULL, end_ INTEGER NOT NULL, start INTEGER NOT NULL,
                ord INTEGER NOT NULL, doc_id TEXT NOT NULL, chunk_id TEXT PRIMARY KEY);""")
    catalog = Catalog(path)
    document = _document("lanxi", "lanxi.txt")
    _commit(catalog, document)

    chunk, listed = catalog.chunks_by_id(["lanxi:00001"])["lanxi:00001"]

    assert chunk == document.chunks[1]
    assert (listed.path, listed.source, listed.title, listed.issuer) == \
        ("/docs/lanxi.txt", "lanxi.txt", document.title, "兰溪市科技局")


def test_filters_select_documents_by_each_field(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _commit(catalog, _document("lanxi", "lanxi.txt"))
    _commit(catalog, _document("js", "jiangshan.md", region="江山市", date="2024-05-10", doc_type="意见",
                               title="江山市人才新政"))
    _commit(catalog, _document("undated", "undated.txt", region="江山市", date="", doc_type="通知",
                               title="关于申报的通知"))

    def match(**fields: str) -> set[str]:
        return set(catalog.matching_doc_ids(Filters(**fields), datetime.date.today()))

    assert match() == {"lanxi", "js", "undated"}
    assert match(region="江山") == {"js", "undated"}
    assert match(region="浙江") == {"lanxi", "js", "undated"}  # a region the documents also cover
    assert match(document="lanxi.txt") == match(document="lanxi") == match(document="创新券") == {"lanxi"}
    assert match(doc_type="意见") == {"js"}
    assert match(date_from="2024-04-01") == {"js"} and match(date_to="2024-04-01") == {"lanxi"}
    assert match(region="江山", doc_type="通知") == {"undated"}
    assert match(region="拉萨") == set()


def test_a_commit_replaces_the_document_at_its_path_and_bumps_the_version(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _commit(catalog, _document("v1", "lanxi.txt"))
    catalog.begin("v2", "/docs/lanxi.txt")
    assert catalog.unfinished() == ["v2"]

    _commit(catalog, _document("v2", "lanxi.txt"))
    catalog.end("v2")

    assert catalog.doc_id_at("/docs/lanxi.txt") == "v2" and catalog.path_of("v1") is None
    assert catalog.chunks_by_id(["v1:00000"]) == {}  # its chunks went with it
    assert catalog.unfinished() == [] and catalog.version() == 2
    catalog.remove_document("v2")
    assert catalog.paths() == [] and catalog.version() == 3


def test_retokenize_remakes_every_chunks_tokens_and_records_the_tokenizer(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    assert catalog.retokenize(lambda d, c: [], "empty") == 0 and catalog.tokenizer() == "empty"
    _commit(catalog, _document("lanxi", "lanxi.txt"))

    done = catalog.retokenize(lambda document, chunk: [document.source, chunk.kind], "test-1")

    assert done == 2 and catalog.tokenizer() == "test-1"
    assert list(catalog.iter_keyword_rows()) == [("lanxi:00000", ["lanxi.txt", "text"]),
                                                 ("lanxi:00001", ["lanxi.txt", "table"])]


def test_a_failed_commit_leaves_the_catalog_as_it_was(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _commit(catalog, _document("lanxi", "lanxi.txt"))

    with pytest.raises(ValueError):  # one token list short
        catalog.commit_document(_document("v2", "lanxi.txt"), [["only-one"]])

    assert catalog.doc_id_at("/docs/lanxi.txt") == "lanxi" and catalog.version() == 1


def test_the_paragraph_before_a_chunk_is_read_back_up_to_its_start(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    _commit(catalog, _document("lanxi", "lanxi.txt"))  # clean: "一、总体要求\n第一条 创新券最高20万元。\n…"
    start = len("一、总体要求\n第一条 ")
    assert catalog.paragraph_before("lanxi", start, 300) == "第一条 "  # stops at the line break
    assert catalog.paragraph_before("lanxi", start, 3) == "一条 "  # at most max_chars
    assert catalog.paragraph_before("lanxi", 0, 300) == ""
    assert catalog.paragraph_before("unknown", start, 300) == ""


def _status(version_status: str = "in_force") -> DocumentStatus:
    return DocumentStatus(issuer="兰溪市科技局", doc_number="兰科〔2024〕1号", date="2024-03-08",
                          status=version_status, status_basis="stated", valid_from="2024-03-08",
                          valid_until="2026-12-31", status_quote="本办法自2024年3月8日起施行。")


def _target(document: DocumentRecord, year: int, value: str = "20万元") -> Target:
    return Target(indicator="创新券", value=value, number=20.0, unit="万元", comparator="at_most", kind="level",
                  target_year=year, baseline_value=None, baseline_year=None, region=document.region,
                  source=document.source, title=document.title, section="一、总体要求", doc_status="in_force",
                  quote="创新券最高20万元", start=11, end=20)


def test_status_and_targets_are_stored_filtered_and_go_with_their_document(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    lanxi, other = _document("lanxi", "lanxi.txt"), _document("yiwu", "yiwu.txt", region="义乌市")
    for document in (lanxi, other):
        _commit(catalog, document)
    assert catalog.stale_knowledge("1") == ["lanxi", "yiwu"]
    catalog.put_knowledge("lanxi", "1", _status(), [_target(lanxi, 2025), _target(lanxi, 2027, "30万元")])
    catalog.put_knowledge("yiwu", "1", _status("draft"), [_target(other, 2025)])

    assert catalog.stale_knowledge("1") == [] and catalog.stale_knowledge("2") == ["lanxi", "yiwu"]
    assert catalog.statuses()["yiwu"].status == "draft" and catalog.statuses()["lanxi"] == _status()
    assert catalog.status_of("lanxi") == _status() and catalog.status_of("unknown") is None
    assert [t.value for t in catalog.targets()] == ["20万元", "30万元", "20万元"]
    assert [t.source for t in catalog.targets(Filters(region="义乌"))] == ["yiwu.txt"]
    assert [t.value for t in catalog.targets(Filters(document="lanxi.txt"), year=2027)] == ["30万元"]
    assert catalog.targets(year=2030) == []
    after = datetime.date(2027, 1, 1)  # today's status follows the stored dates (valid until 2026-12-31)
    assert {t.doc_status for t in catalog.targets(Filters(region="兰溪"), today=after)} == {"expired"}

    catalog.put_knowledge("lanxi", "1", _status(), [])  # read again: replaced, not added to
    assert [t.source for t in catalog.targets()] == ["yiwu.txt"]
    _commit(catalog, _document("yiwu", "yiwu.txt", region="义乌市"))  # a changed document is read anew
    assert catalog.stale_knowledge("1") == ["yiwu"] and "yiwu" not in catalog.statuses()


def test_a_status_filter_reads_each_documents_status_as_of_the_day_and_can_match_nothing(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    for document in (_document("lanxi", "lanxi.txt"), _document("yiwu", "yiwu.txt", region="义乌市"),
                     _document("unread", "unread.txt")):
        _commit(catalog, document)
    catalog.put_knowledge("lanxi", "1", _status(), [])  # valid 2024-03-08 .. 2026-12-31
    catalog.put_knowledge("yiwu", "1", _status("draft"), [])

    def match(status: str, day: datetime.date = datetime.date(2025, 6, 1), **fields: str) -> set[str]:
        return set(catalog.matching_doc_ids(Filters(status=status, **fields), day))

    assert match("in_force") == {"lanxi"}
    assert match("in_force", datetime.date(2027, 1, 1)) == set()  # lapsed: a filter matching nothing
    assert match("expired", datetime.date(2027, 1, 1)) == {"lanxi"}
    assert match("not_yet_effective", datetime.date(2024, 1, 1)) == {"lanxi"}
    assert match("draft, unknown") == {"yiwu", "unread"}
    assert match("draft", region="兰溪") == set()
    with pytest.raises(BadInputError, match="unknown status valid; use one or more of in_force"):
        Filters(status="valid")


def test_a_document_comes_back_with_its_text_and_chunks_for_extractors(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    document = _document("lanxi", "lanxi.txt")
    _commit(catalog, document)
    assert catalog.document("lanxi") == document and catalog.document("unknown") is None


def test_measures_are_read_again_after_the_catalog_changes_and_not_before(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite3")
    lanxi = _document("lanxi", "lanxi.txt")
    _commit(catalog, lanxi)
    text = "对新认定的高新技术企业给予一次性奖励30万元。"
    measures = extract_measures(replace(lanxi, clean_text=text, region="兰溪市"))
    catalog.put_knowledge("lanxi", "1", _status(), [], measures)
    day = datetime.date(2025, 6, 1)

    first = catalog.measures(today=day)
    assert [m.quote for m in first] == [text] and catalog.measures(today=day) == first
    held = catalog._measures
    catalog.measures(today=day)
    assert catalog._measures is held  # unchanged catalog, same day: nothing read
    assert {m.doc_status for m in catalog.measures(today=datetime.date(2027, 1, 1))} == {"expired"}

    catalog.put_knowledge("lanxi", "1", _status(), [], [])
    assert catalog.measures(today=day) == []
