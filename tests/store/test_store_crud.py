"""Records go in and come back out unchanged; put replaces by uid; delete cascades."""

from __future__ import annotations

from datetime import date

import pytest

from relinbox.core.models import (
    Address,
    Channel,
    Direction,
    Exchange,
    FollowUpStatus,
    Org,
    Outcome,
    Provenance,
    Related,
    Snooze,
    Tier,
)
from relinbox.core.store import Store, Timeline


def test_a_new_store_is_empty(store: Store) -> None:
    assert store.contacts() == []
    assert store.digests() == []
    assert store.contact("nobody") is None
    assert store.digest("nobody") is None
    timeline = store.timeline("nobody")
    assert (timeline.touches, timeline.notes, timeline.followups, timeline.snoozes) == (
        [],
        [],
        [],
        [],
    )


def test_every_record_type_round_trips(store, make, db_path, check_digests) -> None:
    ann = make.contact(
        "Ann Lee",
        nickname="Annie",
        org=Org("Lee & Co", "Partner", "Tax"),
        tags=["client", "golf"],
        starred=True,
        anniversary="2001-09-15",
        related=[Related("Tom", "spouse")],
        notes="Met at the 2019 conference — ünïcødé ok",
        urls=["https://example.com/ann"],
        addresses=[Address("work", "1 High St", "London", postcode="EC1A 1AA", country="UK")],
        linkedin="https://www.linkedin.com/in/annlee",
        connected_on="2019-06-03",
        tier=Tier.C,
        timezone="Europe/London",
        cadence={"interval_days": 45, "building_gaps": [3, 7]},
        custom={"Assistant": "Jo"},
        extra=["X-FOO:bar"],
        provenance=[Provenance("vcard", "abc", "2024-01-01T00:00:00+00:00")],
    )
    touch = make.touch(
        ann,
        channel=Channel.MEETING,
        direction=Direction.IN,
        outcome=Outcome.VOICEMAIL,
        duration_seconds=90,
        exchange=Exchange.ASK,
        note="asked for an intro",
    )
    note = make.note(ann, "Daughter starts university in October", pinned=True)
    note.edited_at = make.at()
    followup = make.followup(ann, date(2024, 4, 2), reason="send the quote")
    followup.snoozes = [Snooze(make.at(), date(2024, 3, 28), date(2024, 4, 2))]
    done = make.followup(
        ann, date(2024, 2, 1), status=FollowUpStatus.DONE, done_at=make.at()
    )
    snooze = make.snooze(ann, date(2024, 5, 1))
    store.put(ann, touch, note, followup, done, snooze)

    for opened in (store, Store.open(db_path)):  # in memory and read back from disk
        assert opened.contact(ann.uid) == ann
        timeline = opened.timeline(ann.uid)
        assert timeline.touches == [touch]
        assert timeline.notes == [note]
        assert sorted(timeline.followups, key=lambda f: f.due) == [done, followup]
        assert timeline.snoozes == [snooze]
        assert opened.contacts() == [ann]
        check_digests(opened)


def test_put_replaces_by_uid(store, make, db_path) -> None:
    ann = make.contact("Ann Lee")
    touch = make.touch(ann)
    note = make.note(ann, "first")
    store.put(ann, touch, note)

    ann.display_name = "Ann Lee-Smith"
    ann.tier = Tier.C
    touch.outcome = Outcome.NO_ANSWER
    note.text = "second"
    store.put(ann)
    store.put(touch, note)

    for opened in (store, Store.open(db_path)):
        assert opened.contact(ann.uid).display_name == "Ann Lee-Smith"
        assert len(opened.contacts()) == 1
        timeline = opened.timeline(ann.uid)
        assert [t.outcome for t in timeline.touches] == [Outcome.NO_ANSWER]
        assert [n.text for n in timeline.notes] == ["second"]
        digest = opened.digest(ann.uid)
        assert (digest.display_name, digest.tier, digest.counted, digest.attempts) == (
            "Ann Lee-Smith",
            "C",
            0,
            1,
        )


