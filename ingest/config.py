"""Settings -> the one IngestConfig every ingest entry point shares, and its fingerprint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from settings import Settings

# Bump when cleaning or splitting changes what a file turns into: every document re-ingests.
PIPELINE_VERSION = "2"  # 2: national documents get the region 全国, not a place they name


@dataclass(frozen=True)
class IngestConfig:
    """What a document's chunks depend on. The CLI, uploads and the app must ingest with equal
    configs: a document's id includes the fingerprint, so a file ingested under another one is
    indexed again instead of found unchanged."""

    chunk_tokens: int  # chunk budget in embedding-model tokens
    embedding_model: str
    pipeline_version: str = PIPELINE_VERSION

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestConfig:
        return cls(chunk_tokens=settings.chunk_tokens, embedding_model=settings.embedding_model)

    @property
    def fingerprint(self) -> str:
        """The settings a chunk depends on, as one string that goes into every document id."""
        return f"{self.pipeline_version}|{self.chunk_tokens}|{self.embedding_model}"
