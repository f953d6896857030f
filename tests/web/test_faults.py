"""Faults: the Chroma server stops while the app runs (a clear 503 at once, not a hang; answers again
once the server is back, without restarting the app), and in the middle of an ingest (the run stops
with the reason; the next run completes it and `python -m ingest --check` finds the index consistent)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.app_server import SUBSIDY_Q, app_settings, make_parts, serve
from tests.conftest import POLICIES, ingest_into
from tests.processes import free_port, stop, wait_until
from vectorstore.index import CATALOG_FILE, open_index
from vectorstore.models import SentenceEmbeddings
from web.server import create_app

CHROMA = Path(sys.executable).parent / "chroma"
PROJECT = Path(__file__).resolve().parents[2]


def start_chroma(data: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`chroma run` over `data` on a loopback port, once it answers."""
    with log.open("ab") as out:
        process = subprocess.Popen([str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1",
                                    "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    wait_until(lambda: httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200,
               timeout_s=60, what="chroma run", process=process, log=log)
    return process


def test_a_stopped_chroma_server_is_a_503_and_the_app_recovers_when_it_is_back(
        tmp_path: Path, embeddings: SentenceEmbeddings) -> None:
    port, data, log = free_port(), tmp_path / "chroma-data", tmp_path / "chroma.log"
    server_url = f"http://127.0.0.1:{port}"
    server = start_chroma(data, port, log)
    try:
        index = open_index(tmp_path / "db", embeddings, chroma_url=server_url)
        ingest_into(index, POLICIES)
        parts = make_parts(index, app_settings(tmp_path / "db", chroma_url=server_url))
        with serve(create_app(parts, allowed_origins=[])) as url:
            def ask() -> httpx.Response:
                return httpx.post(f"{url}/api/ask", json={"question": SUBSIDY_Q}, timeout=60)

            assert ask().status_code == 200
            stop(server)  # the index server goes away while the app runs
            started = time.monotonic()
            down = ask()
            waited = time.monotonic() - started
            openai = httpx.post(f"{url}/v1/chat/completions", timeout=60, json={
                "model": "x", "messages": [{"role": "user", "content": SUBSIDY_Q}]})

            assert down.status_code == 503 and down.headers["retry-after"] == "10" and waited < 10
            assert down.json() == {"error": "the policy index server cannot be reached right now; retry in a "
                                            "few seconds"}
            assert openai.status_code == 503 and "retry" in openai.json()["error"]["message"]
            server = start_chroma(data, port, log)  # back on the same data: answered again, app untouched
            back = ask()
            assert back.status_code == 200 and "50%" in back.json()["answer"]
    finally:
        stop(server)


def _documents_committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db / CATALOG_FILE}?mode=ro", uri=True, timeout=1) as catalog:
            return int(catalog.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet, or busy for a moment
        return 0


def test_an_ingest_whose_chroma_server_stops_ends_with_the_reason_and_the_next_run_completes_it(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(40):
        rule = f"对第{n}类企业的研发投入按实际发生额的{n % 9 + 1}%给予补助。"
        (docs / f"notice-{n:02d}.txt").write_text(f"第{n}号科技政策通知\n一、支持标准\n" + rule * 60, encoding="utf-8")
    port, data, log, db = free_port(), tmp_path / "chroma-data", tmp_path / "chroma.log", tmp_path / "db"
    env = {**os.environ, "POLICYQA_CHROMA_URL": f"http://127.0.0.1:{port}", "POLICYQA_DB": str(db)}
    command = [sys.executable, "-m", "ingest", str(docs), "--quiet"]
    server = start_chroma(data, port, log)
    try:
        first = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wait_until(lambda: _documents_committed(db) >= 2, timeout_s=300, what="the first documents")
        stop(server)  # mid-ingest
        _, err = first.communicate(timeout=120)  # it ends, it does not hang

        assert first.returncode != 0 and 0 < _documents_committed(db) < 40
        assert "Cannot reach the Chroma server" in err.decode() and "Traceback" not in err.decode()
        server = start_chroma(data, port, log)
        again = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
        check = subprocess.run([sys.executable, "-m", "ingest", "--check"], cwd=PROJECT, env=env,
                               capture_output=True, text=True, timeout=300)

        assert again.returncode == 0, again.stderr
        assert check.returncode == 0, check.stdout + check.stderr
        assert _documents_committed(db) == 40
    finally:
        stop(server)
