"""Hostile and broken files through the real pipeline into a real index: each is reported with a
reason, nothing crashes or hangs, and the good file beside it is still indexed. Big files are made
in tmp_path at test time."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.budget import DEFAULT_BUDGET, FileBudget
from ingest.load import CHANGED
from ingest.pipeline import IngestReport, document_id, prepare_document
from settings import Settings
from tests.conftest import POLICIES, SEEDS, TEST_CONFIG
from vectorstore.index import PolicyIndex

Ingest = Callable[..., IngestReport]
GOOD = "lanxi.txt"


def _docs(tmp_path: Path) -> Path:
    """A folder holding one good policy, which every run must still index."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / GOOD)
    return docs


def _reasons(report: IngestReport) -> dict[str, str]:
    return {skip.path.name: skip.reason for skip in report.skipped}


def _added(report: IngestReport) -> list[str]:
    return sorted(Path(path).name for path in report.added)


def _sources(index: PolicyIndex) -> list[str]:
    return sorted(d.source for d in index.catalog.documents())


def _seed_text() -> str:
    return "\n".join(path.read_text("utf-8") for path in sorted(SEEDS.iterdir()))


def test_a_50_mb_text_file_is_skipped_by_its_size(ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    unit = _seed_text().encode()
    with (docs / "big.txt").open("wb") as big:
        for _ in range(50_000_000 // len(unit)):
            big.write(unit)
        big.write(b"\n" * (50_000_000 - big.tell()))

    report = ingest(docs)

    assert _reasons(report) == {"big.txt": "over budget: 50 MB, the limit is 25 MB (POLICYQA_MAX_FILE_MB)"}
    assert _added(report) == [GOOD] and _sources(index) == [GOOD]


def test_the_budget_is_a_setting_read_at_the_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(tmp_path)  # 583 bytes
    (docs / "short.txt").write_text("绍兴市科技创新券管理办法\n第一条 创新券最高补助5万元。\n", "utf-8")
    monkeypatch.setenv("POLICYQA_MAX_FILE_MB", "0.0005")
    settings = Settings.from_env({"POLICYQA_MAX_PDF_PAGES": "7", "POLICYQA_MAX_UNZIPPED_MB": "3",
                                  "POLICYQA_MAX_FILE_SECONDS": "1.5", "POLICYQA_MAX_FILE_MB": "2"})

    code = ingest_main([str(docs), "--db", str(tmp_path / "db"), "--quiet"])

    assert FileBudget.from_settings(settings) == FileBudget(max_file_mb=2, max_pdf_pages=7, max_unzipped_mb=3,
                                                            max_file_seconds=1.5)
    assert DEFAULT_BUDGET == FileBudget.from_settings(Settings())
    output = capsys.readouterr().out
    assert code == 0 and "documents: 1 added" in output
    assert f"skipped {docs / GOOD}: over budget: 0.000583 MB, the limit is 0.0005 MB" in output


def test_a_300_kb_line_without_punctuation_is_cut_into_chunks_within_the_budget(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    plain = re.sub(r"[\W_]+", "", _seed_text())  # letters, digits and Chinese characters only
    line = (plain * 3)[:100_000]
    count = index.embeddings.count_tokens
    started = time.monotonic()

    # The pipeline's own cleaning and splitting: every chunk within the budget, the line kept whole.
    document = prepare_document(docs / "line.txt", "关于科技创新的通知\n" + line, "", "line", chunk_tokens=300,
                                count_tokens=count, count_many=index.embeddings.count_tokens_many)

    assert len(line.encode()) > 290_000 and document is not None
    assert max(count(c.text) for c in document.chunks) <= 300
    assert "".join(c.text for c in document.chunks if c.start >= document.clean_text.index(line[:50])) == line
    assert time.monotonic() - started < 20
    # And into the index, beside the good file (a line of one repeated phrase: its chunks share
    # vectors, so embedding them is quick).
    (docs / "line.txt").write_text("关于科技创新的通知\n" + ("二〇二四年度县级科技创新券兑现" * 7000) + "\n", "utf-8")

    report = ingest(docs)

    assert _added(report) == ["lanxi.txt", "line.txt"] and not report.skipped
    indexed = [c for c, d in index.catalog.chunks_by_id([i for i, _ in index.catalog.iter_keyword_rows()]).values()
               if d.source == "line.txt"]
    assert len(indexed) > 100 and max(count(c.text) for c in indexed) <= TEST_CONFIG.chunk_tokens
    assert time.monotonic() - started < 60


def test_html_nested_10000_levels_deep_is_read_without_recursion(ingest: Ingest, index: PolicyIndex,
                                                                  tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    depth = 10_000
    (docs / "divs.html").write_text("<html><body>" + "<div><span>" * depth + "第一条 深处的正文。"
                                    + "</span></div>" * depth + "</body></html>", "utf-8")
    (docs / "tables.html").write_text("<html><body>" + "<table><tr><td>甲</td><td>" * depth + "第二条 表格里的正文。"
                                      + "</td></tr></table>" * depth + "</body></html>", "utf-8")
    (docs / "unclosed.htm").write_text("<article>" + "<header><p>" * depth + "第三条 没有闭合的正文。", "utf-8")
    started = time.monotonic()

    report = ingest(docs)

    assert not report.skipped and _added(report) == ["divs.html", "lanxi.txt", "tables.html", "unclosed.htm"]
    texts = {d.source: index.catalog.clean_text(d.doc_id) or "" for d in index.catalog.documents()}
    assert "第一条 深处的正文。" in texts["divs.html"] and "第二条 表格里的正文。" in texts["tables.html"]
    assert "第三条 没有闭合的正文。" in texts["unclosed.htm"]
    assert time.monotonic() - started < 30  # a search under each nested cell took 40 s for the tables


def test_a_file_rewritten_between_two_reads_is_indexed_from_the_bytes_it_was_identified_by(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _docs(tmp_path)
    policy = docs / "notice.txt"
    first = "衢州市科技创新券管理办法\n第一条 创新券最高补助20万元。\n"
    policy.write_text(first, "utf-8")
    identify = document_id

    def identify_then_rewrite(raw: bytes, fingerprint: str) -> str:
        if raw == first.encode():  # someone saves a new version right after the file was read
            policy.write_text(first.replace("20万元", "99万元"), "utf-8")
        return identify(raw, fingerprint)

    monkeypatch.setattr("ingest.pipeline.document_id", identify_then_rewrite)

    report = ingest(docs)

    notice = next(d for d in index.catalog.documents() if d.source == "notice.txt")
    assert notice.doc_id == identify(first.encode(), TEST_CONFIG.fingerprint) and not report.skipped
    assert "20万元" in (index.catalog.clean_text(notice.doc_id) or "")  # not the other version's text


def test_a_file_written_while_it_is_read_is_skipped_or_read_as_it_was_then_and_reread_once_settled(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    policy = docs / "notice.txt"
    versions = [("衢州市科技奖励办法\n" + f"对新认定的高新技术企业给予一次性奖励（{mark}版）。\n" * 2000).encode()
                for mark in "甲乙"]  # same length, saved in place: a read mid-write sees lines of both
    policy.write_bytes(versions[0])
    writing = threading.Event()
    writing.set()
    written = [0]

    def rewrite_in_place() -> None:
        while writing.is_set():
            with policy.open("r+b") as handle:
                handle.write(versions[written[0] % 2])
            written[0] += 1

    writer = threading.Thread(target=rewrite_in_place)
    writer.start()
    try:
        during = [ingest(docs) for _ in range(2)]
    finally:
        writing.clear()
        writer.join()
    settled = ingest(docs)

    for report in during:  # a change seen during the read skips the file; a writer paused mid-write
        assert _reasons(report) in ({}, {"notice.txt": CHANGED})  # is not seen and is read as it stands
    final = policy.read_bytes()
    stored = [d for d in index.catalog.documents() if d.source == "notice.txt"]
    assert written[0] > 10 and final in versions and not settled.skipped
    assert [d.doc_id for d in stored] == [document_id(final, TEST_CONFIG.fingerprint)]
    text = index.catalog.clean_text(stored[0].doc_id) or ""
    assert ("（甲版）" in text) == (final == versions[0]) != ("（乙版）" in text)
    assert GOOD in _sources(index)


def test_file_names_with_spaces_emoji_dot_dot_and_255_bytes(ingest: Ingest, index: PolicyIndex,
                                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(tmp_path)
    (docs / "sub").mkdir()
    long_name = "长" * 83 + "ab.txt"
    assert len(long_name.encode()) == 255
    names = ["有 空格 的 文件.txt", "通知🎉📄.md", long_name, "sub/named.txt"]
    for n, name in enumerate(names):
        (docs / name).write_text(f"第一条 第{n}号文件的内容，补助{n + 1}万元。\n", "utf-8")
    gb_name = "国标编码.txt".encode("gb18030")  # a name saved by a GBK system: not UTF-8
    (docs / os.fsdecode(gb_name)).write_bytes("第一条 国标编码的文件名。".encode())
    spelled_with_dot_dot = [docs / "sub" / ".." / "sub" / "named.txt", docs / ".." / "docs" / GOOD]

    report = ingest(docs, *spelled_with_dot_dot)
    print(report.summary())  # prints as UTF-8 whatever the names

    assert _added(report) == sorted([GOOD, "有 空格 的 文件.txt", "通知🎉📄.md", long_name, "named.txt"])
    assert [(s.path.name, s.reason) for s in report.skipped] == [
        (gb_name.decode("utf-8", "replace"), "file name is not valid UTF-8 (rename the file)")]
    assert "not valid UTF-8" in capsys.readouterr().out
    assert sorted(Path(p).name for p in index.catalog.paths()) == _sources(index)
    assert str((docs / "sub" / "named.txt").resolve()) in index.catalog.paths()


def test_symlink_loops_and_special_files_in_a_folder(ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    (docs / "sub").mkdir()
    (docs / "self").symlink_to(".")  # folder links are not followed: no endless walk
    (docs / "sub" / "up").symlink_to("..")
    (docs / "loop.txt").symlink_to("loop.txt")
    (docs / "a.txt").symlink_to("b.txt")
    (docs / "b.txt").symlink_to("a.txt")
    (docs / "gone.txt").symlink_to("nowhere.txt")
    (docs / "alias.txt").symlink_to(GOOD)  # a file link is read, and is the same document
    os.mkfifo(docs / "pipe.txt")  # opening it for reading would wait for a writer forever

    report = ingest(docs, docs / "self", docs / "sub" / "up")

    assert _reasons(report) == {"loop.txt": "symbolic link loop", "a.txt": "symbolic link loop",
                                "b.txt": "symbolic link loop", "pipe.txt": "not a regular file",
                                "gone.txt": "cannot read file (No such file or directory)"}
    assert _added(report) == [GOOD] and _sources(index) == [GOOD]
