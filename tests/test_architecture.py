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


def test_every_command_is_registered_by_the_module_main_names():
    import argparse
    import importlib

    from relinbox.cli.main import COMMAND_MODULES, COMMANDS

    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(module).register(commands)
        registered.update(dict.fromkeys(commands.choices, module))
    assert registered == COMMANDS


def test_a_command_loads_only_its_own_module():
    code = (
        "import sys; from relinbox.cli.main import build_parser; build_parser('today');"
        " print(sorted(m for m in sys.modules if m.startswith('relinbox.cli.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "relinbox.cli.views" in result.stdout
    assert "relinbox.cli.interop_commands" not in result.stdout
