"""Import direction and code quality guards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.parametrize(
    "modules",
    [
        "relinbox.core.models, relinbox.core.digest, relinbox.core.cadence, relinbox.core.store,"
        " relinbox.core.when, relinbox.core.clock, relinbox.core.config, relinbox.core.paths,"
        " relinbox.core.store.doctor",
        "relinbox.services.planner, relinbox.services.actions, relinbox.services.contacts,"
        " relinbox.services.demo",
    ],
    ids=["core", "services"],
)
def test_core_and_services_never_import_textual(modules):
    code = f"import sys; import {modules}; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_cli_commands_do_not_import_textual():
    code = (
        "import sys; from relinbox.cli.main import build_parser; build_parser();"
        " print('textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--quiet", str(REPO_ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_exactly_the_readme_test_command():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(
        line.strip() for line in ci.splitlines()
        if line.startswith("python3 -m venv") and "pytest" in line
    )
    assert command in readme
