"""The import benchmark still runs: its phase breakdown calls the import's own steps, so a
change to them must not leave the benchmark broken until someone next measures."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_import_benchmark_runs_on_a_small_input(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "bench_import.py"), "--count", "40",
         "--runs", "1", "--anchor"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("by phase (median ms): read ") == 2
    assert "import vdir of 40 vCards into a fresh store: median" in result.stdout
    assert "import Google CSV of 40 rows into a fresh store: median" in result.stdout
    # vobject is a benchmark extra: measured when installed, named as missing otherwise
    assert result.stdout.count("\nanchor: vobject ") == 1
    assert list(tmp_path.iterdir()) == []  # every generated input and store was removed
