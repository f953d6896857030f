"""Concurrent API clients on loopback: N threads POST /api/ask back to back for a fixed time;
throughput, latency p50/p95 and errors, against one client in the same run (the baseline).

    python bench/concurrency.py                        # starts app.py --backend extractive itself
    python bench/concurrency.py --clients 1,10,20 --seconds 60
    python bench/concurrency.py --url http://127.0.0.1:7860   # a server you started (loopback only)

The server it starts has the per-IP rate limit off (POLICYQA_RATE_LIMIT_PER_MINUTE=0): every client
here is 127.0.0.1, so the limit would measure itself. Requests that the server answers with any
status but 200, or that fail or time out, are errors. A run stops issuing requests after
--seconds or --max-requests, whichever comes first, and waits for those in flight.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics

# B404: the bench starts the app itself
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answer_eval import percentile  # noqa: E402
from assistant.backends import BACKENDS  # noqa: E402
from assistant.evaluation import read_dataset  # noqa: E402
from settings import PROJECT_DIR  # noqa: E402

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(db: Path | None, backend: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, str(PROJECT_DIR / "app.py"), "--host", "127.0.0.1", "--port", str(port),
               "--backend", backend] + (["--db", str(db)] if db else [])
    env = {**os.environ, "POLICYQA_RATE_LIMIT_PER_MINUTE": "0"}
    # B603: argv is this interpreter and the project's app.py
    server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log.open("wb"),  # nosec B603
                              stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # the models load first
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"app.py exited with {server.returncode}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return server, url
        except httpx.TransportError:
            pass
        time.sleep(1)
    server.terminate()
    raise RuntimeError(f"app.py did not answer /healthz within 300 s:\n{log.read_text()[-2000:]}")


def _load(url: str, questions: list[str], clients: int, seconds: float, max_requests: int,
          timeout: float) -> dict[str, float | int | str]:
    """`clients` threads asking back to back; latencies of the answers, and errors by kind."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    issued = iter(range(max_requests))
    start = time.perf_counter()
    stop_at = start + seconds
    finished = start

    def client(number: int) -> None:
        nonlocal finished
        with httpx.Client(base_url=url, timeout=timeout) as http:
            while time.perf_counter() < stop_at:
                with lock:
                    n = next(issued, None)
                if n is None:
                    return
                body = {"question": questions[(number * 7 + n) % len(questions)], "history": [],
                        "filters": {}}
                sent = time.perf_counter()
                try:
                    status = http.post("/api/ask", json=body).status_code
                    error = "" if status == 200 else f"HTTP {status}"
                except httpx.HTTPError as failure:
                    error = type(failure).__name__
                with lock:
                    finished = max(finished, time.perf_counter())
                    if error:
                        errors[error] += 1
                    else:
                        latencies.append(time.perf_counter() - sent)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = finished - start
    return {"clients": clients, "answers": len(latencies), "seconds": elapsed,
            "per_s": len(latencies) / elapsed if elapsed else 0.0,
            "p50": statistics.median(latencies) if latencies else float("nan"),
            "p95": percentile(latencies, 0.95),
            "errors": sum(errors.values()), "error_kinds": ", ".join(f"{k} ×{v}" for k, v in errors.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server on loopback (default: start app.py)")
    parser.add_argument("--backend", default="extractive", choices=sorted(BACKENDS))
    parser.add_argument("--db", type=Path, help="index directory for the started server")
    parser.add_argument("--clients", default="1,10,20", help="comma-separated; the first is the baseline")
    parser.add_argument("--seconds", type=float, default=60.0, help="per client count")
    parser.add_argument("--max-requests", type=int, default=5000, help="per client count")
    parser.add_argument("--timeout", type=float, default=300.0, help="per request, seconds")
    parser.add_argument("--dataset", type=Path, default=PROJECT_DIR.parent / "shared/eval/dev.jsonl")
    args = parser.parse_args()
    if args.url and urlparse(args.url).hostname not in LOOPBACK:
        print(f"error: {args.url} is not a loopback address", file=sys.stderr)
        return 2
    questions = [item["question"] for item in read_dataset(args.dataset)]
    server = None
    with tempfile.TemporaryDirectory(prefix="policyqa-concurrency-") as temporary:
        try:
            if args.url:
                url = args.url.rstrip("/")
            else:
                server, url = _start_server(args.db, args.backend, Path(temporary) / "app.log")
            health = httpx.get(f"{url}/healthz", timeout=10).json()
            print(f"{url}: backend {health.get('backend')}, index {health.get('index')}", flush=True)
            _load(url, questions, 2, 5, 10, args.timeout)  # warm-up
            runs = []
            for clients in (int(c) for c in args.clients.split(",")):
                runs.append(_load(url, questions, clients, args.seconds, args.max_requests, args.timeout))
                print(runs[-1], flush=True)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
    base = runs[0]
    print(f"\n/api/ask, {args.seconds:.0f} s per row; ratios against {base['clients']} client(s)")
    print("| clients | answers | answers/s | p50 s | p95 s | throughput ratio | p95 ratio | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        print(f"| {run['clients']} | {run['answers']} | {run['per_s']:.2f} | {run['p50']:.2f} | "
              f"{run['p95']:.2f} | {float(run['per_s']) / max(1e-9, float(base['per_s'])):.2f} | "
              f"{float(run['p95']) / max(1e-9, float(base['p95'])):.1f} | {run['errors']}"
              f"{' (' + str(run['error_kinds']) + ')' if run['errors'] else ''} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
