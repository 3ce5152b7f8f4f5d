"""`relinbox sync`: two-way sync with vdir address books; rewrites the subscribed .ics file."""

from __future__ import annotations

import argparse
from pathlib import Path

from relinbox.cli.context import CliContext, UserError

SYNC_HELP = """\
Without options, syncs every address book in the [sync] section of the config file (vdir
folders: one vCard per *.vcf file, as vdirsyncer and khard keep them) and rewrites the
configured calendar file. --vdir DIR syncs one folder instead.

Changes on either side since the last sync are carried over; a contact changed on both
sides is a conflict: both versions are kept and listed until you pick one with
--resolve CONTACT --keep local|remote. Deletions are listed and carried out only with
--confirm-deletions. Exit status: 0 when everything is in step, 3 when conflicts or
deletions wait for you, 1 or 2 for errors. See docs/sync.md."""

PENDING_STATUS = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sync",
        help="two-way sync with vdir address books (vdirsyncer, khard); rewrite the .ics file",
        description=SYNC_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--vdir", metavar="DIR", type=Path, help="sync this folder only")
    parser.add_argument(
        "--confirm-deletions", action="store_true",
        help="carry out deletions made on one side (otherwise they are listed and kept)",
    )  # fmt: skip
    parser.add_argument(
        "--resolve", metavar="CONTACT", help="settle the conflict of CONTACT (name or uid)"
    )
    parser.add_argument(
        "--keep", choices=("local", "remote"),
        help="with --resolve: keep relinbox's version (local) or the folder's (remote)",
    )  # fmt: skip
    parser.add_argument(
        "--conflicts", action="store_true", help="only list the conflicts waiting; sync nothing"
    )
    parser.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace, ctx: CliContext) -> int:
    from relinbox.services import sync

    if args.keep and not args.resolve:
        raise UserError("--keep goes with --resolve CONTACT", status=2)
    if args.resolve:
        if not args.keep:
            raise UserError("--resolve needs --keep local or --keep remote", status=2)
        version = _version_for(ctx, sync, args.resolve)
        conflict = sync.resolve(ctx.store, args.resolve, args.keep, now=ctx.now(),
                                version=version)  # fmt: skip
        ctx.print(f"resolved: kept the {args.keep} version of {conflict.describe()}")
        return 0
    if args.conflicts:
        return _list(ctx, sync.pending_conflicts(ctx.store), [])
    if args.vdir is not None:
        folder = args.vdir.expanduser()
        if not folder.is_dir():
            raise UserError(f"{folder}: no such folder")
        books = [sync.adhoc_book(folder)]
        calendar = None
    else:
        books = sync.configured_books(ctx.config)
        calendar = ctx.config.sync.calendar
        if not books and calendar is None:
            raise UserError(
                f"nothing to sync: add a [sync] section to {ctx.config.path} "
                "(see docs/sync.md) or give --vdir DIR"
            )
    reports = sync.sync_addressbooks(
        ctx.store, books, confirm_deletions=args.confirm_deletions, now=ctx.now()
    )
    conflicts, deletions = [], []
    for report in reports:
        ctx.print(report.summary())
        for problem in report.problems:
            ctx.print(f"problem: {problem}")
        conflicts += report.conflicts
        deletions += report.deletions
    if calendar is not None:
        sync.write_calendar(ctx.store, ctx.planner, calendar, ctx.today(), ctx.now())
        ctx.print(f"calendar: {calendar}")
    return _list(ctx, conflicts, deletions)


def _list(ctx: CliContext, conflicts: list, deletions: list) -> int:
    for conflict in conflicts:
        ctx.print(f"conflict: {conflict.describe()}")
    if conflicts:
        ctx.print("resolve with: relinbox sync --resolve CONTACT --keep local|remote")
    for deletion in deletions:
        ctx.print(f"deletion: {deletion.describe()}")
    return PENDING_STATUS if conflicts or deletions else 0


def _version_for(ctx: CliContext, sync, query: str) -> str:
    """The vCard version for items re-created by --resolve (the configured book's)."""
    try:
        conflict = sync.find_conflict(ctx.store, query)
    except UserError:
        return "3.0"
    for book in ctx.config.sync.addressbooks:
        if book.path.resolve() == Path(conflict.folder):
            return book.version
    return "3.0"

