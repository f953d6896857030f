"""One process per embedded index: a second process is refused with what to do, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from settings import PROJECT_DIR
from tests.conftest import POLICIES
from vectorstore.index import CATALOG_FILE
from vectorstore.lock import LOCK_FILE, hold_index, release_index

_TAKE = ("import sys; from vectorstore.lock import hold_index; "
         "hold_index(__import__('pathlib').Path(sys.argv[1]))")


def _take_in_another_process(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _TAKE, str(db)], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=60)


def test_ingest_into_an_index_another_process_holds_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "db"
    hold_index(db)
    try:
        run = subprocess.run([sys.executable, "-m", "ingest", str(POLICIES), "--db", str(db), "--quiet"],
                             cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300)
    finally:
        release_index(db)

    assert run.returncode == 1
    assert "open in another process (pid" in run.stderr and "POLICYQA_CHROMA_URL" in run.stderr
    assert not (db / "chroma").exists() and not (db / CATALOG_FILE).exists()  # nothing written


def test_the_index_is_free_again_once_released(tmp_path: Path) -> None:
    hold_index(tmp_path)
    hold_index(tmp_path)  # this process may open its own index again
    assert _take_in_another_process(tmp_path).returncode == 1

    release_index(tmp_path)

    assert _take_in_another_process(tmp_path).returncode == 0
    assert (tmp_path / LOCK_FILE).exists()
