"""`relinbox handover`: briefs and a bundle for whoever takes the relationships over."""

from __future__ import annotations

import argparse
from pathlib import Path

from relinbox.cli.context import CliContext

HANDOVER_HELP = """\
Writes into DIR (new or empty): one Markdown brief per contact (<name>.md), README.md (an
index) and relinbox-bundle.json (the contacts with their whole timelines). The successor runs
`relinbox import DIR`. Without --tag or --contact, every contact that is not archived.
See docs/handover.md."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "handover",
        help="briefs and an importable bundle for a successor",
        description=HANDOVER_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--tag", action="append", default=[], metavar="T",
        help="contacts with this tag (repeatable; archived ones left out)",
    )
    which.add_argument(
        "--contact", action="append", default=[], metavar="CONTACT",
        help="this contact: uid, name, e-mail or a prefix (repeatable)",
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="DIR",
        help="the folder to write (created; must be empty if it exists)",
    )
    parser.set_defaults(handler=run_handover)


def run_handover(args: argparse.Namespace, ctx: CliContext) -> int:
    from relinbox.services.handover import select_contacts, write_handover

    contacts = select_contacts(ctx.store, tags=args.tag, queries=args.contact)
    result = write_handover(
        ctx.store, ctx.planner, contacts, args.output, today=ctx.today(), now=ctx.now()
    )
    ctx.print(result.summary())
    return 0
