"""Two-way vdir sync: naming, atomic writes, change detection, conflicts, deletions."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

import pytest

from relinbox.core.models import Contact, ContactPoint, FollowUp
from relinbox.core.store import Store
from relinbox.interop import vdir_sync
from relinbox.services import sync
from tests.sync.conftest import NOW

ADA = "7f3c2b9e-1d4a-4f6b-9c2e-5a8d0e1f2a3b.vcf"
GRACE = "c9e1f0a2-7b3d-4e5f-8a9b-0c1d2e3f4a5b.vcf"
GRACE_UID = "urn:uuid:6f9619ff-8b86-d011-b42d-00c04fc964ff"


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store") as opened:
        yield opened


def run(store: Store, folder: Path, **options) -> sync.SyncReport:
    (report,) = sync.sync_addressbooks(store, [sync.adhoc_book(folder)], now=NOW, **options)
    return report


def edit(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))


def by_name(store: Store, name: str) -> Contact:
    return next(c for c in store.contacts() if c.display_name == name)


def test_first_sync_reads_items_only(store, sample_vdir):
    report = run(store, sample_vdir)
    assert report.pulled == 3 and not report.problems and not report.conflicts
    assert sorted(c.display_name for c in store.contacts()) == [
        "Ada Lovelace", "Grace Hopper", "山田 太郎"
    ]
    again = run(store, sample_vdir)
    assert (again.pulled, again.pushed, again.unchanged) == (0, 0, 3)
    assert not list(sample_vdir.glob(".*.tmp"))


def test_new_item_naming_rule_and_hostile_uids(store, sample_vdir):
    uids = ["plain-Uid_1.2+3", "../x", "a/b", "urn:uuid:1234", "..", ".hidden", "x" * 300]
    store.put(*(Contact(display_name=f"C{i}", uid=uid) for i, uid in enumerate(uids)))
    report = run(store, sample_vdir)
    assert report.pushed == len(uids)
    assert (sample_vdir / "plain-Uid_1.2+3.vcf").is_file()
    names = set(os.listdir(sample_vdir))
    for path in sample_vdir.parent.rglob("*.vcf"):
        assert path.parent == sample_vdir, path  # nothing outside the folder
    state = sync.State(store, sample_vdir)
    for uid in uids[1:]:
        name = next(n for n, e in state.items.items() if e["uid"] == uid)
        assert name in names
        stem = name.removesuffix(".vcf")
        assert len(stem) == 36 and stem.count("-") == 4, name  # a UUID4 name
    for name in names:
        assert "/" not in name and not name.startswith("..")


def test_new_item_name_avoids_taken_names():
    assert vdir_sync.new_item_name("abc", {"ABC.vcf"}) != "abc.vcf"
    with pytest.raises(ValueError):
        vdir_sync.safe_item_path(Path("/x"), "../evil.vcf")


def test_writes_go_through_a_tmp_file_then_rename(store, sample_vdir, monkeypatch):
    run(store, sample_vdir)
    ada = by_name(store, "Ada Lovelace")
    store.put(dataclasses.replace(ada, nickname="Countess"))
    seen = []
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):
        seen.append((Path(src), Path(dst)))
        return real_replace(src, dst, *args, **kwargs)

    fsynced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (fsynced.append(fd), real_fsync(fd)))
    monkeypatch.setattr(os, "replace", spy)
    report = run(store, sample_vdir)
    assert report.pushed == 1
    item_writes = [(s, d) for s, d in seen if d.parent == sample_vdir]
    assert len(item_writes) == 1
    src, dst = item_writes[0]
    assert dst.name == ADA  # the filename is kept
    assert src.parent == sample_vdir and src.name.endswith(".tmp") and src.name.startswith(".")
    assert fsynced
    assert b"NICKNAME:Countess" in dst.read_bytes()


def test_local_only_change_rewrites_only_owned_lines(store, sample_vdir):
    path = sample_vdir / GRACE
    before = path.read_bytes()
    run(store, sample_vdir)
    grace = store.contact(GRACE_UID)
    grace.phones = [ContactPoint("+1 202 555 9999", "cell")]
    store.put(grace, FollowUp(contact=GRACE_UID, due=date(2026, 12, 3), reason="call back"))
    report = run(store, sample_vdir)
    assert (report.pushed, report.pulled) == (1, 0)
    after = path.read_bytes()
    assert path.name == GRACE  # filename kept even though it differs from the UID
    expected = before.replace(
        b"TEL;TYPE=CELL:+1 202 555 0147", b"TEL;TYPE=cell:+1 202 555 9999"
    ).replace(
        b"END:VCARD", b"X-RELINBOX-NEXT-FOLLOWUP:2026-12-03\r\nEND:VCARD"
    )
    assert after == expected


def test_a_rewritten_item_keeps_its_permissions(store, sample_vdir):
    path = sample_vdir / GRACE
    path.chmod(0o644)  # other tools (vdirsyncer, khard) read the folder too
    run(store, sample_vdir)
    grace = store.contact(GRACE_UID)
    grace.phones = [ContactPoint("+1 202 555 9999", "cell")]
    store.put(grace)
    assert run(store, sample_vdir).pushed == 1
    assert b"+1 202 555 9999" in path.read_bytes()
    assert path.stat().st_mode & 0o777 == 0o644


def test_unknown_lines_and_groups_stay_byte_identical(store, tmp_path):
    folder = tmp_path / "apple"
    folder.mkdir()
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//macOS 14.5//EN\r\n"
        b"N:Hopper;Grace;;;\r\nFN:Grace Hopper\r\n"
        b"item1.EMAIL;type=INTERNET;type=pref:grace@navy.example\r\n"
        b"item1.X-ABLabel:_$!<Other>!$_\r\n"
        b"X-SOMETHING;x-param=\"a:b\":keep me exactly as i am, with a long value that must\r\n"
        b"  stay folded the way it was written\r\n"
        b"item2.X-ABDATE:not a date\r\nitem2.X-ABLabel:odd\r\n"
        b"NOTE:old note\r\nUID:grace-1\r\nX-ABUID:grace-1:ABPerson\r\nEND:VCARD\r\n"
    )
    (folder / "grace.vcf").write_bytes(card)
    run(store, folder)
    grace = store.contact("grace-1")
    assert grace.emails[0].label == "Other"
    grace.notes = "new note"
    store.put(grace)
    run(store, folder)
    assert (folder / "grace.vcf").read_bytes() == card.replace(b"old note", b"new note")
    grace = store.contact("grace-1")
    grace.emails.append(ContactPoint("g@cobol.example", "COBOL committee"))
    store.put(grace)
    run(store, folder)
    after = (folder / "grace.vcf").read_bytes()
    card = card.replace(b"old note", b"new note")
    kept = [line for line in card.split(b"\r\n") if b"EMAIL" not in line and b"Other" not in line]
    for line in kept:
        assert line in after
    assert b"item3.EMAIL:g@cobol.example\r\nitem3.X-ABLabel:COBOL committee\r\n" in after


def test_remote_only_change_comes_in(store, sample_vdir):
    run(store, sample_vdir)
    edit(sample_vdir / GRACE, b"FN:Grace Hopper", b"FN:Rear Admiral Grace Hopper")
    edit(sample_vdir / GRACE, b"END:VCARD", b"X-RELINBOX-NEXT-FOLLOWUP:2026-12-09\r\nEND:VCARD")
    report = run(store, sample_vdir)
    assert (report.pulled, report.pushed) == (1, 0)
    grace = store.contact(GRACE_UID)
    assert grace.display_name == "Rear Admiral Grace Hopper"
    assert [f.due for f in store.timeline(GRACE_UID).followups] == [date(2026, 12, 9)]
    assert (run(store, sample_vdir).unchanged) == 3


def test_both_changed_is_a_conflict_kept_until_resolved(store, sample_vdir):
    run(store, sample_vdir)
    path = sample_vdir / ADA
    edit(path, b"FN:Ada Lovelace", b"FN:Ada King")
    remote_version = path.read_bytes()
    ada = by_name(store, "Ada Lovelace")
    store.put(dataclasses.replace(ada, notes="changed here"))
    report = run(store, sample_vdir)
    assert [c.kind for c in report.conflicts] == [sync.CHANGED_BOTH]
    assert path.read_bytes() == remote_version  # nothing overwritten
    assert store.contact(ada.uid).notes == "changed here"
    assert Path(report.conflicts[0].copy).read_bytes() == remote_version
    # listed by every sync and by pending_conflicts until resolved
    assert [c.uid for c in run(store, sample_vdir).conflicts] == [ada.uid]
    assert [c.uid for c in sync.pending_conflicts(store)] == [ada.uid]
    sync.resolve(store, "Ada", "remote", now=NOW)
    assert sync.pending_conflicts(store) == []
    contact = store.contact(ada.uid)
    assert contact.display_name == "Ada King" and contact.notes == ""
    assert run(store, sample_vdir).unchanged == 3


def test_resolve_keep_local_writes_relinbox_version(store, sample_vdir):
    run(store, sample_vdir)
    edit(sample_vdir / ADA, b"FN:Ada Lovelace", b"FN:Ada King")
    ada = by_name(store, "Ada Lovelace")
    store.put(dataclasses.replace(ada, display_name="Ada, Countess"))
    assert run(store, sample_vdir).conflicts
    sync.resolve(store, ada.uid, "local", now=NOW)
    assert b"FN:Ada\\, Countess\r\n" in (sample_vdir / ADA).read_bytes()
    report = run(store, sample_vdir)
    assert not report.conflicts and report.unchanged == 3


def test_deletions_need_confirmation(store, sample_vdir):
    run(store, sample_vdir)
    (sample_vdir / GRACE).unlink()
    ada = by_name(store, "Ada Lovelace")
    store.delete(ada)
    report = run(store, sample_vdir)
    assert sorted(d.side for d in report.deletions) == ["folder", "relinbox"]
    assert (sample_vdir / ADA).exists() and store.contact(GRACE_UID) is not None
    assert len(run(store, sample_vdir).deletions) == 2  # still listed, still kept
    report = run(store, sample_vdir, confirm_deletions=True)
    assert report.deleted == 2
    assert not (sample_vdir / ADA).exists() and store.contact(GRACE_UID) is None
    assert not run(store, sample_vdir).deletions


def test_deleted_on_one_side_changed_on_the_other_is_a_conflict(store, sample_vdir):
    run(store, sample_vdir)
    (sample_vdir / GRACE).unlink()
    grace = store.contact(GRACE_UID)
    grace.notes = "still needed"
    store.put(grace)
    report = run(store, sample_vdir, confirm_deletions=True)
    assert [c.kind for c in report.conflicts] == [sync.DELETED_REMOTE]
    assert store.contact(GRACE_UID) is not None
    sync.resolve(store, GRACE_UID, "local", now=NOW)
    assert (sample_vdir / GRACE).is_file()  # written back under its old name
    assert b"still needed" in (sample_vdir / GRACE).read_bytes()


def test_new_local_contact_goes_to_first_book_only(store, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    store.put(Contact(display_name="Zed", uid="zed-1"))
    books = [sync.AddressBook("a", first), sync.AddressBook("b", second)]
    sync.sync_addressbooks(store, books, now=NOW)
    assert os.listdir(first) == ["zed-1.vcf"]
    assert os.listdir(second) == []


def test_unreadable_item_is_reported_not_deleted(store, sample_vdir):
    (sample_vdir / "broken.vcf").write_bytes(b"not a card")
    report = run(store, sample_vdir)
    assert any("broken.vcf" in p for p in report.problems)
    assert (sample_vdir / "broken.vcf").read_bytes() == b"not a card"