def test_same_uid_put_twice_in_one_batch_keeps_the_last(store, make) -> None:
    ann = make.contact()
    note = make.note(ann, "draft")
    with store.batch() as batch:
        batch.put(ann)
        batch.put(note)
        note2 = make.note(ann, "final", uid=note.uid, created_at=note.created_at)
        batch.put(note2)
    assert [n.text for n in store.timeline(ann.uid).notes] == ["final"]


def test_moving_a_timeline_record_within_a_shard(
    store, make, same_shard_uids, db_path, check_digests
) -> None:
    first, second = same_shard_uids(2)
    ann = make.contact("Ann Lee", uid=first)
    bob = make.contact("Bob Ray", uid=second)
    touch = make.touch(ann, exchange=Exchange.GIVE)
    note = make.note(ann)
    followup = make.followup(ann, date(2024, 5, 1))
    store.put(ann, bob, touch, note, followup)
    assert store.digest(ann.uid).counted == 1

    for record in (touch, note, followup):
        record.contact = bob.uid
    store.put(touch, note, followup)

    for opened in (store, Store.open(db_path)):
        assert opened.timeline(ann.uid).touches == []
        assert opened.timeline(ann.uid).notes == []
        assert opened.timeline(ann.uid).followups == []
        assert opened.timeline(bob.uid).touches == [touch]
        assert opened.timeline(bob.uid).notes == [note]
        assert opened.timeline(bob.uid).followups == [followup]
        assert (opened.digest(ann.uid).counted, opened.digest(ann.uid).gives) == (0, 0)
        assert (opened.digest(bob.uid).counted, opened.digest(bob.uid).gives) == (1, 1)
        assert opened.digest(ann.uid).followups == []
        assert opened.digest(bob.uid).followups == [[followup.uid, "2024-05-01", ""]]
        check_digests(opened)


@pytest.mark.parametrize("where", ["same shard", "other shard"])
def test_moving_timeline_records_to_another_contact(
    store, make, same_shard_uids, other_shard_uid, db_path, check_digests, where
) -> None:
    if where == "same shard":
        first, second = same_shard_uids(2)
        ann, bob = make.contact("Ann Lee", uid=first), make.contact("Bob Ray", uid=second)
    else:
        ann = make.contact("Ann Lee")
        bob = make.contact("Bob Ray", uid=other_shard_uid(ann.uid))
    touch = make.touch(ann, exchange=Exchange.GIVE)
    note = make.note(ann)
    followup = make.followup(ann, date(2024, 5, 1))
    store.put(ann, bob, touch, note, followup)

    timeline = store.timeline(ann.uid)
    moved = store.move([*timeline.touches, *timeline.notes, *timeline.followups], bob.uid)

    assert {record.contact for record in moved} == {bob.uid}
    for opened in (store, Store.open(db_path)):
        assert opened.timeline(ann.uid) == Timeline()
        after = opened.timeline(bob.uid)
        assert (after.touches, after.notes) == ([moved[0]], [moved[1]])
        assert after.followups == [moved[2]]
        assert (opened.digest(ann.uid).counted, opened.digest(ann.uid).gives) == (0, 0)
        assert (opened.digest(bob.uid).counted, opened.digest(bob.uid).gives) == (1, 1)
        assert opened.digest(bob.uid).followups == [[followup.uid, "2024-05-01", ""]]
        check_digests(opened)


def test_a_move_cut_off_between_its_steps_keeps_both_copies(
    store, make, other_shard_uid, monkeypatch
) -> None:
    ann = make.contact("Ann Lee")
    bob = make.contact("Bob Ray", uid=other_shard_uid(ann.uid))
    note = make.note(ann, "her daughter's wedding is in June")
    store.put(ann, bob, note)

    def crash(*records):
        raise OSError("disk full")

    monkeypatch.setattr(store, "delete", crash)
    with pytest.raises(OSError):
        store.move([note], bob.uid)
    # the copy was durable before the original was touched: a duplicate, never a loss
    assert [n.text for n in store.timeline(ann.uid).notes] == [note.text]
    assert [n.text for n in store.timeline(bob.uid).notes] == [note.text]


