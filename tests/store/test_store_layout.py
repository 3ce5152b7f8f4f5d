"""The store folder: file modes, temp files, what is and is not a store, schema versions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import orjson
import pytest
from filelock import FileLock

from relinbox.core.store import (
    Store,
    StoreCorruptError,
    StoreError,
    StoreVersionError,
    backups,
    migrations,
)
from relinbox.core.store.files import atomic_write


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_meta(db_path: Path, **changes: object) -> None:
    meta = orjson.loads((db_path / "meta.json").read_bytes())
    meta.update(changes)
    (db_path / "meta.json").write_bytes(orjson.dumps(meta))


@pytest.fixture
def loose_umask():
    """Modes must not depend on the user's umask."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_files_are_private(loose_umask, store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann, make.touch(ann))
    Store.open(db_path).put(make.note(ann))  # second instance: takes the daily backup
    assert _mode(db_path) == 0o700
    assert _mode(db_path / "shards") == 0o700
    assert _mode(db_path / "meta.json") == 0o600
    assert _mode(db_path / ".lock") == 0o600
    shards = list((db_path / "shards").glob("*.jsonl"))
    assert shards and all(_mode(p) == 0o600 for p in shards)
    assert _mode(db_path / "backups") == 0o700
    (backup,) = backups.list_backups(db_path)
    assert _mode(backup.path) == 0o700
    assert _mode(backup.path / "shards") == 0o700
    assert all(_mode(p) == 0o600 for p in backup.path.rglob("*") if p.is_file())


def test_the_layout(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann)
    meta = orjson.loads((db_path / "meta.json").read_bytes())
    assert meta["relinbox"] == "store"
    assert meta["schema_version"] == migrations.SCHEMA_VERSION
    assert meta["shards"] == store.shard_count
    shard = store.shard_path(store.shard_number(ann.uid))
    assert shard.parent == db_path / "shards" and shard.suffix == ".jsonl"
    header, *lines = shard.read_bytes().splitlines()
    assert [entry[:2] for entry in orjson.loads(header)["tables"]] == [
        ["contacts", 1],
        ["digests", 1],
    ]
    assert [orjson.loads(line)[1]["uid"] for line in lines] == [ann.uid, ann.uid]


def test_orphan_temp_files_are_removed_on_open(store, make, db_path) -> None:
    store.put(make.contact())
    orphans = [
        db_path / "shards" / ".007.jsonl.4242.deadbeef.tmp",
        db_path / ".meta.json.4242.deadbeef.tmp",
    ]
    for orphan in orphans:
        orphan.write_bytes(b"half a write")
    keep = db_path / "shards" / "notes.txt"
    keep.write_text("not ours to delete")
    Store.open(db_path)
    assert not any(orphan.exists() for orphan in orphans)
    assert keep.exists()


def test_temp_files_of_a_live_writer_are_left_alone(store, make, db_path) -> None:
    store.put(make.contact())
    busy = db_path / "shards" / ".007.jsonl.4242.deadbeef.tmp"
    busy.write_bytes(b"being written")
    with FileLock(db_path / ".lock"):  # another writer holds the lock
        Store.open(db_path)
    assert busy.exists()
    Store.open(db_path)
    assert not busy.exists()


def test_atomic_write_leaves_no_temp_file(tmp_path) -> None:
    target = tmp_path / "x.jsonl"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["x.jsonl"]


def test_a_file_is_not_a_store(tmp_path) -> None:
    path = tmp_path / "contacts.json"
    path.write_text("{}")
    with pytest.raises(StoreError, match="is a file"):
        Store.open(path)


def test_a_foreign_folder_is_not_a_store(tmp_path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("Dear Ann")
    with pytest.raises(StoreError, match="not empty and is not a relinbox store"):
        Store.open(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["letter.txt"]


def test_an_empty_folder_becomes_a_store(tmp_path, make) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    Store.open(folder).put(make.contact())
    assert (folder / "meta.json").exists()


def test_missing_store_without_create(tmp_path) -> None:
    with pytest.raises(StoreError, match="no relinbox store"):
        Store.open(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


def test_a_newer_schema_is_refused(store, make, db_path) -> None:
    store.put(make.contact())
    _write_meta(db_path, schema_version=migrations.SCHEMA_VERSION + 1)
    with pytest.raises(StoreVersionError) as caught:
        Store.open(db_path)
    assert str(db_path / "meta.json") in str(caught.value)
    assert "upgrade relinbox" in str(caught.value)
    assert isinstance(caught.value, StoreError)


def test_meta_with_a_wrong_shape_is_corrupt(store, db_path) -> None:
    _write_meta(db_path, shards=0)
    with pytest.raises(StoreCorruptError, match="not a relinbox store description"):
        Store.open(db_path)


def test_migrations_run_forward_with_a_backup(store, make, db_path, monkeypatch) -> None:
    ann, bob = make.contact("Ann Lee"), make.contact("Bob Ray")
    store.put(ann, bob, make.touch(ann), make.note(bob, "likes golf"))
    old = migrations.SCHEMA_VERSION
    before = {p.name: p.read_bytes() for p in (db_path / "shards").glob("*.jsonl")}
    calls = []

    def shout_notes(tables):  # schema old → old + 1: note text in capitals
        calls.append(sorted(tables))
        for doc in tables.get("notes", {}).values():
            doc["text"] = doc["text"].upper()

    def tag_contacts(tables):  # old + 1 → old + 2: every contact gets a tag
        for doc in tables.get("contacts", {}).values():
            doc["tags"] = [*doc["tags"], "migrated"]

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", old + 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {old: shout_notes, old + 1: tag_contacts})

    migrated = Store.open(db_path)

    assert len(calls) == len(before)  # every shard once
    assert [n.text for n in migrated.timeline(bob.uid).notes] == ["LIKES GOLF"]
    assert all("migrated" in c.tags for c in migrated.contacts())
    meta = orjson.loads((db_path / "meta.json").read_bytes())
    assert meta["schema_version"] == old + 2
    (backup,) = backups.list_backups(db_path)
    assert backup.reason == f"before-v{old}-to-v{old + 2}"
    assert orjson.loads((backup.path / "meta.json").read_bytes())["schema_version"] == old
    assert {p.name: p.read_bytes() for p in (backup.path / "shards").iterdir()} == before

    # opening again does not migrate again
    Store.open(db_path)
    assert len(calls) == len(before)
    assert len(backups.list_backups(db_path)) == 1


def test_a_missing_migration_is_an_error(store, make, db_path, monkeypatch) -> None:
    store.put(make.contact())
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setattr(migrations, "MIGRATIONS", {})
    with pytest.raises(StoreVersionError, match="no migration from schema version 1") as raised:
        Store.open(db_path)
    assert "meta.json" in str(raised.value)  # a StoreError: the CLI prints it as one line
