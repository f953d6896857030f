"""Tests for ingest.config: one IngestConfig from Settings, one fingerprint."""

from __future__ import annotations

import dataclasses

import pytest

from ingest.config import PIPELINE_VERSION, IngestConfig
from settings import Settings


def test_the_config_comes_from_settings() -> None:
    settings = Settings(chunk_tokens=200, embedding_model="BAAI/bge-small-zh-v1.5")

    config = IngestConfig.from_settings(settings)

    assert config == IngestConfig(chunk_tokens=200, embedding_model="BAAI/bge-small-zh-v1.5")
    assert config.pipeline_version == PIPELINE_VERSION


def test_the_fingerprint_is_the_one_existing_indexes_were_made_with() -> None:
    # Document ids hash this string: a change re-ingests every document of every index.
    assert IngestConfig.from_settings(Settings()).fingerprint == "2|300|m3e-small"


def test_every_field_is_in_the_fingerprint_and_the_config_is_frozen() -> None:
    base = IngestConfig(chunk_tokens=300, embedding_model="m3e-small")
    others = [dataclasses.replace(base, chunk_tokens=200), dataclasses.replace(base, embedding_model="bge"),
              dataclasses.replace(base, pipeline_version=PIPELINE_VERSION + "x")]

    assert len({base.fingerprint, *(o.fingerprint for o in others)}) == 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.chunk_tokens = 100  # type: ignore[misc]
