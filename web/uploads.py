"""Admin uploads -> files kept under <db>/uploads -> the ingest pipeline, one file at a time."""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import PolicyQAError
from ingest.budget import DEFAULT_BUDGET, FileBudget
from ingest.config import IngestConfig
from ingest.counting import CountMany
from ingest.formats import LOADERS
from ingest.load import SkippedFile
from ingest.pipeline import IngestReport, ingest_paths
from vectorstore.index import PolicyIndex
from web.rate_limit import FailureThrottle

# What `python -m ingest` reads, in the registry's order (the upload form shows them).
UPLOAD_SUFFIXES = tuple(LOADERS)
# Five wrong admin tokens per client in 15 minutes: enough for typos, too few to guess a token.
WRONG_TOKENS, WRONG_TOKEN_WINDOW_S = 5, 900.0
# A name keeps what a reader recognises; control characters, separators and leading dots go.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")


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
    wrong_tokens: FailureThrottle = field(
        default_factory=lambda: FailureThrottle(WRONG_TOKENS, WRONG_TOKEN_WINDOW_S))

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    def check_token(self, given: str, client: str = "unknown") -> None:
        """The token, compared in constant time; a client with too many wrong tries waits."""
        if not self.enabled:
            raise UploadRefusedError("上传已关闭:服务器没有配置管理员口令(POLICYQA_ADMIN_TOKEN)。")
        if wait := self.wrong_tokens.blocked_for(client):
            raise UploadRefusedError(f"管理员口令错误次数过多,请 {math.ceil(wait / 60)} 分钟后再试。")
        if not hmac.compare_digest(given.strip().encode(), self.token.encode()):
            self.wrong_tokens.failed(client)
            raise UploadRefusedError("管理员口令不正确。")

    def ingest(self, files: Sequence[Path], token: str,
               on_file: Callable[[int, int, str], None] = lambda done, total, name: None,
               client: str = "unknown") -> IngestReport:
        """Copy each file into the upload folder under a generated name (a folder named by its
        content, so nothing is overwritten and no name leads outside), then index it."""
        self.check_token(token, client)
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        total = IngestReport()
        for number, given in enumerate(files):
            name = safe_name(Path(given).name)
            on_file(number, len(files), name)
            if reason := refused_content(Path(given), name):
                total.skipped.append(SkippedFile(Path(name), reason))
                continue
            kept = stored_path(self.upload_dir, Path(given), name)
            kept.parent.mkdir(exist_ok=True)
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


def safe_name(name: str) -> str:
    """An uploaded file's last name part without control characters, reserved signs or leading dots
    ("" -> "upload")."""
    cleaned = _UNSAFE_NAME.sub("_", re.split(r"[/\\\\]", name)[-1]).strip().lstrip(".")
    stem, suffix = Path(cleaned).stem[:100], Path(cleaned).suffix.lower()[:10]
    return f"{stem or 'upload'}{suffix}"


def stored_path(upload_dir: Path, given: Path, name: str) -> Path:
    """<upload_dir>/<first 16 hex of the content's sha256>/<name>: the same file lands in the same
    place (re-uploading it changes nothing), another file never replaces it."""
    digest = hashlib.sha256()
    with given.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return upload_dir / digest.hexdigest()[:16] / name


def refused_content(given: Path, name: str) -> str:
    """Why the file is not taken ("" when it is): an unknown suffix, or content that is not what
    the suffix says (a PDF must start %PDF-, a .docx must be a zip with word/document.xml, text
    must have no NUL bytes)."""
    suffix = Path(name).suffix.lower()
    if suffix not in LOADERS:
        return "不支持的文件类型(可上传 " + " ".join(UPLOAD_SUFFIXES) + ")"
    with given.open("rb") as stream:
        head = stream.read(4096)
    if suffix == ".pdf" and not head.lstrip()[:5] == b"%PDF-":
        return "内容不是 PDF(文件头不是 %PDF-)"
    if suffix == ".docx":
        if not zipfile.is_zipfile(given):
            return "内容不是 .docx(不是 zip 文件)"
        with zipfile.ZipFile(given) as archive:
            if "word/document.xml" not in archive.namelist():
                return "内容不是 .docx(缺少 word/document.xml)"
    if suffix in _TEXT_SUFFIXES and b"\x00" in head:
        return "内容不是文本(含有二进制字节)"
    return ""
