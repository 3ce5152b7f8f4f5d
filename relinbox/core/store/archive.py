"""Whole-store backups as one file (`relinbox backup` / `relinbox restore`).

The archive is a zip holding the store's files exactly as they are on disk, plus a manifest
with a SHA-256 per file, so a restore is lossless and a damaged archive is refused before
anything is changed. The snapshot is taken under the store lock, so it is consistent.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import orjson

from relinbox.core.store import backups, migrations
from relinbox.core.store.errors import StoreError
from relinbox.core.store.files import atomic_write, fsync_dir, make_private_dir
from relinbox.core.store.meta import locked
from relinbox.core.store.shard import ShardFormatError, parse_section, split_file

MANIFEST = "relinbox-backup.json"
FORMAT = "relinbox-backup"


@dataclass(frozen=True, slots=True)
class ArchiveSummary:
    path: Path
    files: int
    created_at: str
    schema_version: int


def write_archive(root: Path, target: Path, *, now: datetime | None = None) -> ArchiveSummary:
    """Write the whole store at `root` to the zip file `target` (atomically)."""
    if not (root / "meta.json").exists():
        raise StoreError(f"no relinbox store at {root}")
    created = (now or datetime.now(UTC)).isoformat()
    buffer = io.BytesIO()
    with locked(root):
        relatives = backups.store_files(root)
        contents = {r.as_posix(): (root / r).read_bytes() for r in relatives}
    meta = orjson.loads(contents["meta.json"])
    manifest = {
        "format": FORMAT,
        "version": 1,
        "created_at": created,
        "schema_version": meta.get("schema_version"),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()},
    }
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
        for name, data in contents.items():
            archive.writestr(name, data)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, buffer.getvalue())
    return ArchiveSummary(target, len(contents), created, manifest["schema_version"])


def read_archive(source: Path) -> tuple[dict, dict[str, bytes]]:
    """Open and fully verify an archive; raises StoreError naming what is wrong."""
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise StoreError(f"{source}: not a relinbox backup (no {MANIFEST})")
            manifest = orjson.loads(archive.read(MANIFEST))
            files = {name: archive.read(name) for name in manifest.get("files", {})}
    except FileNotFoundError:
        raise StoreError(f"{source}: no such file") from None
    except (zipfile.BadZipFile, zlib.error, KeyError, orjson.JSONDecodeError, EOFError) as error:
        raise StoreError(f"{source}: damaged backup archive ({error})") from None
    if manifest.get("format") != FORMAT or "meta.json" not in files:
        raise StoreError(f"{source}: not a relinbox backup archive")
    version = manifest.get("schema_version")
    if not isinstance(version, int) or version > migrations.SCHEMA_VERSION:
        raise StoreError(
            f"{source}: made by a newer relinbox (schema {version}); upgrade relinbox first"
        )
    for name, data in files.items():
        _check_name(source, name)
        if hashlib.sha256(data).hexdigest() != manifest["files"][name]:
            raise StoreError(f"{source}: {name} is damaged (checksum mismatch)")
        if name.endswith(".jsonl"):
            try:
                for table, section in split_file(data).items():
                    parse_section(table, section)
            except ShardFormatError as error:
                raise StoreError(f"{source}: {name}:{error.line}: {error.problem}") from None
    return manifest, files


def restore_archive(source: Path, root: Path) -> ArchiveSummary:
    """Replace the store at `root` with the archive's content.

    The current store (if any) is kept as a rotating backup first, so this can be undone
    with `relinbox doctor --restore`.
    """
    manifest, files = read_archive(source)
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file; the store is a folder")
    if root.exists() and any(root.iterdir()) and not (root / "meta.json").exists():
        raise StoreError(f"{root} is not empty and is not a relinbox store; not touching it")
    make_private_dir(root / "shards")
    with locked(root):
        if (root / "meta.json").exists():
            backups.take_backup(root, "before-restore")
        for name, data in sorted(files.items()):
            atomic_write(root / PurePosixPath(name), data)
        wanted = {PurePosixPath(name) for name in files}
        for relative in backups.store_files(root):
            if PurePosixPath(relative.as_posix()) not in wanted:
                (root / relative).unlink(missing_ok=True)
        fsync_dir(root / "shards")
    return ArchiveSummary(source, len(files), manifest["created_at"], manifest["schema_version"])


def _check_name(source: Path, name: str) -> None:
    """Only the store's own files, and nothing that could escape the store folder."""
    path = PurePosixPath(name)
    allowed = name == "meta.json" or (
        len(path.parts) == 2 and path.parts[0] == "shards" and path.suffix == ".jsonl"
        and path.stem.isdigit()
    )
    if not allowed:
        raise StoreError(f"{source}: unexpected file {name!r} in the archive")
