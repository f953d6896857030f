"""Settings come from POLICYQA_* variables once; a bad value is an error that names it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from settings import PROJECT_DIR, SettingError, Settings


def test_variables_override_fields_with_their_types() -> None:
    settings = Settings.from_env({"POLICYQA_TOP_K": "8", "POLICYQA_DB": "/srv/index", "POLICYQA_DENSE_WEIGHT": "0.3"})
    assert (settings.top_k, settings.db, settings.dense_weight) == (8, Path("/srv/index"), 0.3)
    assert Settings.from_env({}) == Settings()


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(SettingError, match="POLICYQA_TOP_K='abc' is not a valid int"):
        Settings.from_env({"POLICYQA_TOP_K": "abc"})


@pytest.mark.parametrize("command", [["-m", "assistant", "retrieve", "x"], ["-m", "ingest", "--quiet"], ["app.py"]])
def test_every_entry_point_reports_a_bad_variable_without_a_traceback(command: list[str]) -> None:
    env = {"POLICYQA_CANDIDATES": "many", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, *command], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("error: POLICYQA_CANDIDATES='many'")
    assert "Traceback" not in done.stderr


def test_today_is_a_setting_for_computing_status_as_of_a_date() -> None:
    import datetime

    assert Settings.from_env({"POLICYQA_TODAY": "2020-06-30"}).as_of() == datetime.date(2020, 6, 30)
    assert Settings.from_env({}).as_of() == datetime.date.today()
    with pytest.raises(SettingError, match="POLICYQA_TODAY='2020-13-01'"):
        Settings.from_env({"POLICYQA_TODAY": "2020-13-01"}).as_of()
