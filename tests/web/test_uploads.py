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
