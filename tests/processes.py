"""Test helpers for real servers on loopback: a free port, waiting until one is up, stopping it."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    """Whether something accepts connections on this loopback port."""
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def wait_until(ready: Callable[[], bool], *, timeout_s: float, what: str,
               process: subprocess.Popen[bytes] | None = None, log: Path | None = None) -> None:
    """Poll `ready` until it is true; a process that exits or a timeout raises with its log's tail."""
    deadline = time.monotonic() + timeout_s
    while not _safely(ready):
        exited = process is not None and process.poll() is not None
        if exited or time.monotonic() > deadline:
            reason = f"exited with code {process.returncode}" if exited and process else \
                f"was not up within {timeout_s:.0f} s"
            tail = log.read_text(encoding="utf-8", errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{what} {reason}" + (f"; its output:\n{tail}" if tail else ""))
        time.sleep(0.3)


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate, and kill what does not stop within 15 s."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _safely(ready: Callable[[], bool]) -> bool:
    import httpx

    try:
        return ready()
    except (OSError, httpx.TransportError):  # refused or reset while the server starts
        return False
