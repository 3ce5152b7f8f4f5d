"""The stored digest follows every change to a contact and its timeline."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relinbox.core.digest import build_digest
from relinbox.core.models import (
    CadenceSnooze,
    Channel,
    Contact,
    Direction,
    Exchange,
    FollowUp,
    FollowUpStatus,
    ImportantDate,
    Note,
    Outcome,
    Snooze,
    Tier,
    Touch,
)
from relinbox.core.store import Store


def test_counts_follow_touches(store, make) -> None:
    ann = make.contact()
    store.put(ann)
    digest = store.digest(ann.uid)
    assert (digest.counted, digest.inbound, digest.outbound, digest.attempts) == (0, 0, 0, 0)
    assert digest.last_counted_at is None and digest.last_touch_at is None

    out_call = make.touch(ann, direction=Direction.OUT, exchange=Exchange.GIVE)
    in_mail = make.touch(ann, direction=Direction.IN, channel=Channel.EMAIL, exchange=Exchange.ASK)
    missed = make.touch(ann, outcome=Outcome.NO_ANSWER, channel=Channel.MESSAGE)
    store.put(out_call)
    store.put(in_mail)
    store.put(missed)

    digest = store.digest(ann.uid)
    assert (digest.counted, digest.inbound, digest.outbound, digest.attempts) == (2, 1, 1, 1)
    assert (digest.gives, digest.asks) == (1, 1)
    assert digest.last_counted_at == in_mail.when.isoformat()
    assert digest.last_counted_logged_at == in_mail.logged_at.isoformat()
    assert digest.last_touch_at == missed.when.isoformat()
    assert digest.recent_channels == ["message", "email"]  # newest first

    # an attempt that became a conversation on second thought
    missed.outcome = Outcome.CONNECTED
    store.put(missed)
    digest = store.digest(ann.uid)
    assert (digest.counted, digest.outbound, digest.attempts) == (3, 2, 0)
    assert digest.last_counted_at == missed.when.isoformat()

    store.delete(out_call)
    digest = store.digest(ann.uid)
    assert (digest.counted, digest.gives, digest.asks) == (2, 0, 1)


def test_recent_channels_follow_when_not_insertion_order(store, make) -> None:
    ann = make.contact()
    late = make.touch(ann, when=datetime(2024, 5, 3, tzinfo=UTC), channel=Channel.MEETING)
    early = make.touch(ann, when=datetime(2024, 5, 1, tzinfo=UTC), channel=Channel.EMAIL)
    middle = make.touch(ann, when=datetime(2024, 5, 2, tzinfo=UTC), channel=Channel.GIFT)
    store.put(ann, late)
    store.put(early)
    store.put(middle)
    digest = store.digest(ann.uid)
    assert digest.recent_channels == ["meeting", "gift"]
    assert digest.last_counted_at == late.when.isoformat()


def test_snooze_holds_until_a_later_counted_touch(store, make) -> None:
    ann = make.contact()
    earlier = make.touch(ann)
    store.put(ann, earlier)
    snooze = make.snooze(ann, date(2024, 6, 1))
    store.put(snooze)
    assert store.digest(ann.uid).snoozed_until == "2024-06-01"

    store.put(make.touch(ann, outcome=Outcome.VOICEMAIL))  # an attempt does not clear it
    assert store.digest(ann.uid).snoozed_until == "2024-06-01"

    store.put(make.touch(ann))  # a conversation does
    assert store.digest(ann.uid).snoozed_until is None

    store.put(make.snooze(ann, date(2024, 7, 1)))  # and a newer snooze holds again
    assert store.digest(ann.uid).snoozed_until == "2024-07-01"


def test_a_back_dated_touch_logged_after_the_snooze_clears_it(store, make) -> None:
    """Snooze and touch compare by when the touch was recorded, not when it happened."""
    ann = make.contact()
    snooze = make.snooze(ann, date(2024, 6, 1), at=datetime(2024, 5, 10, tzinfo=UTC))
    touch = make.touch(
        ann,
        when=datetime(2024, 5, 1, tzinfo=UTC),
        logged_at=datetime(2024, 5, 11, tzinfo=UTC),
    )
    store.put(ann, snooze)
    store.put(touch)
    assert store.digest(ann.uid).snoozed_until is None


def test_open_followups_listed_earliest_first(store, make) -> None:
    ann = make.contact()
    later = make.followup(ann, date(2024, 5, 20), reason="lunch")
    sooner = make.followup(ann, date(2024, 4, 2), reason="quote")
    done = make.followup(ann, date(2024, 3, 1), status=FollowUpStatus.DONE, done_at=make.at())
    store.put(ann, later, sooner, done)
    assert store.digest(ann.uid).followups == [
        [sooner.uid, "2024-04-02", "quote"],
        [later.uid, "2024-05-20", "lunch"],
    ]

    sooner.status = FollowUpStatus.DONE
    sooner.done_at = make.at()
    store.put(sooner)
    assert store.digest(ann.uid).followups == [[later.uid, "2024-05-20", "lunch"]]

    later.due = date(2024, 4, 30)
    store.put(later)
    assert store.digest(ann.uid).followups == [[later.uid, "2024-04-30", "lunch"]]

    store.delete(later)
    assert store.digest(ann.uid).followups == []


def test_contact_fields_follow_edits(store, make) -> None:
    ann = make.contact(birthday=None, important_dates=[], emails=[], phones=[])
    store.put(ann)
    digest = store.digest(ann.uid)
    assert (digest.has_email, digest.has_phone, digest.dates) == (False, False, [])

    ann.display_name = "Ann L."
    ann.tier = Tier.C
    ann.archived = True
    ann.cadence = {"paused": True}
    ann.birthday = "1980-02-29"
    ann.important_dates = [ImportantDate("wedding", "--09-01")]
    ann.emails = make.contact().emails
    store.put(ann)
    digest = store.digest(ann.uid)
    assert (digest.display_name, digest.tier, digest.archived, digest.cadence) == (
        "Ann L.",
        "C",
        True,
        {"paused": True},
    )
    assert digest.has_email and not digest.has_phone
    assert digest.dates == [
        ["birthday", "birthday", "1980-02-29", True],
        ["date", "wedding", "--09-01", True],
    ]


def test_notes_do_not_change_the_digest(store, make) -> None:
    ann = make.contact()
    store.put(ann, make.touch(ann))
    before = store.digest(ann.uid)
    store.put(make.note(ann))
    assert store.digest(ann.uid) == before


def test_digests_lists_one_per_contact(store, make) -> None:
    contacts = [make.contact(f"P {i}") for i in range(40)]
    store.put(*contacts)
    assert sorted(d.uid for d in store.digests()) == sorted(c.uid for c in contacts)
    store.delete(contacts[0])
    assert len(store.digests()) == 39


# --- a random sequence of changes, compared with a plain in-memory model -----------------

CONTACTS = 4
operation = st.one_of(
    st.tuples(st.just("touch"), st.integers(0, CONTACTS - 1), st.integers(0, 7),
              st.sampled_from(list(Outcome)), st.sampled_from(list(Direction)),
              st.sampled_from([None, Exchange.GIVE, Exchange.ASK]), st.integers(0, 400)),
    st.tuples(st.just("note"), st.integers(0, CONTACTS - 1), st.integers(0, 7)),
    st.tuples(st.just("followup"), st.integers(0, CONTACTS - 1), st.integers(0, 7),
              st.integers(0, 60), st.booleans()),
    st.tuples(st.just("snooze"), st.integers(0, CONTACTS - 1), st.integers(0, 7),
              st.integers(0, 400)),
    st.tuples(st.just("delete"), st.sampled_from(["touch", "note", "followup", "snooze"]),
              st.integers(0, 7)),
    st.tuples(st.just("contact"), st.integers(0, CONTACTS - 1), st.sampled_from(list(Tier))),
    st.tuples(st.just("drop_contact"), st.integers(0, CONTACTS - 1)),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batches=st.lists(st.lists(operation, min_size=1, max_size=4), min_size=1, max_size=8))
def test_random_changes_match_a_model(batches, same_shard_uids, other_shard_uid) -> None:
    # two contacts share a shard, the others are elsewhere
    pair = same_shard_uids(2)
    uids = [*pair, other_shard_uid(pair[0]), other_shard_uid(pair[0])]
    base = datetime(2024, 1, 1, tzinfo=UTC)
    contacts = {
        uid: Contact(f"C{i}", uid=uid, created_at=base, updated_at=base)
        for i, uid in enumerate(uids)
    }
    model: dict[str, dict[str, object]] = {
        "contacts": dict(contacts), "touch": {}, "note": {}, "followup": {}, "snooze": {}
    }
    slot_uid = {kind: [f"{kind}-{n}" for n in range(8)] for kind in model}

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"{folder}/db")
        store.put(*contacts.values())
        for batch_ops in batches:
            with store.batch() as batch:
                for op in batch_ops:
                    kind = op[0]
                    if kind == "touch":
                        _, who, slot, outcome, direction, exchange, minutes = op
                        when = base + timedelta(hours=minutes)
                        record = Touch(uids[who], when, Channel.CALL, direction, outcome,
                                       exchange=exchange, uid=slot_uid["touch"][slot],
                                       logged_at=when)
                    elif kind == "note":
                        _, who, slot = op
                        record = Note(uids[who], "n", uid=slot_uid["note"][slot], created_at=base)
                    elif kind == "followup":
                        _, who, slot, days, is_open = op
                        record = FollowUp(
                            uids[who], date(2024, 2, 1) + timedelta(days=days),
                            status=FollowUpStatus.OPEN if is_open else FollowUpStatus.DONE,
                            uid=slot_uid["followup"][slot], created_at=base,
                        )
                    elif kind == "snooze":
                        _, who, slot, minutes = op
                        at = base + timedelta(hours=minutes)
                        record = CadenceSnooze(
                            uids[who], Snooze(at, at.date(), at.date() + timedelta(days=5)),
                            uid=slot_uid["snooze"][slot],
                        )
                    elif kind == "delete":
                        _, table, slot = op
                        stored = model[table].pop(slot_uid[table][slot], None)
                        if stored is not None:
                            batch.delete(stored)
                        continue
                    elif kind == "contact":
                        _, who, tier = op
                        record = Contact(f"C{who}", uid=uids[who], tier=tier,
                                         created_at=base, updated_at=base)
                        model["contacts"][record.uid] = record
                        batch.put(record)
                        continue
                    else:  # drop_contact: the contact and its whole timeline go
                        uid = uids[op[1]]
                        if model["contacts"].pop(uid, None) is not None:
                            batch.delete(contacts[uid])
                            for table in ("touch", "note", "followup", "snooze"):
                                for key, rec in list(model[table].items()):
                                    if rec.contact == uid:
                                        del model[table][key]
                        continue
                    previous = model[kind].get(record.uid)
                    # moving across shards is a known limitation: delete first
                    if previous is not None and store.shard_number(
                        previous.contact
                    ) != store.shard_number(record.contact):
                        batch.delete(previous)
                    model[kind][record.uid] = record
                    batch.put(record)

        for opened in (store, Store.open(f"{folder}/db")):
            assert {c.uid: c for c in opened.contacts()} == model["contacts"]
            for uid, contact in model["contacts"].items():
                timeline = opened.timeline(uid)
                mine = {k: sorted((r for r in model[k].values() if r.contact == uid),
                                  key=lambda r: r.uid) for k in ("touch", "note", "followup",
                                                                 "snooze")}
                assert sorted(timeline.touches, key=lambda r: r.uid) == mine["touch"]
                assert sorted(timeline.notes, key=lambda r: r.uid) == mine["note"]
                assert sorted(timeline.followups, key=lambda r: r.uid) == mine["followup"]
                assert sorted(timeline.snoozes, key=lambda r: r.uid) == mine["snooze"]
                expected = build_digest(contact, mine["touch"], mine["snooze"],
                                        mine["followup"])
                assert opened.digest(uid) == expected
            assert {d.uid for d in opened.digests()} == set(model["contacts"])
