"""The LOADERS registry: every format loads, and the CLI, folder walks and uploads accept the same files."""

from __future__ import annotations

import io
from contextlib import nullcontext
from pathlib import Path

import docx
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.__main__ import main as ingest_main
from ingest.formats import LOADERS, LoadedText
from ingest.load import find_policy_files, load_text
from tests.conftest import TEST_CONFIG
from vectorstore.index import PolicyIndex
from web.uploads import UPLOAD_SUFFIXES, Uploader

REFUSED = (".xlsx", ".doc", ".png", "")


def _line(suffix: str) -> str:
    # Each sample says something different: identical bytes would be indexed once.
    return f"第一条 {suffix or '无后缀'}格式的文件按本办法管理。"


def _pdf(text: str) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(72, 750, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample(suffix: str) -> bytes:
    """A small valid file of each registered format: a new format needs one here too."""
    text = _line(suffix)
    samples = {".txt": text.encode("gbk"), ".md": text.encode(), ".html": f"<p>{text}</p>".encode(),
               ".htm": f"<p>{text}</p>".encode("gbk"), ".pdf": _pdf(text), ".docx": _docx(text)}
    return samples.get(suffix, b"PK\x03\x04 not a registered format")


@pytest.mark.parametrize("suffix", list(LOADERS))
def test_every_registered_format_loads_its_sample(suffix: str) -> None:
    loaded = LOADERS[suffix](sample(suffix))

    assert isinstance(loaded, LoadedText) and loaded.text == _line(suffix)


def test_suffixes_are_lower_case_with_their_dot() -> None:
    assert all(s.startswith(".") and s == s.lower() and len(s) > 1 for s in LOADERS)


def test_the_cli_folder_walks_and_uploads_accept_the_same_files(tmp_path: Path, index: PolicyIndex,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    given = tmp_path / "given"
    given.mkdir()
    accepted = [given / f"policy{s}" for s in LOADERS]
    refused = [given / f"other{s}" for s in REFUSED]
    for path in accepted + refused:
        path.write_bytes(sample(path.suffix))
    uploader = Uploader(index, tmp_path / "uploads", "secret", TEST_CONFIG, index.embeddings.count_tokens,
                        nullcontext)

    found, skipped = find_policy_files([given])
    named, named_skipped = find_policy_files(accepted + refused)
    report = uploader.ingest(accepted + refused, "secret")
    with pytest.raises(SystemExit):
        ingest_main(["--help"])

    assert UPLOAD_SUFFIXES == tuple(LOADERS)
    assert found == sorted(accepted) and named == accepted and not skipped
    assert [s.path for s in named_skipped] == refused
    assert sorted(Path(p).name for p in report.added) == sorted(p.name for p in accepted)
    assert [s.path.name for s in report.skipped] == [p.name for p in refused]
    assert {s.reason for s in report.skipped} == {"不支持的文件类型(可上传 .txt .md .html .htm .pdf .docx)"}
    assert f"({' '.join(LOADERS)})" in " ".join(capsys.readouterr().out.split())


def test_a_new_format_is_one_loader_and_one_registry_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "targets.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    monkeypatch.setitem(LOADERS, ".xlsx", lambda raw: LoadedText(text="指标 | 2025年 |", title_hint="目标表"))

    assert find_policy_files([tmp_path]) == ([sheet], [])
    assert load_text(sheet) == LoadedText(text="指标 | 2025年 |", title_hint="目标表")
    with pytest.raises(SystemExit):
        ingest_main(["--help"])
    assert ".xlsx" in capsys.readouterr().out