def test_contacts_are_not_moved(store, make) -> None:
    ann, bob = make.contact("Ann Lee"), make.contact("Bob Ray")
    store.put(ann, bob)
    with pytest.raises(TypeError):
        store.move([ann], bob.uid)


def test_deleting_a_timeline_record(store, make, db_path, check_digests) -> None:
    ann = make.contact()
    keep, drop = make.touch(ann), make.touch(ann, channel=Channel.EMAIL)
    note = make.note(ann)
    store.put(ann, keep, drop, note)
    store.delete(drop, note)
    for opened in (store, Store.open(db_path)):
        assert opened.timeline(ann.uid).touches == [keep]
        assert opened.timeline(ann.uid).notes == []
        assert opened.digest(ann.uid).counted == 1
        assert opened.digest(ann.uid).recent_channels == ["call"]
        check_digests(opened)


def test_deleting_a_missing_record_is_a_no_op(store, make) -> None:
    ann = make.contact()
    store.put(ann)
    store.delete(make.touch(ann), make.note(ann))
    assert store.contact(ann.uid) == ann


def test_deleting_a_contact_removes_its_timeline_and_digest(
    store, make, same_shard_uids, db_path, check_digests
) -> None:
    first, second = same_shard_uids(2)
    ann = make.contact("Ann Lee", uid=first)
    bob = make.contact("Bob Ray", uid=second)
    ann_records = [
        make.touch(ann),
        make.touch(ann),
        make.note(ann),
        make.followup(ann, date(2024, 6, 1)),
        make.snooze(ann, date(2024, 6, 2)),
    ]
    bob_touch = make.touch(bob)
    store.put(ann, bob, *ann_records, bob_touch)

    store.delete(ann)

    for opened in (store, Store.open(db_path)):
        assert opened.contact(ann.uid) is None
        assert opened.digest(ann.uid) is None
        timeline = opened.timeline(ann.uid)
        assert timeline.touches == timeline.notes == timeline.followups == timeline.snoozes == []
        assert [c.uid for c in opened.contacts()] == [bob.uid]
        assert opened.timeline(bob.uid).touches == [bob_touch]
        check_digests(opened)

    # the shard file holds nothing of Ann any more
    data = b"".join(p.read_bytes() for p in (db_path / "shards").glob("*.jsonl"))
    assert ann.uid.encode() not in data


def test_put_and_delete_in_one_batch(store, make, check_digests) -> None:
    ann = make.contact()
    old = make.touch(ann)
    store.put(ann, old)
    new = make.touch(ann, channel=Channel.EMAIL)
    with store.batch() as batch:
        batch.delete(old)
        batch.put(new)
    assert store.timeline(ann.uid).touches == [new]
    check_digests(store)


def test_a_failing_batch_writes_nothing(store, make, db_path) -> None:
    ann = make.contact()
    store.put(ann)
    before = {p.name: p.read_bytes() for p in (db_path / "shards").iterdir()}
    with pytest.raises(RuntimeError), store.batch() as batch:
        batch.put(make.touch(ann))
        raise RuntimeError("changed my mind")
    assert {p.name: p.read_bytes() for p in (db_path / "shards").iterdir()} == before
    assert store.timeline(ann.uid).touches == []


def test_timeline_records_before_their_contact(store, make, check_digests) -> None:
    """A touch may arrive before its contact (import order); the digest follows the contact."""
    ann = make.contact()
    touch = make.touch(ann)
    store.put(touch)
    assert store.digest(ann.uid) is None
    store.put(ann)
    assert store.digest(ann.uid).counted == 1
    check_digests(store)


def test_many_contacts_across_shards(store, make, db_path, check_digests) -> None:
    contacts = [make.contact(f"Person {i}") for i in range(300)]
    touches = [make.touch(c) for c in contacts for _ in range(2)]
    with store.batch() as batch:
        for record in [*contacts, *touches]:
            batch.put(record)
    reopened = Store.open(db_path)
    assert {c.uid for c in reopened.contacts()} == {c.uid for c in contacts}
    assert len(list((db_path / "shards").glob("*.jsonl"))) > 100
    assert all(d.counted == 2 for d in reopened.digests())
    check_digests(reopened)


