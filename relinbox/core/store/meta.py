"""The store's description (meta.json), its write lock, and finding the last good backup."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from relinbox.core.store import backups
from relinbox.core.store.errors import (
    StoreCorruptError,
    StoreLockedError,
)
from relinbox.core.store.files import (
    FILE_MODE,
    atomic_write,
    read_bytes,
)
from relinbox.core.store.shard import (
    ShardFormatError,
    parse_section,
    split_file,
)

LOCK_TIMEOUT_S = 15.0


def store_lock(root: Path) -> FileLock:
    """The lock every writer takes; a separate file, because data files get replaced."""
    return FileLock(root / ".lock", timeout=LOCK_TIMEOUT_S, mode=FILE_MODE)


@contextmanager
def locked(root: Path, lock: FileLock | None = None) -> Iterator[None]:
    """Hold the store's write lock (for writes and maintenance such as restoring a backup)."""
    try:
        with lock or store_lock(root):
            yield
    except Timeout:
        raise StoreLockedError(
            f"{root}: another relinbox process has held the store lock for"
            f" {LOCK_TIMEOUT_S:.0f} s; try again"
        ) from None


def read_meta(path: Path) -> dict[str, Any] | None:
    data = read_bytes(path)
    if data is None:
        return None
    meta, problem = parse_meta(data)
    if meta is None:
        raise StoreCorruptError(path, None, problem, last_good_backup(path.parent, path))
    return meta


def parse_meta(data: bytes) -> tuple[dict[str, Any] | None, str]:
    """The store description in `data`, or None and what is wrong with it."""
    try:
        meta = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        return None, f"not valid JSON ({error})"
    if not (
        isinstance(meta, dict)
        and meta.get("relinbox") == "store"
        and isinstance(meta.get("schema_version"), int)
        and isinstance(meta.get("shards"), int)
        and meta["shards"] > 0
    ):
        return None, "not a relinbox store description"
    return meta, ""


def last_good_backup(root: Path, path: Path) -> Path | None:
    """The newest backup whose copy of `path` (a store file under `root`) reads cleanly.

    Every line is parsed: a backup shares unchanged files with the store by hard link, so a
    file damaged in place can be damaged in the newest backups too. A backup taken before a
    shard existed is good for that shard (restoring it removes the shard).
    """
    relative = path.relative_to(root)
    for backup in backups.list_backups(root):
        data = read_bytes(backup.path / relative)
        if relative == Path("meta.json"):
            if data is not None and parse_meta(data)[0] is not None:
                return backup.path
            continue
        try:
            if data:
                for name, section in split_file(data).items():
                    parse_section(name, section)
        except ShardFormatError:
            continue
        return backup.path
    return None


def write_meta(path: Path, schema_version: int, shards: int) -> None:
    meta = {
        "relinbox": "store",
        "schema_version": schema_version,
        "shards": shards,
        "written_at": datetime.now(UTC).isoformat(),
    }
    atomic_write(path, orjson.dumps(meta, option=orjson.OPT_INDENT_2) + b"\n")
