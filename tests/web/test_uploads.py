"""web.uploads: an admin's files -> the index, only with the configured token."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from web.rendering import ingest_report_html
from web.service import AppParts
from web.uploads import UploadRefusedError


def test_uploads_need_the_configured_token(parts: AppParts, tmp_path: Path) -> None:
    upload = tmp_path / "新政策.txt"
    upload.write_text("某市科技政策\n一、支持标准\n给予补助。", encoding="utf-8")
    closed = parts.uploader
    opened = dataclasses.replace(closed, token="s3cret")

    with pytest.raises(UploadRefusedError, match="没有配置管理员口令"):
        closed.ingest([upload], "anything")
    with pytest.raises(UploadRefusedError, match="口令不正确"):
        opened.ingest([upload], "wrong")
    report = opened.ingest([upload, tmp_path / "notes.xlsx"], "s3cret")

    assert [Path(p).name for p in report.added] == ["新政策.txt"]
    assert report.skipped[0].path.name == "notes.xlsx" and "不支持" in report.skipped[0].reason
    assert "notes.xlsx" in ingest_report_html(report)
    parts.service.index.remove(report.added[0])  # keep the shared index as the other tests expect


def test_an_upload_over_the_configured_budget_is_skipped_with_the_reason(parts: AppParts, tmp_path: Path) -> None:
    from dataclasses import replace

    from ingest.budget import FileBudget

    big = tmp_path / "big.txt"
    big.write_text("第一条 本办法所称补助最高20万元。\n" * 40000, encoding="utf-8")  # about 1.6 MB
    uploader = replace(parts.uploader, budget=FileBudget(max_file_mb=1, max_pdf_pages=10,
                                                         max_unzipped_mb=10, max_file_seconds=60), token="s3cret")
    report = uploader.ingest([big], uploader.token)
    assert not report.added and "over budget" in report.skipped[0].reason


def test_wrong_tokens_are_throttled_per_client_and_the_right_one_waits_too(parts: AppParts, tmp_path: Path) -> None:
    from web.rate_limit import FailureThrottle

    now = [0.0]
    uploader = dataclasses.replace(parts.uploader, token="s3cret",
                                   wrong_tokens=FailureThrottle(5, 900.0, clock=lambda: now[0]))
    for _ in range(5):
        with pytest.raises(UploadRefusedError, match="口令不正确"):
            uploader.check_token("guess", "10.0.0.9")

    with pytest.raises(UploadRefusedError, match="错误次数过多,请 15 分钟后再试"):
        uploader.check_token("s3cret", "10.0.0.9")
    uploader.check_token("s3cret", "10.0.0.7")  # another client is not held up
    now[0] = 901.0
    uploader.check_token("s3cret", "10.0.0.9")  # the window has passed


def test_uploads_are_kept_under_generated_names_inside_the_upload_folder(parts: AppParts, tmp_path: Path) -> None:
    from web.uploads import safe_name

    first, second = tmp_path / "a", tmp_path / "b"
    for folder, rule in ((first, "给予补助10万元。"), (second, "给予补助20万元。")):
        folder.mkdir()
        (folder / "政策.txt").write_text(f"某县科技政策\n一、支持标准\n{rule}", encoding="utf-8")
    uploader = dataclasses.replace(parts.uploader, token="s3cret")

    report = uploader.ingest([first / "政策.txt", second / "政策.txt", first / "政策.txt"], "s3cret")

    kept = sorted(uploader.upload_dir.rglob("政策.txt"))
    assert len(report.added) == 2 and len(kept) == 2  # the same name twice: nothing overwritten
    assert {p.read_text(encoding="utf-8")[-9:] for p in kept} == {"给予补助10万元。", "给予补助20万元。"}
    assert len(report.unchanged) == 1  # the same file again changes nothing
    assert all(p.resolve().is_relative_to(uploader.upload_dir.resolve()) for p in kept)
    assert [safe_name(n) for n in ("../../etc/passwd.txt", "..", ".hidden.md", "a\x00b:c.TXT", "")] == [
        "passwd.txt", "upload", "hidden.md", "a_b_c.txt", "upload"]
    for added in report.added:
        parts.service.index.remove(added)


def test_a_file_whose_content_is_not_what_its_suffix_says_is_refused_with_the_reason(
        parts: AppParts, tmp_path: Path) -> None:
    fake_pdf, fake_docx, binary = tmp_path / "通知.pdf", tmp_path / "通知.docx", tmp_path / "通知.txt"
    fake_pdf.write_text("<html>not a pdf</html>", encoding="utf-8")
    fake_docx.write_text("plain text", encoding="utf-8")
    binary.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00")
    uploader = dataclasses.replace(parts.uploader, token="s3cret")

    report = uploader.ingest([fake_pdf, fake_docx, binary], "s3cret")

    assert not report.added
    assert [(s.path.name, s.reason) for s in report.skipped] == [
        ("通知.pdf", "内容不是 PDF(文件头不是 %PDF-)"), ("通知.docx", "内容不是 .docx(不是 zip 文件)"),
        ("通知.txt", "内容不是文本(含有二进制字节)")]
    assert not list(uploader.upload_dir.rglob("通知.*"))  # nothing refused is kept
