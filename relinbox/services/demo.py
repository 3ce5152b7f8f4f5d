"""The demo store: about forty fictional relationships at every stage, relative to today.

Built afresh on every `relinbox --demo` in its own folder (never the user's store), from a
fixed seed, so the same day always gives the same inbox (`RELINBOX_TODAY` pins the day).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from relinbox.core.cadence import DEFAULT_SETTINGS
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
    Provenance,
    Related,
    Snooze,
    Tier,
    Touch,
)
from relinbox.core.store import Store
from relinbox.services.errors import UserError

MARKER = "DEMO-STORE"  # a file that says this folder may be wiped and rebuilt
SEED = 7


@dataclass
class Cast:
    """One demo relationship: who, and where the cadence should find them today."""

    name: str
    org: str
    title: str
    tier: str = "B"
    counted: int = 0  # counted touches to generate
    inbound: int = 0  # of which they started
    late: int = 0  # days past the cadence due date (negative: due later)
    attempts: int = 0
    tags: tuple[str, ...] = ()
    pinned: str = ""
    notes: tuple[str, ...] = ()
    followup: tuple[int, str] | None = None  # (days from today, reason)
    birthday_in: int | None = None  # birthday this many days from today
    dates: tuple[tuple[str, int, bool], ...] = ()  # (label, days from today, yearly)
    asks: int = 0
    gives: int = 0
    snooze_in: int | None = None
    archived: bool = False
    extra: dict[str, str] = field(default_factory=dict)


CAST: tuple[Cast, ...] = (
    # building: every step of the first 7–9 touches
    Cast("Maya Okafor", "Lumen Analytics", "CFO", "A", 0, 0, 0, tags=("prospect",),
         pinned="Introduced by Tom Reyes at the Lisbon summit."),
    Cast("Henrik Lund", "Nordlys Shipping", "Head of Treasury", "B", 1, 0, 1),
    Cast("Priya Raman", "Kestrel Health", "COO", "A", 2, 1, 0,
         pinned="Prefers WhatsApp over e-mail; mornings only.", followup=(0, "send the "
         "benchmark deck she asked for")),
    Cast("Lucas Moreau", "Atelier Moreau", "Founder", "B", 3, 0, 2, attempts=1),
    Cast("Sofia Marin", "Marin & Vega", "Partner", "B", 4, 1, 0, birthday_in=2),
    Cast("Daniel Kim", "Brightwater Capital", "VP Investments", "A", 5, 2, 4,
         notes=("Daughter Emma starts university in Edinburgh in September.",)),
    Cast("Amara Nwosu", "Sahel Solar", "CEO", "B", 6, 1, -3),
    Cast("Jonas Weber", "Weber Logistik", "Managing Director", "C", 7, 0, 1, attempts=2,
         tags=("logistics",)),
    Cast("Elena Petrova", "Volga Materials", "Procurement Lead", "B", 8, 1, 0, attempts=1),
    # one-way: nine touches, no answer — stop chasing
    Cast("Victor Hale", "Hale Ventures", "Partner", "B", 9, 0, 0, attempts=3, asks=3,
         pinned="Never replied after the March pitch. Don't push."),
    # nurture: kept warm by tier
    Cast("Grace Adeyemi", "Adeyemi Family Office", "Principal", "A", 12, 5, 0,
         pinned="Her son Tobi got into medical school — ask how he is settling in.",
         gives=3, asks=1, dates=(("daughter's wedding", 2, False),)),
    Cast("Tom Reyes", "Reyes Advisory", "Managing Partner", "A", 15, 7, 3, gives=4, asks=1,
         tags=("referrer",), notes=("Sent us three clients this year.",)),
    Cast("Hannah Fischer", "Fischer Bau", "CFO", "B", 10, 4, 0, birthday_in=0),
    Cast("Omar Haddad", "Haddad Trading", "Owner", "B", 9, 3, 12,
         notes=("Fasting during Ramadan — no lunch meetings then.",)),
    Cast("Chloé Laurent", "Maison Laurent", "Director", "B", 11, 4, 35),  # at risk
    Cast("Kenji Watanabe", "Watanabe Precision", "President", "C", 8, 3, -20,
         birthday_in=3),
    Cast("Isabel Costa", "Costa Imobiliária", "Broker", "C", 7, 2, 5),
    Cast("Ravi Shah", "Shah Pharma", "Head of Finance", "A", 14, 6, 1, gives=2, asks=4,
         tags=("client",), followup=(-2, "call back about the quote")),
    Cast("Fatima Zahra", "Atlas Ceramics", "CEO", "B", 10, 5, -30,
         dates=(("joined the firm (10 years)", 1, True),)),
    Cast("Noah Bennett", "Bennett & Co", "Partner", "B", 13, 5, 0,
         followup=(0, "confirm the board dinner"), asks=1, gives=2),
    Cast("Aiko Tanaka", "Sakura Textiles", "Founder", "A", 9, 4, -10, tags=("client",),
         pinned="Allergic to shellfish. Loves jazz — Blue Note tickets worked last year."),
    Cast("Lars Eriksen", "Fjord Energy", "CFO", "B", 8, 2, 8),
    Cast("Zanele Dlamini", "Ubuntu Foods", "MD", "C", 12, 6, -45),
    Cast("Marco Bianchi", "Bianchi Motors", "Owner", "B", 10, 3, 2, snooze_in=2),
    Cast("Ingrid Solberg", "Solberg Legal", "Senior Partner", "A", 16, 8, -12, gives=5),
    Cast("Diego Ramírez", "Andes Mining", "Treasurer", "C", 7, 2, 0, birthday_in=1),
    Cast("Leila Karimi", "Karimi Design", "Principal", "B", 9, 4, -25,
         followup=(3, "send the article on succession planning")),
    Cast("Samuel Osei", "Gold Coast Cocoa", "Director", "B", 7, 2, 20),
    Cast("Nora Lindqvist", "Lindqvist Media", "Publisher", "C", 8, 3, -60),
    Cast("Ethan Brooks", "Brooks Construction", "CEO", "B", 11, 4, -5, gives=1, asks=3),
    Cast("Yuki Mori", "Mori Robotics", "CTO", "A", 10, 5, 6, tags=("client",)),
    Cast("Ana Sousa", "Sousa Vinhos", "Owner", "C", 9, 4, 0,
         dates=(("wedding anniversary", 0, True),)),
    Cast("Felix Wagner", "Wagner Automation", "Head of Sales", "B", 7, 3, -15),
    Cast("Layla Hassan", "Nile Textiles", "Founder", "B", 10, 3, 1),
    Cast("Patrick O'Brien", "Emerald Insurance", "Broker", "C", 12, 5, 9),
    Cast("Mei Chen", "Lotus Biotech", "CFO", "A", 8, 3, 0, birthday_in=5),
    # dormant: nothing for more than three intervals
    Cast("George Whitfield", "Whitfield Estates", "Owner", "B", 8, 2, 150,
         pinned="Retired from the board in spring; still on the charity committee."),
    Cast("Olga Ivanova", "Baltic Freight", "Director", "C", 7, 3, 200),
    # archived: kept for the record, out of the cadence
    Cast("Peter Novak", "Novak Steel", "Former CFO", "B", 9, 3, 0, archived=True),
    Cast("Beatriz Alves", "Alves Consultoria", "Partner", "B", 2, 1, -1),
)


def build_demo(path: Path, *, today: date, now: datetime) -> Store:
    """Wipe and rebuild the demo store at `path`; refuse to touch any other store."""
    if path.exists() and any(path.iterdir()) and not (path / MARKER).exists():
        raise UserError(f"{path} holds data that is not a demo store; not overwriting it")
    shutil.rmtree(path, ignore_errors=True)
    store = Store.open(path)
    (path / MARKER).write_text("Rebuilt by `relinbox --demo`; safe to delete.\n")
    rng = random.Random(SEED)
    tz = now.tzinfo
    with store.batch() as batch:
        for index, cast in enumerate(CAST):
            for record in _records(cast, index, today, tz, rng):
                batch.put(record)
    return store


def _records(cast: Cast, index: int, today: date, tz, rng: random.Random) -> list:
    def at(day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour, rng.choice((0, 15, 30, 45))), tz)

    given, family = cast.name.split(" ", 1)
    slug = cast.name.lower().replace(" ", ".").replace("'", "").replace("é", "e")
    slug = slug.replace("í", "i")
    domain = cast.org.lower().split()[0].replace("&", "").strip(",") + ".example"
    last = today - timedelta(days=_interval(cast) + cast.late)
    touch_days = _touch_days(cast.counted, last)
    first_day = touch_days[0] if touch_days else today - timedelta(days=cast.late)
    created = at(first_day - timedelta(days=rng.randint(3, 20)), 9)
    contact = Contact(
        display_name=cast.name,
        uid=f"demo-{index:02d}-{slug}",
        name=Name(given=given, family=family),
        emails=[ContactPoint(f"{slug}@{domain}", "work", True)],
        phones=[ContactPoint(f"+44 20 7946 {1000 + index * 37:04d}", "mobile", True)]
        if index % 4 else [],
        org=Org(cast.org, cast.title),
        tags=list(cast.tags),
        tier=Tier(cast.tier),
        archived=cast.archived,
        provenance=[Provenance("demo", key=str(index))],
        created_at=created,
        updated_at=created,
    )
    if cast.birthday_in is not None:
        born = today + timedelta(days=cast.birthday_in)
        year = 1960 + index % 25
        contact.birthday = f"--{born:%m-%d}" if index % 3 == 0 else f"{year}-{born:%m-%d}"
    contact.important_dates = [
        ImportantDate(label, (today + timedelta(days=days)).isoformat(), yearly)
        for label, days, yearly in cast.dates
    ]
    if index % 5 == 0:
        contact.related = [Related(rng.choice(("Sam", "Alex", "Kim", "Jo")), "spouse")]
    records: list = [contact]
    channels = list(Channel)[:5]
    inbound_slots = set(rng.sample(range(len(touch_days)), min(cast.inbound, len(touch_days))))
    exchanges = [Exchange.GIVE] * cast.gives + [Exchange.ASK] * cast.asks
    rng.shuffle(exchanges)
    for position, day in enumerate(touch_days):
        inbound = position in inbound_slots
        records.append(
            Touch(
                contact.uid,
                at(day, rng.randint(8, 17)),
                rng.choice(channels),
                direction=Direction.IN if inbound else Direction.OUT,
                duration_seconds=rng.randint(4, 40) * 60 if position % 3 == 0 else None,
                exchange=exchanges[position] if position < len(exchanges) else None,
                note=_touch_note(rng, inbound),
                logged_at=at(day, 18),
            )
        )
    for attempt in range(cast.attempts):
        day = last - timedelta(days=attempt * 4 + 2)
        records.append(
            Touch(contact.uid, at(day, 11), Channel.CALL,
                  outcome=rng.choice((Outcome.NO_ANSWER, Outcome.VOICEMAIL)),
                  logged_at=at(day, 11))
        )
    if cast.pinned:
        records.append(Note(contact.uid, cast.pinned, pinned=True, created_at=created))
    for offset, text in enumerate(cast.notes):
        records.append(Note(contact.uid, text, created_at=at(last - timedelta(days=offset))))
    if cast.followup is not None:
        days, reason = cast.followup
        records.append(
            FollowUp(contact.uid, _working_day(today + timedelta(days=days), today), reason,
                     created_at=at(last, 16))
        )
    if cast.snooze_in is not None:
        due = last + timedelta(days=_interval(cast))
        records.append(
            CadenceSnooze(contact.uid, Snooze(at(today - timedelta(days=1), 9), due,
                                              today + timedelta(days=cast.snooze_in)))
        )
    return records


def _working_day(day: date, today: date) -> date:
    """People promise follow-ups for working days: a weekend date moves away from today
    (back to Friday when past, on to Monday when ahead), so overdue stays overdue."""
    step = timedelta(days=-1 if day < today else 1)
    while day.weekday() >= 5 and day != today:
        day += step
    return day


def _interval(cast: Cast) -> int:
    """The gap the engine will add after the last counted touch (default settings)."""
    settings = DEFAULT_SETTINGS.for_contact(cast.tier)
    if cast.counted == 0:
        return 0
    if cast.counted >= settings.building_target and cast.inbound >= settings.reciprocity_inbound:
        return settings.interval_days
    if cast.counted >= settings.building_max:
        return settings.one_way_checkin_days
    return settings.building_gaps[cast.counted - 1]


def _touch_days(counted: int, last: date) -> list[date]:
    """Touch dates ending on `last`, spaced as the building gaps (then monthly)."""
    gaps = list(DEFAULT_SETTINGS.building_gaps) + [30] * max(0, counted)
    days = [last]
    for gap in reversed(gaps[: counted - 1]):
        days.append(days[-1] - timedelta(days=gap))
    return sorted(days)[-counted:] if counted else []


TOUCH_NOTES_OUT = (
    "Caught up on Q3 numbers.",
    "Shared the market outlook note.",
    "Quick check-in; all well.",
    "Discussed the refinancing timeline.",
    "Sent congratulations on the expansion.",
    "",
)
TOUCH_NOTES_IN = (
    "Called to ask about the new fund.",
    "Wrote back with thanks for the intro.",
    "Invited us to their client evening.",
    "",
)


def _touch_note(rng: random.Random, inbound: bool) -> str:
    return rng.choice(TOUCH_NOTES_IN if inbound else TOUCH_NOTES_OUT)
