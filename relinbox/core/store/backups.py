"""Rotating backups of the store.

A backup is a folder of hard links to the store's files. Because every store file is replaced
(new inode), never rewritten in place, a hard link keeps the old version intact: a backup is
taken in milliseconds and costs no space until the data changes. Where hard links are not
possible (another file system, Windows shares) the files are copied.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relinbox.core.store.files import atomic_write, fsync_dir, make_private_dir

BACKUP_DIR = "backups"
KEEP = 10  # newest backups kept; older ones are removed
INTERVAL = timedelta(hours=20)  # the first write of a working day takes one
STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str

    def describe(self) -> str:
        reason = f" ({self.reason})" if self.reason else ""
        return f"{self.path.name}  {self.taken_at:%Y-%m-%d %H:%M} UTC{reason}"


def list_backups(root: Path) -> list[Backup]:
    """Backups of the store at `root`, newest first."""
    folder = root / BACKUP_DIR
    backups = []
    if not folder.is_dir():
        return backups
    for entry in folder.iterdir():
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        stamp, _, reason = entry.name.partition("-")
        try:
            taken = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        backups.append(Backup(entry, taken, reason))
    return sorted(backups, key=lambda b: b.taken_at, reverse=True)


def store_files(root: Path) -> list[Path]:
    """The files that make up the store's data, relative to `root`."""
    files = [Path("meta.json")] if (root / "meta.json").exists() else []
    shards = root / "shards"
    if shards.is_dir():
        files += sorted(
            Path("shards") / p.name for p in shards.iterdir() if p.suffix == ".jsonl"
        )
    return files


def take_backup(
    root: Path, reason: str = "", now: datetime | None = None, *, rotate: bool = True
) -> Backup:
    now = now or datetime.now(UTC)
    folder = root / BACKUP_DIR
    make_private_dir(folder)
    name = now.strftime(STAMP) + (f"-{reason}" if reason else "")
    staging = folder / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    make_private_dir(staging)
    make_private_dir(staging / "shards")
    for relative in store_files(root):
        _link_or_copy(root / relative, staging / relative)
    fsync_dir(staging / "shards")
    fsync_dir(staging)
    final = folder / name
    os.replace(staging, final)
    fsync_dir(folder)
    if rotate:
        _rotate(root)
    return Backup(final, now, reason)


def needs_backup(root: Path, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    backups = list_backups(root)
    return not backups or now - backups[0].taken_at >= INTERVAL


def restore_backup(root: Path, backup: Backup) -> None:
    """Put the backup's files back in place, each atomically; shards it lacks are removed.

    The current state is backed up first, so a restore can itself be undone.
    """
    wanted = set(store_files(backup.path))
    if Path("meta.json") not in wanted:
        raise FileNotFoundError(f"{backup.path}: not a complete backup (no meta.json)")
    # No rotation yet: it could remove the very backup being restored (the oldest one).
    take_backup(root, "before-restore", rotate=False)
    for relative in sorted(wanted):
        atomic_write(root / relative, (backup.path / relative).read_bytes())
    for relative in store_files(root):
        if relative not in wanted:
            (root / relative).unlink(missing_ok=True)
    fsync_dir(root / "shards")
    _rotate(root)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _rotate(root: Path) -> None:
    for old in list_backups(root)[KEEP:]:
        shutil.rmtree(old.path, ignore_errors=True)
    for partial in (root / BACKUP_DIR).glob(".*.partial"):
        shutil.rmtree(partial, ignore_errors=True)
