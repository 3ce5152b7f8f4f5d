"""Every test runs offline in its own temp folders: never the user's data, config or cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-23"  # a Monday
# Real-world contact exports live beside the repository, not in it (EXPECTED.md says what a
# correct import of each gives).
SAMPLES = REPO_ROOT.parent / "shared" / "samples" / "interop"


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        reason = f"interop samples not found at {SAMPLES}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return SAMPLES


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("HOME", home),
        ("XDG_DATA_HOME", home / "data"),
        ("XDG_CONFIG_HOME", home / "config"),
        ("XDG_CACHE_HOME", home / "cache"),
        ("XDG_STATE_HOME", home / "state"),
    ):
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setenv("RELINBOX_CONFIG", str(home / "config" / "relinbox" / "config.toml"))
    monkeypatch.setenv("RELINBOX_TODAY", TODAY)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("RELINBOX_DB", raising=False)
    return home


RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m relinbox --db <tmp store> ARGS` in a subprocess, as a user would."""
    db = tmp_path / "store"

    def run(*args: str, stdin: str | None = None, db_path: Path | None = db,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "relinbox"]
        if db_path is not None:
            command += ["--db", str(db_path)]
        return subprocess.run(
            [*command, *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=60,
            cwd=tmp_path,
        )

    run.db = db  # type: ignore[attr-defined]
    return run