def test_store_reads_its_own_writes_after_reopen_in_other_order(store, make, db_path) -> None:
    """Doc ids are reused safely after deletes: nothing collides on the next insert."""
    ann = make.contact()
    touches = [make.touch(ann) for _ in range(5)]
    store.put(ann, *touches)
    store.delete(touches[-1], touches[-2])
    reopened = Store.open(db_path)
    more = [make.touch(ann) for _ in range(3)]
    reopened.put(*more)
    final = Store.open(db_path)
    assert {t.uid for t in final.timeline(ann.uid).touches} == {
        t.uid for t in [*touches[:3], *more]
    }
    assert final.digest(ann.uid).counted == 6


def test_deleting_a_record_whose_contact_was_changed_in_memory(
    store, make, same_shard_uids, check_digests
) -> None:
    """The digest of the contact the stored record belonged to is the one that changes."""
    first, second = same_shard_uids(2)
    ann = make.contact("Ann Lee", uid=first)
    bob = make.contact("Bob Ray", uid=second)
    touch = make.touch(ann)
    store.put(ann, bob, touch)
    touch.contact = bob.uid  # edited on screen, never saved
    store.delete(touch)
    assert store.timeline(ann.uid).touches == []
    assert store.digest(ann.uid).counted == 0
    check_digests(store)


def test_emptying_a_table_then_writing_again(store, make, db_path, check_digests) -> None:
    """Deleting the only note of a shard leaves no notes table; later writes still work."""
    ann = make.contact()
    note = make.note(ann)
    followup = make.followup(ann, date(2024, 5, 1))
    store.put(ann, note, followup)
    store.delete(note, followup)
    store.put(make.touch(ann))
    store.put(make.note(ann, "again"))
    for opened in (store, Store.open(db_path)):
        assert [n.text for n in opened.timeline(ann.uid).notes] == ["again"]
        assert len(opened.timeline(ann.uid).touches) == 1
        check_digests(opened)


def test_deleting_the_last_contact_of_a_shard_then_adding_one(
    store, make, same_shard_uids, db_path
) -> None:
    first, second = same_shard_uids(2)
    ann = make.contact("Ann Lee", uid=first)
    store.put(ann, make.touch(ann))
    store.delete(ann)
    bob = make.contact("Bob Ray", uid=second)
    store.put(bob)
    assert [c.uid for c in Store.open(db_path).contacts()] == [bob.uid]


def test_two_store_objects_see_each_other(db_path, make, same_shard_uids, check_digests) -> None:
    """A second Store on the same folder (another process, in effect) is never overwritten."""
    first, second = same_shard_uids(2)
    ann = make.contact("Ann Lee", uid=first)
    bob = make.contact("Bob Ray", uid=second)
    app = Store.open(db_path)
    app.put(ann)
    assert app.digest(ann.uid).counted == 0  # the shard is loaded and cached here

    shell = Store.open(db_path)
    shell.put(bob, make.touch(ann))  # same shard, written behind the app's back
    assert app.refresh()
    assert {c.uid for c in app.contacts()} == {ann.uid, bob.uid}
    assert app.digest(ann.uid).counted == 1

    shell.put(make.touch(bob))
    app.put(make.touch(ann))  # the app's write re-reads the shard first: nothing is lost
    for opened in (app, shell, Store.open(db_path)):
        assert opened.digest(ann.uid).counted == 2
        assert opened.digest(bob.uid).counted == 1
        check_digests(opened)


def test_refresh_finds_shards_created_elsewhere(db_path, make) -> None:
    app = Store.open(db_path)
    assert app.digests() == [] and not app.refresh()
    Store.open(db_path).put(make.contact())
    assert app.refresh()
    assert len(app.digests()) == 1
    assert not app.refresh()
