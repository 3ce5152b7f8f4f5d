"""Fixtures for the export tests: a store seeded with relationships at every stage.

Helpers are handed out as fixtures (not imported) so the test modules need no package layout.
Times are fixed (UTC) and the user's time zone is UTC, so every date below is exact.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from relinbox.core.cadence import CadenceSettings
from relinbox.core.models import (
    CadenceSnooze,
    Channel,
    Contact,
    ContactPoint,
    Direction,
    Exchange,
    FollowUp,
    ImportantDate,
    Name,
    Note,
    Org,
    Outcome,
    Related,
    Snooze,
    Tier,
    Touch,
)
from relinbox.core.store import Store
from relinbox.services.planner import Clock, Planner

TODAY = date(2026, 11, 23)  # a Monday, as RELINBOX_TODAY in tests/conftest.py
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
CREATED = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@dataclass
class Seeded:
    """The contacts of the seeded store, by short name, and their records."""

    store: Store
    contacts: dict[str, Contact] = field(default_factory=dict)

    def uid(self, name: str) -> str:
        return self.contacts[name].uid


def _contact(name: str, **kwargs: object) -> Contact:
    given, _, family = name.partition(" ")
    defaults: dict[str, object] = {
        "name": Name(given=given, family=family),
        "tier": Tier.B,
        "created_at": CREATED,
        "updated_at": CREATED,
    }
    defaults.update(kwargs)
    return Contact(display_name=name, **defaults)  # type: ignore[arg-type]


def _touches(contact: Contact, days: list[str], *, inbound: int = 0,
             channel: Channel = Channel.EMAIL) -> list[Touch]:
    """Counted touches on `days`; the last `inbound` of them started by the contact."""
    touches = []
    for index, day in enumerate(days):
        direction = Direction.IN if index >= len(days) - inbound else Direction.OUT
        when = at(day)
        touches.append(Touch(contact.uid, when, channel, direction, logged_at=when))
    return touches


def seed_store(store: Store) -> Seeded:
    seeded = Seeded(store)
    records: list[object] = []

    # building 4/7: the gap after counted touch 4 (16 Nov) is 7 days -> due today
    ada = _contact(
        "Ada Lovelace",
        tier=Tier.A,
        emails=[ContactPoint("ada@analytical.example", "work", True)],
        phones=[ContactPoint("+44 20 7946 0001", "mobile", True)],
        org=Org("Analytical Engines Ltd", "Mathematician", "Research"),
        tags=["mentor", "london"],
        birthday="--12-10",
        important_dates=[ImportantDate("daughter's wedding", "2027-06-12", False)],
        related=[Related("William King", "husband")],
        notes="Prefers e-mail before 10am; allergic to lilies.",
        timezone="Europe/London",
    )
    records += [ada, *_touches(ada, ["2026-11-02", "2026-11-05", "2026-11-10"])]
    records.append(
        Touch(ada.uid, at("2026-11-16"), Channel.GIFT, exchange=Exchange.GIVE,
              note="Sent the Babbage biography", logged_at=at("2026-11-16"))
    )
    records.append(
        Touch(ada.uid, at("2026-11-18"), Channel.CALL, outcome=Outcome.VOICEMAIL,
              exchange=Exchange.ASK, logged_at=at("2026-11-18"))
    )
    records.append(Note(ada.uid, "Call her 'Countess' only in jest", pinned=True,
                        created_at=at("2026-11-02", 11)))
    records.append(Note(ada.uid, "Met at the Royal Society dinner", created_at=at("2026-11-01")))
    seeded.contacts["ada"] = ada

    # nurture: 7 counted touches, 2 of them inbound; tier B -> every 60 days
    grace = _contact("Grace Hopper", phones=[ContactPoint("+1 555 0100")], tags=["navy"])
    grace_days = ["2026-03-02", "2026-03-04", "2026-03-09", "2026-03-16", "2026-03-23",
                  "2026-04-02", "2026-10-01"]
    records += [grace, *_touches(grace, grace_days, inbound=2)]
    seeded.contacts["grace"] = grace

    # one-way: 9 counted touches, none inbound -> a check-in every 90 days
    olga = _contact("Olga Ivanova", tier=Tier.C, emails=[ContactPoint("olga@example.org")])
    olga_days = ["2026-02-02", "2026-02-04", "2026-02-09", "2026-02-16", "2026-02-23",
                 "2026-03-05", "2026-03-19", "2026-04-09", "2026-09-01"]
    records += [olga, *_touches(olga, olga_days, channel=Channel.CALL)]
    seeded.contacts["olga"] = olga

    # an explicit follow-up replaces the cadence entry while it is open
    hedy = _contact("Hedy Lamarr", phones=[ContactPoint("+1 555 0199")], tags=["mentor"])
    records += [hedy, *_touches(hedy, ["2026-11-20"], channel=Channel.CALL)]
    records.append(FollowUp(hedy.uid, date(2026, 11, 26), "send the patent draft",
                            created_at=at("2026-11-20", 11)))
    seeded.contacts["hedy"] = hedy

    # never touched, snoozed once: building 0/7
    katherine = _contact("Katherine Johnson", created_at=at("2026-11-10"),
                         updated_at=at("2026-11-10"))
    records += [katherine, CadenceSnooze(
        katherine.uid, Snooze(at("2026-11-12"), date(2026, 11, 10), date(2026, 11, 30)))]
    seeded.contacts["katherine"] = katherine

    # archived and paused contacts get nothing, even with an open follow-up
    alan = _contact("Alan Turing", archived=True, tags=["mentor"])
    records += [alan, FollowUp(alan.uid, date(2026, 11, 24), "return the book",
                               created_at=at("2026-11-01"))]
    seeded.contacts["alan"] = alan
    mary = _contact("Mary Somerville", cadence={"paused": True})
    records += [mary, FollowUp(mary.uid, date(2026, 11, 25), "ask about the lecture",
                               created_at=at("2026-11-01"))]
    seeded.contacts["mary"] = mary

    with store.batch() as batch:
        for record in records:
            batch.put(record)  # type: ignore[arg-type]
    return seeded


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store") as opened:
        yield opened


@pytest.fixture
def seeded(store: Store) -> Seeded:
    return seed_store(store)


@pytest.fixture
def planner() -> Planner:
    return Planner(CadenceSettings(), Clock(UTC))


@pytest.fixture
def later() -> Iterator[datetime]:
    """Successive moments after NOW, an hour apart (one per change in a test)."""

    def moments() -> Iterator[datetime]:
        step = 1
        while True:
            yield NOW + timedelta(hours=step)
            step += 1

    return moments()
