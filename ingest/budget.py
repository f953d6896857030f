"""Settings -> what one file may cost an ingest run (size, pages, unzipped size, time), and its checks."""

from __future__ import annotations

import time
from dataclasses import dataclass

from settings import Settings

_MB = 1_000_000


class OverBudgetError(ValueError):
    """A file over one of its limits; `.reason` names the limit and the setting that raises it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FileBudget:
    """What one file may cost. A file over any limit is skipped whole, with the reason, and the
    run goes on: nothing of it is indexed, nothing else is lost. Each limit is checked before the
    work it bounds, where the file allows it (size before reading, pages before extracting)."""

    max_file_mb: float
    max_pdf_pages: int
    max_unzipped_mb: float
    max_file_seconds: float

    @classmethod
    def from_settings(cls, settings: Settings) -> FileBudget:
        return cls(max_file_mb=settings.max_file_mb, max_pdf_pages=settings.max_pdf_pages,
                   max_unzipped_mb=settings.max_unzipped_mb, max_file_seconds=settings.max_file_seconds)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * _MB)

    def check_size(self, size: int) -> None:
        if size > self.max_bytes:
            raise OverBudgetError(f"over budget: {size / _MB:.3g} MB, the limit is {self.max_file_mb:g} MB "
                                  "(POLICYQA_MAX_FILE_MB)")

    def check_pages(self, pages: int) -> None:
        if pages > self.max_pdf_pages:
            raise OverBudgetError(f"over budget: {pages:,} pages, the limit is {self.max_pdf_pages:,} "
                                  "(POLICYQA_MAX_PDF_PAGES)")

    def check_unzipped(self, size: int) -> None:
        """`size`: the uncompressed size a zip declares for its members (Python's zipfile never
        inflates a member past its declared size, so this bounds what a loader can unpack)."""
        if size > self.max_unzipped_mb * _MB:
            raise OverBudgetError(f"over budget: unzips to {size / _MB:,.0f} MB, the limit is "
                                  f"{self.max_unzipped_mb:g} MB (POLICYQA_MAX_UNZIPPED_MB); a zip bomb?")

    def start(self) -> FileClock:
        """The clock of one file, started now."""
        return FileClock(self, time.monotonic())


@dataclass(frozen=True)
class FileClock:
    """One file's time budget, checked between the stages of its ingestion (a stage itself is not
    interrupted: each is bounded by the size and page limits)."""

    budget: FileBudget
    started: float

    def check(self, stage: str) -> None:
        """Raise OverBudgetError when the file has taken longer than its budget by the end of `stage`."""
        spent = time.monotonic() - self.started
        if spent > self.budget.max_file_seconds:
            raise OverBudgetError(f"over budget: {spent:.1f} s by the end of {stage}, the limit is "
                                  f"{self.budget.max_file_seconds:g} s (POLICYQA_MAX_FILE_SECONDS)")


# The product's budget where a caller passes none (web uploads, tests, benchmarks); the entry points
# pass FileBudget.from_settings(settings), so POLICYQA_MAX_* overrides apply there.
DEFAULT_BUDGET = FileBudget.from_settings(Settings())
