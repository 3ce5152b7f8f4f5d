"""Daily hard-link backups, their rotation, and restoring one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relinbox.core.store import Store, backups


def _day(n: int) -> datetime:
    return datetime(2024, 1, 1, 8, tzinfo=UTC) + timedelta(days=n)


def test_no_backup_of_an_empty_store(store, make, db_path) -> None:
    store.put(make.contact())  # nothing existed before this write
    assert backups.list_backups(db_path) == []


def test_the_first_write_of_the_day_takes_a_backup(store, make, db_path, monkeypatch) -> None:
    ann = make.contact()
    store.put(ann)
    shard = store.shard_path(store.shard_number(ann.uid))
    before = shard.read_bytes()

    later = Store.open(db_path)  # e.g. the next morning's session
    later.put(make.touch(ann))
    (daily,) = backups.list_backups(db_path)
    assert daily.reason == "daily"
    assert (daily.path / "shards" / shard.name).read_bytes() == before
    assert (daily.path / "meta.json").exists()

    later.put(make.touch(ann))  # not again in the same session
    Store.open(db_path).put(make.touch(ann))  # nor in another one the same day
    assert len(backups.list_backups(db_path)) == 1

    monkeypatch.setattr(backups, "INTERVAL", timedelta(0))
    Store.open(db_path).put(make.touch(ann))  # a day later
    assert [b.reason for b in backups.list_backups(db_path)] == ["daily", "daily"]


def test_reads_take_no_backup(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann)
    reader = Store.open(db_path)
    reader.contacts()
    reader.digests()
    reader.timeline(ann.uid)
    assert backups.list_backups(db_path) == []


def test_a_backup_is_hard_links_and_keeps_the_old_version(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann)
    shard = store.shard_path(store.shard_number(ann.uid))
    backup = backups.take_backup(db_path, "manual")
    copy = backup.path / "shards" / shard.name
    assert copy.stat().st_ino == shard.stat().st_ino  # no space used yet
    old = copy.read_bytes()
    store.put(make.touch(ann))
    assert copy.stat().st_ino != shard.stat().st_ino
    assert copy.read_bytes() == old != shard.read_bytes()


def test_backups_are_listed_newest_first_with_reasons(store, make, db_path) -> None:
    store.put(make.contact())
    for n, reason in enumerate(["daily", "", "before-restore"]):
        backups.take_backup(db_path, reason, _day(n))
    listed = backups.list_backups(db_path)
    assert [b.taken_at for b in listed] == [_day(2), _day(1), _day(0)]
    assert [b.reason for b in listed] == ["before-restore", "", "daily"]
    assert "2024-01-03 08:00 UTC (before-restore)" in listed[0].describe()


def test_rotation_keeps_the_newest(store, make, db_path) -> None:
    store.put(make.contact())
    (db_path / "backups" / ".20240101T000000000000Z.partial").mkdir(parents=True)
    for n in range(backups.KEEP + 3):
        backups.take_backup(db_path, "daily", _day(n))
    listed = backups.list_backups(db_path)
    assert len(listed) == backups.KEEP
    assert [b.taken_at for b in listed] == [_day(n) for n in reversed(range(3, backups.KEEP + 3))]
    assert sorted(p.name for p in (db_path / "backups").iterdir()) == sorted(
        b.path.name for b in listed
    )  # and no half-made backup is left behind


def test_restore_brings_the_old_data_back(store, make, db_path, check_digests) -> None:
    ann = make.contact("Ann Lee")
    first_touch = make.touch(ann)
    store.put(ann, first_touch)
    good = backups.take_backup(db_path, "daily", _day(0))

    bob = make.contact("Bob Ray")  # most likely a shard the backup does not have
    ann.display_name = "Ann (renamed by mistake)"
    store.put(ann, bob, make.touch(ann))
    shard_files_now = {p.name for p in (db_path / "shards").glob("*.jsonl")}

    backups.restore_backup(db_path, good)

    assert store.refresh()  # an open store picks the restored files up
    for opened in (store, Store.open(db_path)):
        assert [c.display_name for c in opened.contacts()] == ["Ann Lee"]
        assert opened.timeline(ann.uid).touches == [first_touch]
        assert opened.digest(bob.uid) is None
        check_digests(opened)
    assert {p.name for p in (db_path / "shards").glob("*.jsonl")} == {
        p.name for p in (good.path / "shards").iterdir()
    }

    # the state before the restore was backed up first, so the restore can be undone
    undo = next(b for b in backups.list_backups(db_path) if b.reason == "before-restore")
    assert {p.name for p in (undo.path / "shards").iterdir()} == shard_files_now
    backups.restore_backup(db_path, undo)
    reopened = Store.open(db_path)
    assert {c.display_name for c in reopened.contacts()} == {"Ann (renamed by mistake)", "Bob Ray"}
    assert reopened.digest(ann.uid).counted == 2


def test_restoring_the_oldest_of_a_full_set(store, make, db_path) -> None:
    """The before-restore backup must not rotate away the backup being restored."""
    ann = make.contact("Ann Lee")
    store.put(ann)
    for n in range(backups.KEEP):
        backups.take_backup(db_path, "daily", _day(n))
        ann.display_name = f"Ann, version {n + 1}"
        store.put(ann)
    oldest = backups.list_backups(db_path)[-1]

    backups.restore_backup(db_path, oldest)

    assert [c.display_name for c in Store.open(db_path).contacts()] == ["Ann Lee"]
    assert len(backups.list_backups(db_path)) <= backups.KEEP


def test_restoring_something_that_is_not_a_backup_changes_nothing(store, make, db_path) -> None:
    store.put(make.contact())
    empty = db_path / "backups" / "20240101T000000000000Z-daily"
    empty.mkdir(parents=True)
    (broken,) = backups.list_backups(db_path)
    with pytest.raises(FileNotFoundError, match="not a complete backup"):
        backups.restore_backup(db_path, broken)
    assert len(Store.open(db_path).contacts()) == 1
