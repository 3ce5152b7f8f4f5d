"""Looking after the store: doctor (check, repair digests, restore a backup)."""

from __future__ import annotations

import argparse
from pathlib import Path

from relinbox.cli.context import CliContext, UserError
from relinbox.core.store import Store, archive, backups
from relinbox.core.store.doctor import examine
from relinbox.core.store.meta import locked


def register(commands: argparse._SubParsersAction) -> None:
    doctor = commands.add_parser(
        "doctor", help="check the store; repair derived data or restore a backup"
    )
    action = doctor.add_mutually_exclusive_group()
    action.add_argument("--repair", action="store_true", help="rebuild stale digests")
    action.add_argument(
        "--restore", nargs="?", const="", metavar="BACKUP",
        help="restore the newest backup, or the one named (see the list doctor prints)",
    )
    doctor.set_defaults(handler=cmd_doctor)

    backup = commands.add_parser("backup", help="write the whole store to one file")
    backup.add_argument(
        "-o", "--output", metavar="FILE",
        help="where to write it (default: relinbox-backup-<date>-<time>.zip here)",
    )
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore", help="replace the store with a backup file (the current one is kept)"
    )
    restore.add_argument("file", metavar="FILE")
    restore.set_defaults(handler=cmd_restore)


def cmd_doctor(args: argparse.Namespace, ctx: CliContext) -> int:
    root = ctx.db_path
    if not (root / "meta.json").exists():
        raise UserError(f"no relinbox store at {root}")
    if args.restore is not None:
        return _restore(ctx, args.restore)
    if args.repair:
        with Store.open(root) as store:
            fixed = store.rebuild_all_digests()
        ctx.print(f"rebuilt digests: {fixed} changed")
    report = examine(root)
    for finding in report.findings:
        ctx.print(str(finding))
    counts = report.counts
    ctx.print(
        f"{root}: {counts['contacts']} contacts, {counts['touches']} touches, "
        f"{counts['notes']} notes, {counts['followups']} follow-ups"
    )
    available = backups.list_backups(root)
    if available:
        ctx.print(f"backups ({len(available)}), newest first:")
        for backup in available:
            ctx.print(f"  {backup.describe()}")
    else:
        ctx.print("no backups yet (one is taken on the first change of each day)")
    if report.ok:
        ctx.print("store OK" if not report.findings else "store readable, with warnings")
        return 0
    ctx.print("store has errors; `relinbox doctor --restore` brings back the newest backup")
    return 1


def cmd_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    now = ctx.now()
    target = Path(args.output) if args.output else Path(
        f"relinbox-backup-{now:%Y%m%d-%H%M%S}.zip"
    )
    summary = archive.write_archive(ctx.db_path, target.expanduser(), now=now)
    ctx.print(f"wrote {summary.path} ({summary.files} files)")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    summary = archive.restore_archive(Path(args.file).expanduser(), ctx.db_path)
    ctx.print(
        f"restored {ctx.db_path} from {summary.path} (taken {summary.created_at[:16]});"
        " the previous state is kept as a backup (`relinbox doctor` lists it)"
    )
    return 0


def _restore(ctx: CliContext, name: str) -> int:
    available = backups.list_backups(ctx.db_path)
    if not available:
        raise UserError(f"{ctx.db_path}: there are no backups to restore")
    chosen = available[0] if not name else next(
        (b for b in available if b.path.name == name), None
    )
    if chosen is None:
        raise UserError(f"no backup named {name!r}; `relinbox doctor` lists them")
    with locked(ctx.db_path):
        backups.restore_backup(ctx.db_path, chosen)
    ctx.print(f"restored {chosen.describe()} (the previous state was backed up first)")
    return 0
