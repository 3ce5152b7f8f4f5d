"""Commands that open the app: `relinbox call CONTACT` (call capture straight from a shell)."""

from __future__ import annotations

import argparse

from relinbox.cli.context import CliContext


def register(commands: argparse._SubParsersAction) -> None:
    call = commands.add_parser(
        "call",
        help="call capture: the contact's context, a timer and a note saved as you type",
    )
    call.add_argument("contact", help="name, e-mail, uid or an unambiguous prefix")
    call.set_defaults(handler=cmd_call)


def cmd_call(args: argparse.Namespace, ctx: CliContext) -> int:
    """The editor opens at once; the contact is looked up while you type (a name that matches
    several contacts, or none, opens the search with it)."""
    ctx.close()  # the app opens its own store
    from relinbox.tui.app import run_app

    return run_app(ctx.db_path, demo=args.demo, call=args.contact)
