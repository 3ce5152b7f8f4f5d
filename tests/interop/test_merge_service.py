"""`merging.merge`: every value of both contacts and both timelines end up in A."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from relinbox.core.models import (
    CadenceSnooze,
    Channel,
    Contact,
    ContactPoint,
    FollowUp,
    Name,
    Note,
    Org,
    Provenance,
    Snooze,
    Tier,
    Touch,
)
from relinbox.core.store import Store
from relinbox.services.importing import import_paths
from relinbox.services.merging import combine, merge

WHEN = datetime(2026, 11, 2, 10, tzinfo=UTC)


def make(name: str, **fields) -> Contact:
    return Contact(display_name=name, **fields)


@pytest.mark.parametrize("same_shard", [False, True])
def test_merge_moves_timeline_and_keeps_every_value(tmp_path, same_shard):
    store = Store.open(tmp_path / "store")
    uid_b = next(
        uid
        for uid in (f"b-{n}" for n in range(10_000))
        if (store.shard_number(uid) == store.shard_number("a-0")) == same_shard
    )
    a = make(
        "Ada Lovelace",
        uid="a-0",
        emails=[ContactPoint("ada@a.example", "work", True)],
        tags=["Mentors"],
        notes="Met at the demo.",
        tier=Tier.A,
        custom={"Met via": "Royal Society"},
        provenance=[Provenance("vcard", "a")],
        nickname="Ada",
    )
    b = make(
        "Ada King",
        uid=uid_b,
        emails=[ContactPoint("ADA@a.example", "home"), ContactPoint("king@b.example", "", True)],
        phones=[ContactPoint("+44 20 7946 0001", "cell")],
        tags=["VIP", "Mentors"],
        notes="Prefers letters.",
        custom={"Met via": "Babbage", "Bank": "Coutts"},
        extra=["X-FOO:bar"],
        provenance=[Provenance("google", "email:king@b.example")],
        birthday="1815-12-10",
        nickname="Countess",
    )
    store.put(a, b)
    store.put(
        Touch(contact=b.uid, when=WHEN, channel=Channel.CALL),
        Note(contact=b.uid, text="likes engines"),
        FollowUp(contact=b.uid, due=date(2026, 12, 1), reason="send paper"),
        CadenceSnooze(b.uid, Snooze(WHEN, date(2026, 11, 20), date(2026, 11, 30))),
    )
    merged = merge(store, store.contact(a.uid), store.contact(b.uid))
    assert store.contact(b.uid) is None
    stored = store.contact(a.uid)
    assert stored == merged
    assert [e.value for e in stored.emails] == ["ada@a.example", "king@b.example"]
    assert [e.value for e in stored.emails if e.primary] == ["ada@a.example"]
    assert [p.value for p in stored.phones] == ["+44 20 7946 0001"]
    assert stored.tags == ["Mentors", "VIP"]
    assert stored.notes == "Met at the demo.\n\nPrefers letters."
    assert stored.custom == {
        "Met via": "Royal Society",
        "Bank": "Coutts",
        "Met via (merged)": "Babbage",
        "display name (merged)": "Ada King",
        "nickname (merged)": "Countess",
    }
    assert stored.birthday == "1815-12-10" and stored.extra == ["X-FOO:bar"]
    assert {p.source for p in stored.provenance} == {"vcard", "google"}
    assert stored.tier is Tier.A and stored.display_name == "Ada Lovelace"
    timeline = store.timeline(a.uid)
    assert len(timeline.touches) == len(timeline.notes) == len(timeline.followups) == 1
    assert len(timeline.snoozes) == 1
    assert timeline.followups[0].reason == "send paper"
    gone = store.timeline(b.uid)
    assert gone.touches == gone.notes == gone.followups == gone.snoozes == []
    store.close()


def test_combine_is_idempotent_for_imports():
    incoming = make(
        "Grace Hopper",
        emails=[ContactPoint("grace@navy.example", "Work", True)],
        notes="note",
        extra=["REV:2026-01-01", "X-A:1"],
    )
    once = combine(make("Grace Hopper"), incoming, other_wins=True)
    twice = combine(once, incoming, other_wins=True)
    assert once.to_doc() | {"updated_at": None} == twice.to_doc() | {"updated_at": None}
    newer = make("Grace Hopper", extra=["REV:2026-02-01"])
    assert combine(twice, newer, other_wins=True).extra == ["X-A:1", "REV:2026-02-01"]


def test_merge_keeps_every_single_value_of_b_and_the_name_of_a_whole(tmp_path):
    store = Store.open(tmp_path / "store")
    a = Contact(display_name="Al Smith", uid="a-1", name=Name(given="Al", family="Smith"),
                org=Org("Acme", "Rep", "Sales"))  # fmt: skip
    dr_smith = Name("Dr.", "Albert", "J", "Smith", "")
    b = Contact(display_name="Albert Smith", uid="b-1", name=dr_smith,
                org=Org("Globex", "Director", "R&D"), timezone="Europe/London")  # fmt: skip
    store.put(a, b)
    merged = merge(store, a, b)
    assert merged.name == a.name and merged.org == a.org
    assert merged.timezone == "Europe/London"  # A had none: nothing to keep apart
    assert merged.custom == {
        "display name (merged)": "Albert Smith",
        "name (merged)": "Dr. Albert J Smith",
        "organisation (merged)": "Globex",
        "title (merged)": "Director",
        "department (merged)": "R&D",
    }
    store.close()


def test_reimporting_the_sources_of_a_merged_contact_neither_flips_nor_loses_it(tmp_path):
    export = tmp_path / "google.csv"
    export.write_text(
        "First Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value\n"
        "Ada,Lovelace,AES,* Work,ada@x.example\nAda,King,Countess Co,,ada@y.example\n"
    )
    store = Store.open(tmp_path / "store")
    import_paths([export], store)
    lovelace, king = sorted(store.contacts(), key=lambda c: c.display_name, reverse=True)
    merge(store, lovelace, king)
    for _ in range(2):
        report = import_paths([export], store)
        assert (report.imported, report.updated, report.unchanged) == (0, 0, 1)
    (merged,) = store.contacts()
    assert (merged.display_name, merged.org.name) == ("Ada Lovelace", "AES")
    assert merged.custom["organisation (merged)"] == "Countess Co"
    store.close()
