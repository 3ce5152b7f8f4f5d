"""Shared helpers for the export and sync tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)



@pytest.fixture
def sample_vdir(samples: Path, tmp_path: Path) -> Path:
    """A writable copy of the sample vdir collection."""
    target = tmp_path / "book"
    shutil.copytree(samples / "vdir" / "contacts", target)
    for path in [target, *target.iterdir()]:
        path.chmod(0o700 if path.is_dir() else 0o600)
    return target


def relinbox_command() -> list[str]:
    return [sys.executable, "-m", "relinbox"]


@pytest.fixture
def cli(tmp_path: Path):
    """Run `python -m relinbox --db <tmp store> ARGS` in a subprocess."""
    db = tmp_path / "store"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*relinbox_command(), "--db", str(db), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "RELINBOX_TODAY": "2026-11-23"},
            timeout=120,
            cwd=tmp_path,
        )

    run.db = db  # type: ignore[attr-defined]
    return run
