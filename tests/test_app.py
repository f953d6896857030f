"""app.py: its arguments, and errors a user can act on as one line with exit code 1; bugs crash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import app
from assistant.backends import BACKENDS
from core.errors import PolicyQAError
from settings import PROJECT_DIR, Settings


def test_app_py_says_how_to_build_a_missing_index(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "app.py", "--db", str(tmp_path / "none")],
                         cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120)

    assert run.returncode == 1 and "python -m ingest" in run.stderr
    assert run.stderr.startswith("error:") and "Traceback" not in run.stderr


def test_backend_choices_are_the_registry() -> None:
    backend = next(a for a in app._parser(Settings())._actions if a.dest == "backend")

    assert list(backend.choices or []) == sorted(BACKENDS)


def test_an_error_a_user_can_act_on_is_one_line_and_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(settings: Settings) -> None:
        raise PolicyQAError("set POLICYQA_X first")

    monkeypatch.setattr("web.wiring.build_web_app", refuse)

    assert app.main(["--backend", "extractive"]) == 1
    assert capsys.readouterr().err == "error: set POLICYQA_X first\n"


def test_a_bug_is_not_turned_into_an_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(settings: Settings) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("web.wiring.build_web_app", broken)

    with pytest.raises(ValueError, match="a bug"):
        app.main(["--backend", "extractive"])


def test_the_arguments_reach_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: list[Settings] = []

    def record(settings: Settings) -> None:
        seen.append(settings)
        raise PolicyQAError("stop here")

    monkeypatch.setattr("web.wiring.build_web_app", record)
    app.main(["--db", str(tmp_path), "--backend", "openai"])

    assert (seen[0].db, seen[0].llm_backend) == (tmp_path, "openai")
