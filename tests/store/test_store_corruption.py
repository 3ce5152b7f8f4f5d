"""Damaged files are reported with the file, the line and the last good backup."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from relinbox.core.store import Store, StoreCorruptError, backups


def _replace_file(path: Path, data: bytes) -> None:
    """Damage a file the way a sync tool or an editor that saves by rename would."""
    tmp = path.with_name("garbled")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _line_of(path: Path, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(_lines(path), start=1):
        if needle.encode() in line:
            return number
    raise AssertionError(f"{needle} not in {path}")


@pytest.fixture
def filled(store, make, db_path):
    """A store with a backup (taken yesterday), and newer data written after it."""
    ann = make.contact()
    touches = [make.touch(ann) for _ in range(3)]
    store.put(ann, *touches[:2])
    backup = backups.take_backup(db_path, "daily", datetime.now(UTC) - timedelta(days=1))
    store.put(touches[2])  # a new shard file version: the backup keeps the old one
    return ann, touches, backup, store.shard_path(store.shard_number(ann.uid))


def test_a_garbled_touch_line_names_file_line_and_backup(filled, db_path) -> None:
    ann, touches, backup, shard = filled
    line = _line_of(shard, touches[1].uid)
    lines = _lines(shard)
    lines[line - 1] = lines[line - 1][:25] + b"\x00garbage"
    _replace_file(shard, b"\n".join(lines))

    store = Store.open(db_path)
    assert store.digest(ann.uid).counted == 3  # the lazily parsed touches are not needed here
    with pytest.raises(StoreCorruptError) as caught:
        store.timeline(ann.uid)
    error = caught.value
    assert (error.path, error.line, error.backup) == (shard, line, backup.path)
    assert f"{shard}:{line}" in str(error)
    assert str(backup.path) in str(error)
    assert "not valid JSON" in str(error)


def test_a_garbled_line_edited_in_place_also_spoils_the_linked_backup(filled, db_path) -> None:
    """Backups are hard links: an in-place edit of the file changes the backup's copy too
    when it is still the same version, so that backup must not be offered as good."""
    ann, _touches, _old_backup, shard = filled
    same_version = backups.take_backup(db_path, "manual")
    text = shard.read_bytes()
    with open(shard, "r+b") as handle:  # in place: same inode as the newest backup
        handle.write(text[:-3] + b"  \n")  # the last line loses its closing brackets
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(db_path).timeline(ann.uid)
    assert caught.value.backup is not None
    assert caught.value.backup != same_version.path


def test_a_record_with_a_bad_field_names_its_line(filled, db_path) -> None:
    ann, touches, backup, shard = filled
    line = _line_of(shard, touches[0].uid)
    lines = _lines(shard)
    lines[line - 1] = lines[line - 1].replace(b'"channel":"call"', b'"channel":"fax"')
    _replace_file(shard, b"\n".join(lines))
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(db_path).timeline(ann.uid)
    assert caught.value.line == line
    assert "'channel' is 'fax'" in str(caught.value)
    assert caught.value.backup == backup.path


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_a_truncated_shard(filled, db_path, keep) -> None:
    ann, _touches, backup, shard = filled
    data = shard.read_bytes()
    _replace_file(shard, data[: int(len(data) * keep)])
    with pytest.raises(StoreCorruptError) as caught:
        store = Store.open(db_path)
        store.contacts()
        store.digests()
        store.timeline(ann.uid)
    error = caught.value
    assert error.path == shard and error.line
    assert re.search(rf"{re.escape(str(shard))}:\d+: ", str(error))
    assert error.backup == backup.path


def test_a_garbled_shard_header(filled, db_path) -> None:
    _ann, _touches, backup, shard = filled
    _replace_file(shard, b"{nope\n" + shard.read_bytes().split(b"\n", 1)[1])
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(db_path).digests()
    assert (caught.value.line, caught.value.backup) == (1, backup.path)
    assert f"{shard}:1: the header line is not valid JSON" in str(caught.value)


def test_no_good_backup_says_so(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann)
    shard = store.shard_path(store.shard_number(ann.uid))
    _replace_file(shard, shard.read_bytes()[:-10])  # the digest, the last line, is cut
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(db_path).digests()
    assert caught.value.backup is None
    assert "No good backup was found" in str(caught.value)


@pytest.mark.parametrize(
    "damage",
    [b"", b"{\"relinbox\": \"store\", \"schema_ver", b"[1, 2, 3]\n", b"\xff\xfe garbage"],
    ids=["empty", "truncated", "wrong-shape", "binary"],
)
def test_a_damaged_meta_json(filled, db_path, damage) -> None:
    _ann, _touches, backup, _shard = filled
    meta = db_path / "meta.json"
    _replace_file(meta, damage)
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(db_path)
    error = caught.value
    assert error.path == meta
    assert str(error).startswith(f"{meta}: ")
    assert error.backup == backup.path
    assert str(backup.path) in str(error)


def test_a_damaged_meta_json_without_backup(store, make, db_path) -> None:
    store.put(make.contact())
    _replace_file(db_path / "meta.json", b"{")
    with pytest.raises(StoreCorruptError, match="No good backup"):
        Store.open(db_path)


def _edit_digest(shard: Path, uid: str, changes: dict[str, object]) -> None:
    """Change fields of the digest document of `uid` directly in the shard file."""
    lines = _lines(shard)
    for number, text in enumerate(lines):
        if not (text.startswith(b"[") and b'"counted"' in text):
            continue
        doc_id, doc = orjson.loads(text)
        if doc["uid"] == uid:
            doc.update(changes)
            lines[number] = orjson.dumps([doc_id, doc])
            _replace_file(shard, b"\n".join(lines))
            return
    raise AssertionError(f"no digest of {uid} in {shard}")


def test_rebuild_fixes_a_wrong_digest(store, make, db_path, check_digests) -> None:
    ann, bob = make.contact("Ann Lee"), make.contact("Bob Ray")
    store.put(ann, bob, make.touch(ann), make.touch(bob))
    assert store.rebuild_all_digests() == 0

    _edit_digest(store.shard_path(store.shard_number(ann.uid)), ann.uid, {"counted": 99})

    reopened = Store.open(db_path)
    assert reopened.digest(ann.uid).counted == 99
    assert reopened.rebuild_all_digests() == 1
    assert reopened.digest(ann.uid).counted == 1
    assert reopened.rebuild_all_digests() == 0
    check_digests(Store.open(db_path))


def test_rebuild_adds_a_missing_digest_and_drops_an_orphan(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann, make.touch(ann))
    # the digest now belongs to nobody, and Ann has none
    _edit_digest(store.shard_path(store.shard_number(ann.uid)), ann.uid, {"uid": "ghost"})
    reopened = Store.open(db_path)
    assert reopened.digest(ann.uid) is None
    assert reopened.rebuild_all_digests() == 2
    assert reopened.digest(ann.uid).counted == 1
    assert [d.uid for d in Store.open(db_path).digests()] == [ann.uid]
