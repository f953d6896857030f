"""Hostile PDFs and .docx files through the real pipeline into a real index: a 2,000-page PDF, a PDF
whose text layer is mojibake, a zip bomb named .docx. Each is skipped with its reason, quickly, and
the good files of the same run are indexed."""

from __future__ import annotations

import io
import shutil
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import docx
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.budget import FileBudget
from ingest.pipeline import IngestReport, ingest_paths
from tests.conftest import POLICIES, SEEDS, TEST_CONFIG
from vectorstore.index import PolicyIndex

Ingest = Callable[..., IngestReport]
_CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType='
                  b'"application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml"'
                  b' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                  b'</Types>')
_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(POLICIES / "lanxi_subsidy.txt", docs / "lanxi.txt")
    return docs


def _reasons(report: IngestReport) -> dict[str, str]:
    return {skip.path.name: skip.reason for skip in report.skipped}


def _added(report: IngestReport) -> list[str]:
    return sorted(Path(path).name for path in report.added)


def _pdf(path: Path, pages: list[list[str]], font: str = "STSong-Light") -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    for lines in pages:
        pdf.setFont(font, 10)
        for n, line in enumerate(lines):
            pdf.drawString(40, 800 - 16 * n, line)
        pdf.showPage()
    pdf.save()


def test_a_2000_page_pdf_is_skipped_by_its_page_count_and_a_slow_one_by_its_time(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    pages = [[f"第{n}条 关于加强科技创新的若干措施，第{n}页。"] for n in range(1, 2001)]
    _pdf(docs / "compilation.pdf", pages)
    _pdf(docs / "short.pdf", [["衢州市科技创新券管理办法", "第一条 创新券最高补助20万元。"]])
    started = time.monotonic()

    by_pages = ingest(docs)

    assert time.monotonic() - started < 30  # reading all 2,000 pages and embedding them took 35 s
    assert _reasons(by_pages) == {"compilation.pdf": "over budget: 2,000 pages, the limit is 1,000 "
                                                     "(POLICYQA_MAX_PDF_PAGES)"}
    assert _added(by_pages) == ["lanxi.txt", "short.pdf"]
    # Within a page budget but not within a time budget: skipped once it has been read, not indexed.
    slow = ingest_paths([docs], index, config=TEST_CONFIG, count_tokens=index.embeddings.count_tokens,
                        progress=False, budget=FileBudget(max_file_mb=25, max_pdf_pages=5000,
                                                          max_unzipped_mb=200, max_file_seconds=0.5))
    assert list(_reasons(slow)) == ["compilation.pdf"]
    assert _reasons(slow)["compilation.pdf"].startswith("over budget: ")
    assert _reasons(slow)["compilation.pdf"].endswith("s by the end of loading, the limit is 0.5 s "
                                                      "(POLICYQA_MAX_FILE_SECONDS)")
    assert sorted(d.source for d in index.catalog.documents()) == ["lanxi.txt", "short.pdf"]


def test_a_pdf_whose_text_layer_is_mojibake_is_skipped_as_garbled(ingest: Ingest, index: PolicyIndex,
                                                                  tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    lines = [line for line in (SEEDS / "002_0f657752eae89443.txt").read_text("utf-8").splitlines() if line][:30]
    # GBK bytes shown as Latin-1: what a text layer looks like when its font has no usable Unicode map.
    garbled = [line.encode("gbk", errors="ignore").decode("latin-1")[:90] for line in lines]
    _pdf(docs / "garbled.pdf", [garbled], font="Helvetica")
    _pdf(docs / "readable.pdf", [[line[:40] for line in lines]])
    (docs / "double_encoded.txt").write_text("\n".join(lines).encode("utf-8").decode("cp1252", errors="ignore"),
                                             "utf-8")

    report = ingest(docs)

    reasons = _reasons(report)
    assert sorted(reasons) == ["double_encoded.txt", "garbled.pdf"]
    assert all(reason.startswith("garbled text (mojibake): only ") for reason in reasons.values())
    assert _added(report) == ["lanxi.txt", "readable.pdf"]
    readable = next(d for d in index.catalog.documents() if d.source == "readable.pdf")
    assert lines[0][:20] in (index.catalog.clean_text(readable.doc_id) or "")


def _zip(members: list[tuple[str, bytes, int, int, bytes]]) -> bytes:
    """A zip of (name, deflated data, crc, declared size, ...) members, written by hand: zipfile
    cannot store a member that was compressed elsewhere."""
    out, central = io.BytesIO(), []
    for name, data, crc, size, _ in members:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(b"".join(central))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _member(name: str, body: bytes) -> tuple[str, bytes, int, int, bytes]:
    return name, zlib.compress(body)[2:-4], zlib.crc32(body), len(body), b""


def _zero_bomb(megabytes: int) -> tuple[bytes, int]:
    """Deflate data that inflates to `megabytes` MB of zeros, made without compressing them: a block
    of zeros ended by a full flush stands on its own, so it can be repeated. Returns (data, crc)."""
    block = b"\0" * 1_000_000
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeat = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    return head + repeat * (megabytes - 1) + deflate.flush(), crc


def test_a_zip_bomb_named_docx_is_skipped_before_it_is_inflated(ingest: Ingest, index: PolicyIndex,
                                                                tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    bomb, crc = _zero_bomb(3000)  # 3 GB of zeros in ~3 MB
    honest = _zip([_member("[Content_Types].xml", _CONTENT_TYPES), _member("_rels/.rels", _RELS),
                   ("word/document.xml", bomb, crc, 3_000_000_000, b"")])
    lying = _zip([_member("[Content_Types].xml", _CONTENT_TYPES), _member("_rels/.rels", _RELS),
                  ("word/document.xml", bomb, crc, 1_000_000, b"")])  # declares 1 MB, inflates to 3 GB
    (docs / "bomb.docx").write_bytes(honest)
    (docs / "liar.docx").write_bytes(lying)
    document = docx.Document()
    document.add_paragraph("衢州市科技创新券管理办法")
    document.add_paragraph("第一条 创新券最高补助20万元。")
    document.save(str(docs / "good.docx"))
    started = time.monotonic()

    report = ingest(docs)

    assert time.monotonic() - started < 30  # inflating the bomb took 26 s and 3 GB before
    assert _reasons(report) == {
        "bomb.docx": "over budget: unzips to 3,000 MB, the limit is 200 MB (POLICYQA_MAX_UNZIPPED_MB); a zip bomb?",
        "liar.docx": "not a readable .docx"}  # zipfile stops at the declared size, then fails its CRC
    assert _added(report) == ["good.docx", "lanxi.txt"]
