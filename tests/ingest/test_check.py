"""python -m ingest --check [--db DIR]: prints what it found; exit 0 when consistent, 1 otherwise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.__main__ import main as ingest_main
from ingest.pipeline import IngestReport
from tests.conftest import POLICIES
from vectorstore.index import PolicyIndex

Ingest = Callable[..., IngestReport]


def test_check_passes_on_a_good_index_and_names_what_is_wrong_with_a_broken_one(
        ingest: Ingest, index: PolicyIndex, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ingest(POLICIES)
    db = tmp_path / "db"
    chunks = index.store.chunks.count()

    good = ingest_main(["--check", "--db", str(db)])
    good_output = capsys.readouterr().out
    lost = next(chunk_id for chunk_id, _ in index.catalog.iter_keyword_rows())
    index.store.chunks.delete(ids=[lost])  # a chunk gone from Chroma but still in the catalog
    index.catalog.begin("half-written", "/docs/half.txt")  # a write that never committed
    broken = ingest_main(["--check", "--db", str(db)])
    broken_output = capsys.readouterr().out

    assert good == 0 and good_output.splitlines() == [
        f"index {db}: 2 documents; chunks: {chunks} in Chroma, {chunks} in the catalog, {chunks} in the keyword index",
        "consistent: no duplicate or orphan chunks, every document complete, no unfinished writes"]
    assert broken == 1
    lines = broken_output.splitlines()
    assert lines[0] == (f"index {db}: 2 documents; chunks: {chunks - 1} in Chroma, {chunks} in the catalog, "
                        f"{chunks} in the keyword index")
    assert lines[1] == "NOT consistent, 3 problem(s):"
    assert sorted(line.split(":")[0] for line in lines[2:]) == [
        "  - incomplete documents", "  - missing chunks", "  - unfinished writes"]
    assert lost in broken_output and "half-written" in broken_output


def test_check_of_a_folder_without_an_index_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = ingest_main(["--check", "--db", str(tmp_path / "none")])

    assert code == 1 and "no index:" in capsys.readouterr().out
