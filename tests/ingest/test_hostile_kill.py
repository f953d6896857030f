"""`python -m ingest` killed with SIGKILL at random points, 20 times: after each re-run the index is
consistent (`python -m ingest --check`), and in the end it holds each document exactly once.

Each run is `ingest.__main__.main(argv)` in its own process, forked from a parent that imported
torch, sentence-transformers and chromadb and loaded the embedding model once (without running it):
a fresh interpreter spends 13-16 s importing them on 2 busy cores, which 60 runs cannot afford.
The children open the index and embed as `python -m ingest` does; the last check is a real
`python -m ingest --check` in a fresh interpreter.
"""

from __future__ import annotations

import atexit
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from settings import PROJECT_DIR
from tests.conftest import SEEDS
from vectorstore.index import CATALOG_FILE

KILLS = 20
RANDOM_SEED = 20
FILES_PER_ROUND = 3
RUN_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Run:
    killed: bool
    code: int | None
    seconds: float
    output: str


class Forker:
    """A child interpreter that has done the slow imports and forks one process per command."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "TOKENIZERS_PARALLELISM": "false"}
        serving = "from tests.ingest.test_hostile_kill import serve; serve()"
        self.process = subprocess.Popen([sys.executable, "-c", serving], cwd=PROJECT_DIR, env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._reply() == {"ready": True}
        self.count = 0

    def run(self, argv: list[str], kill_after: float | None = None) -> Run:
        """Run `python -m ingest ARGV` in a fresh process; SIGKILL it after `kill_after` seconds."""
        self.count += 1
        log = self.logs / f"run{self.count:03d}.log"
        request = {"argv": argv, "kill_after": kill_after, "log": str(log), "timeout": RUN_TIMEOUT_S}
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = self._reply()
        assert reply["status"] != "timeout", f"{argv} ran past {RUN_TIMEOUT_S} s:\n{log.read_text()}"
        return Run(reply["status"] == "killed", reply["code"], reply["seconds"], log.read_text("utf-8"))

    def _reply(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the forking process died"
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()


def serve() -> None:
    """The forking parent: one JSON request a line on stdin, one JSON reply a line on stdout."""
    import chromadb  # noqa: F401 - the slow imports, done once
    import langchain_chroma  # noqa: F401

    from ingest.__main__ import main
    from settings import Settings
    from vectorstore import models

    settings = Settings.from_env()
    # Loading runs no inference, so no thread pool exists yet that a fork could leave locked.
    loaded = models.load_embeddings(settings.embedding_model, settings.models_dir)
    models.load_embeddings = lambda name, directory: loaded  # type: ignore[assignment]

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(log, 1)
            os.dup2(log, 2)
            code = 1
            try:
                code = main(request["argv"])
            finally:  # leave as an interpreter does, never return into the request loop
                sys.stdout.flush()
                sys.stderr.flush()
                atexit._run_exitfuncs()
                os._exit(code)
        limit = request["kill_after"] if request["kill_after"] is not None else request["timeout"]
        status, code = "exited", None
        while True:
            done, wait_status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(wait_status)
                break
            if time.monotonic() - started >= limit:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                status = "killed" if request["kill_after"] is not None else "timeout"
                break
            time.sleep(0.002)
        print(json.dumps({"status": status, "code": code, "seconds": time.monotonic() - started}), flush=True)


def _variant(seed: Path, tag: str) -> str:
    """A seed document with one added closing article: its other passages reuse the seed's vectors."""
    text = seed.read_text("utf-8").rstrip("\n")
    return text + f"\n补充条款（{tag}）：本工作思路的第{tag}号补充说明，自发布之日起试行，由县科技局负责解释。\n"


def _indexed_paths(db: Path) -> list[str]:
    with sqlite3.connect(db / CATALOG_FILE) as catalog:
        return [row[0] for row in catalog.execute("SELECT path FROM documents ORDER BY path")]


def test_ingest_killed_at_random_points_leaves_a_consistent_index_after_each_rerun(tmp_path: Path) -> None:
    corpus, db, logs = tmp_path / "corpus", tmp_path / "db", tmp_path / "logs"
    shutil.copytree(SEEDS, corpus)
    logs.mkdir()
    small_seeds = sorted(SEEDS.iterdir(), key=lambda p: p.stat().st_size)[:3]
    ingest = [str(corpus), "--db", str(db), "--quiet"]
    check = ["--check", "--db", str(db)]
    rng = random.Random(RANDOM_SEED)
    started = time.monotonic()
    forker = Forker(logs)
    try:
        assert forker.run(ingest).code == 0  # the seeds, whole
        round_no = 0

        def add_files() -> None:
            nonlocal round_no
            round_no += 1
            for k in range(FILES_PER_ROUND):
                seed = small_seeds[(round_no + k) % len(small_seeds)]
                (corpus / f"gen_{round_no:02d}_{k}.txt").write_text(_variant(seed, f"{round_no}-{k}"), "utf-8")

        add_files()
        typical = forker.run(ingest)  # how long a round's run takes when nothing stops it
        assert typical.code == 0, typical.output
        kills, mid_write, rounds = 0, 0, 0
        spent = {"kill": 0.0, "rerun": 0.0, "check": 0.0}
        while kills < KILLS:
            rounds += 1
            assert rounds <= 2 * KILLS, f"only {kills} of {rounds} runs were still going when killed"
            add_files()
            attempt = forker.run(ingest, kill_after=rng.uniform(0.0, typical.seconds))
            if attempt.killed:
                kills += 1
                left = forker.run(check)  # what the kill left behind, before a re-run repairs it
                mid_write += "unfinished writes:" in left.output
            rerun = forker.run(ingest)
            verified = forker.run(check)
            spent["kill"] += attempt.seconds
            spent["rerun"] += rerun.seconds
            spent["check"] += verified.seconds

            assert rerun.code == 0, rerun.output
            assert verified.code == 0 and "consistent:" in verified.output, \
                f"after kill {kills} (at {attempt.seconds:.2f} s):\n{verified.output}\n{rerun.output}"
    finally:
        forker.close()

    final = subprocess.run([sys.executable, "-m", "ingest", *check], cwd=PROJECT_DIR, capture_output=True,
                           text=True, timeout=120)
    files = sorted(str(p.resolve()) for p in corpus.iterdir())
    assert final.returncode == 0, final.stdout + final.stderr
    assert f"index {db}: {len(files)} documents" in final.stdout
    assert _indexed_paths(db) == files  # each document exactly once, none lost
    print(f"{kills} kills in {rounds} rounds ({mid_write} left unfinished writes that the re-run undid), "
          f"{len(files)} documents, {time.monotonic() - started:.0f} s (runs until killed "
          f"{spent['kill']:.0f} s, re-runs {spent['rerun']:.0f} s, checks {spent['check']:.0f} s)")
