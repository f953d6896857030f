"""Admin uploads -> files kept under <db>/uploads -> the ingest pipeline, one file at a time."""

from __future__ import annotations

import hmac
import shutil
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from core.errors import PolicyQAError
from ingest.budget import DEFAULT_BUDGET, FileBudget
from ingest.config import IngestConfig
from ingest.counting import CountMany
from ingest.formats import LOADERS
from ingest.load import SkippedFile
from ingest.pipeline import IngestReport, ingest_paths
from vectorstore.index import PolicyIndex

# What `python -m ingest` reads, in the registry's order (the upload form shows them).
UPLOAD_SUFFIXES = tuple(LOADERS)


class UploadRefusedError(PolicyQAError):
    """Uploads are off, or the token is wrong."""


@dataclass
class Uploader:
    """Ingests with the CLI's IngestConfig (`IngestConfig.from_settings`), or re-ingesting a file
    indexes it again instead of finding it unchanged."""

    index: PolicyIndex
    upload_dir: Path
    token: str
    config: IngestConfig
    count_tokens: Callable[[str], int]  # the embedding model's tokens
    exclusive: Callable[[], AbstractContextManager[None]]  # the answer slot: no search mid-write
    count_many: CountMany | None = None  # count_tokens of a list, in one call
    budget: FileBudget = DEFAULT_BUDGET  # per-file limits (POLICYQA_MAX_*), as the CLI applies them

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def check_token(self, given: str) -> None:
        if not self.enabled:
            raise UploadRefusedError("上传已关闭:服务器没有配置管理员口令(POLICYQA_ADMIN_TOKEN)。")
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            raise UploadRefusedError("管理员口令不正确。")

    def ingest(self, files: Sequence[Path], token: str,
               on_file: Callable[[int, int, str], None] = lambda done, total, name: None,
               ) -> IngestReport:
        """Copy each file into the upload folder, then index it; a same-named file is replaced."""
        self.check_token(token)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        total = IngestReport()
        for number, given in enumerate(files):
            name = Path(given).name
            on_file(number, len(files), name)
            if Path(name).suffix.lower() not in LOADERS:
                total.skipped.append(SkippedFile(Path(name), "不支持的文件类型(可上传 "
                                                 + " ".join(UPLOAD_SUFFIXES) + ")"))
                continue
            kept = self.upload_dir / name
            shutil.copyfile(given, kept)
            with self.exclusive():
                report = ingest_paths([kept], self.index, config=self.config, count_tokens=self.count_tokens,
                                      count_many=self.count_many, progress=False, budget=self.budget)
            for name_ in ("added", "updated", "unchanged", "skipped"):
                getattr(total, name_).extend(getattr(report, name_))
            total.chunks += report.chunks
            total.seconds += report.seconds
        on_file(len(files), len(files), "")
        return total
