"""`relinbox`: the command line. With no command it opens the app."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from relinbox import __version__
from relinbox.cli.context import CliContext, UserError
from relinbox.core import paths

# Which module registers each sub-command (register(subparsers); handlers take (args, ctx)).
# Only the module of the command given is imported, so `relinbox today` does not pay for the
# importers or the app; help and unknown commands load them all.
COMMANDS = {
    "add": "relinbox.cli.capture",
    "log": "relinbox.cli.capture",
    "note": "relinbox.cli.capture",
    "follow-up": "relinbox.cli.capture",
    "snooze": "relinbox.cli.capture",
    "done": "relinbox.cli.capture",
    "today": "relinbox.cli.views",
    "show": "relinbox.cli.views",
    "list": "relinbox.cli.views",
    "call": "relinbox.cli.app_commands",
    "import": "relinbox.cli.interop_commands",
    "export": "relinbox.cli.interop_commands",
    "merge": "relinbox.cli.interop_commands",
    "sync": "relinbox.cli.sync_commands",
    "handover": "relinbox.cli.handover_commands",
    "doctor": "relinbox.cli.maintenance",
    "backup": "relinbox.cli.maintenance",
    "restore": "relinbox.cli.maintenance",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
OPTIONS_WITH_VALUES = frozenset({"--db"})


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with a known `command`, only that command's module is loaded."""
    parser = argparse.ArgumentParser(
        prog="relinbox",
        description="A keyboard-driven follow-up inbox for people whose living depends on "
        "relationships. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"relinbox {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=f"store folder (default: ${paths.DB_ENV} or the user data "
        "folder)"
    )
    parser.add_argument(
        "--demo", action="store_true",
        help="build a fresh demo store (relative to today) and open it; never your own store",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(commands)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`, if any (the first word that is not an option)."""
    words = iter(argv)
    for word in words:
        if word in OPTIONS_WITH_VALUES:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_in(argv)).parse_args(argv)
    if args.demo:
        db_path = Path(args.db).expanduser() if args.db else paths.demo_store_path()
    else:
        db_path = paths.store_path(args.db)
    ctx = CliContext(db_path=db_path)
    try:
        _check_environment()
        if args.demo:
            from relinbox.services.demo import build_demo

            build_demo(db_path, today=ctx.today(), now=ctx.now())
        handler = getattr(args, "handler", None)
        if handler is None:
            return open_app(ctx, demo=args.demo)
        return handler(args, ctx)
    except UserError as error:
        print(f"relinbox: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("relinbox: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:
        message = _expected_error_message(error)
        if message is None:
            raise
        print(f"relinbox: {message}", file=sys.stderr)
        return 1
    finally:
        ctx.close()


def open_app(ctx: CliContext, *, demo: bool) -> int:
    """The Textual app when it is installed; otherwise today's inbox as text."""
    try:
        from relinbox.tui.app import run_app
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("relinbox.tui"):
            raise
        from relinbox.cli.views import render_inbox

        for line in render_inbox(ctx.planner.inbox(ctx.store)):
            ctx.print(line)
        return 0
    return run_app(ctx.db_path, demo=demo)


def _check_environment() -> None:
    from relinbox.core.clock import today_override

    try:
        today_override()
    except ValueError as error:
        raise UserError(str(error)) from None


def _expected_error_message(error: Exception) -> str | None:
    """Errors that are about the user's files or settings, not bugs: one line, no traceback."""
    from relinbox.core.config import ConfigError
    from relinbox.core.store import StoreError

    if isinstance(error, StoreError | ConfigError):
        return str(error)
    if isinstance(error, PermissionError | IsADirectoryError | NotADirectoryError):
        return f"{error.filename}: {error.strerror}"
    if isinstance(error, OSError) and error.filename:
        return f"{error.filename}: {error.strerror}"
    return None
