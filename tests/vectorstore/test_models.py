"""Model files are verified before use; a missing or damaged one names the command that fixes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from core.errors import ModelMissingError
from core.packaged import sha256_of
from core.token_count import load_tiktoken_counter
from vectorstore.models import MANIFEST, resolve_embedding_model, verify_model_dir


def _model_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "m3e-small"
    folder.mkdir()
    (folder / "config.json").write_text('{"hidden_size": 512}', encoding="utf-8")
    manifest = {"config.json": sha256_of(folder / "config.json")}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_verified_folder_passes(tmp_path: Path) -> None:
    folder = _model_dir(tmp_path)

    verify_model_dir(folder)
    assert resolve_embedding_model("m3e-small", tmp_path) == str(folder)


def test_missing_model_names_the_setup_command(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="python -m assistant setup"):
        resolve_embedding_model("m3e-small", tmp_path)


def test_corrupted_weights_are_refused(tmp_path: Path) -> None:
    folder = _model_dir(tmp_path)
    (folder / "config.json").write_text('{"hidden_size": 768}', encoding="utf-8")

    with pytest.raises(ModelMissingError, match="corrupted config.json.*python -m assistant setup"):
        verify_model_dir(folder)


def test_a_deleted_file_is_reported_by_name(tmp_path: Path) -> None:
    folder = _model_dir(tmp_path)
    (folder / "config.json").unlink()

    with pytest.raises(ModelMissingError, match="lacks config.json"):
        verify_model_dir(folder)


def test_other_model_names_pass_through_for_hub_deployments(tmp_path: Path) -> None:
    assert resolve_embedding_model("BAAI/bge-small-zh-v1.5", tmp_path) == "BAAI/bge-small-zh-v1.5"


def test_missing_tiktoken_file_names_the_setup_command(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="python -m assistant setup"):
        load_tiktoken_counter(tmp_path)


def test_real_packaged_models_are_verified_and_count_tokens(
        models_dir: Path, count_tiktoken: Callable[[str], int]) -> None:
    verify_model_dir(models_dir / "m3e-small")

    assert count_tiktoken("湖州高新区R&D投入强度达到8%以上") > 5


def test_counting_many_texts_matches_counting_each(embeddings) -> None:  # type: ignore[no-untyped-def]
    texts = ["湖州高新区R&D投入强度达到8%以上", "", "一、总体要求\n到2025年，新增国家级专精特新企业10家。"]

    assert embeddings.count_tokens_many(texts) == [embeddings.count_tokens(t) for t in texts]
    assert embeddings.count_tokens_many([]) == []
