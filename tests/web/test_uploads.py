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
