"""Build a realistic relinbox store quickly, for benchmarks and for trying the app at scale.

    python bench/make_dataset.py --contacts 10000 --touches 100000 --db /tmp/relinbox-10k

Contacts get names, e-mail addresses, phone numbers, organisations, tiers, birthdays and other
personal dates, tags and notes; touches are spread over about three years before today in both
directions, with mixed channels and outcomes and some gives and asks; some contacts have open
follow-ups or a snoozed cadence, and a few are archived. The same seed gives the same data
(relative to today's date).

Everything is written through `Store.batch()`. Records are grouped by shard and each batch holds
whole shards (a few thousand records), so every shard file is written once or twice.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from relinbox.core.models import (
    Address,
    CadenceSnooze,
    Channel,
    Contact,
    ContactPoint,
    Direction,
    Exchange,
    FollowUp,
    FollowUpStatus,
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

BATCH_RECORDS = 5000
YEARS = 3


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN = _words(
    "Aarav Abigail Adebayo Aiko Alejandro Amara Amelia Ana Andrea Anil Anna Arjun Astrid "
    "Beatriz Benjamin Bianca Bogdan Camille Carlos Charlotte Chen Chiara Chloe Daniel Dario "
    "David Deepa Diego Dmitri Elena Elif Eliza Emeka Emma Erik Esther Fatima Felix Fiona "
    "Francesca Gabriel Grace Hana Hannah Hassan Helena Hiroshi Ibrahim Ines Ingrid Isabel "
    "Ivan Jack Jakub James Javier Jin Joao Jonas Jose Julia Kai Kamala Karin Kenji Kofi "
    "Lars Laura Layla Leila Leon Liam Lin Lucas Lucia Luis Maja Malik Marco Maria Mariam "
    "Mateo Matteo Maya Mei Mia Michael Mohammed Nadia Naomi Nikolai Nina Noah Nora Olga "
    "Oliver Olivia Omar Pablo Patrick Paul Pedro Priya Rachel Rafael Rahul Ravi Rebecca Rosa "
    "Ruth Sakura Samuel Sara Sean Sofia Sophie Stefan Sunita Takeshi Tariq Thomas Tomasz "
    "Valentina Victor Wei William Xin Yara Yusuf Zainab Zoe"
)
FAMILY = _words(
    "Abbott Adeyemi Alvarez Andersen Bauer Becker Bennett Bianchi Brown Campbell Chen Clarke "
    "Costa Cruz Dasgupta Davies Dubois Eriksson Evans Fernandes Fischer Fitzgerald Garcia "
    "Gonzalez Gupta Haddad Hansen Hashimoto Hughes Ivanova Jansen Jensen Johnson Kaur Keller "
    "Khan Kim Kowalski Kumar Larsen Laurent Lee Lewis Lindqvist Lopez Martin Martinez "
    "Meyer Moreau Morris Mueller Murphy Nakamura Nguyen Novak Nowak Obi Okafor Olsen "
    "O'Brien Park Patel Pereira Petrov Popescu Quinn Ramos Reddy Reyes Richter Rossi Russo "
    "Santos Sato Schmidt Schneider Silva Singh Smith Sokolova Suzuki Tanaka Taylor Thomas "
    "Torres Tran Vandenberg Vasquez Wagner Walker Wang Watanabe Weber Williams Wilson "
    "Wong Yamamoto Yilmaz Young Zhang Zimmermann"
)
COMPANIES = (
    "Northwind Capital", "Contoso Partners", "Fabrikam Holdings", "Blue Harbour Advisors",
    "Ironbridge Wealth", "Summit & Vale", "Greenfield Family Office", "Alder Street Legal",
    "Meridian Health", "Lakeside Logistics", "Crescent Foods", "Orbital Software",
    "Harbourview Realty", "Kestrel Engineering", "Silverline Insurance", "Tandem Studios",
    "Quarry Lane Architects", "Bright Path Education", "Redwood Manufacturing", "Atlas Freight",
)
TITLES = (
    "CEO", "CFO", "Founder", "Managing Director", "Partner", "Head of Finance", "Owner",
    "Director of Operations", "General Counsel", "VP Sales", "Consultant", "Retired",
)
CITIES = (
    ("London", "UK", "Europe/London"), ("Manchester", "UK", "Europe/London"),
    ("New York", "US", "America/New_York"), ("Chicago", "US", "America/Chicago"),
    ("San Francisco", "US", "America/Los_Angeles"), ("Toronto", "CA", "America/Toronto"),
    ("Berlin", "DE", "Europe/Berlin"), ("Paris", "FR", "Europe/Paris"),
    ("Madrid", "ES", "Europe/Madrid"), ("Singapore", "SG", "Asia/Singapore"),
    ("Sydney", "AU", "Australia/Sydney"), ("Mumbai", "IN", "Asia/Kolkata"),
)
TAGS = (
    "client", "prospect", "referrer", "golf", "board", "family-office", "retiree", "tech",
    "charity", "alumni", "vip", "estate-planning", "young-family", "business-owner",
)
NOTE_TEXTS = (
    "Prefers a call before 10am; never on Fridays.",
    "Daughter starts university in the autumn — ask how the move went.",
    "Thinking about selling the business within two years.",
    "Met at the regional chamber dinner; introduced by a mutual client.",
    "Plays golf most Saturdays; a round would be welcome.",
    "Wife recovering from surgery; keep it light.",
    "Interested in the estate-planning seminar next quarter.",
    "Assistant handles the diary: book through her.",
    "Sensitive to fees; lead with service, not price.",
    "Vegetarian — remember for lunches.",
    "Moving house in the spring.",
    "Asked for an intro to a good tax lawyer.",
)
TOUCH_NOTES = (
    "", "", "", "", "Quick catch-up.", "Sent the quarterly review.", "Left a message.",
    "Discussed the portfolio.", "Thanked them for the referral.", "Coffee near their office.",
    "Birthday wishes.", "Followed up on the proposal.", "Shared an article they'd like.",
)
FOLLOWUP_REASONS = (
    "send the quote", "call back about the review", "book lunch", "introduce to the lawyer",
    "check in after the move", "send the seminar invite", "confirm the meeting time",
)
RELATIONS = ("spouse", "assistant", "daughter", "son", "partner", "colleague")
CHANNELS = (
    (Channel.EMAIL, 34), (Channel.CALL, 26), (Channel.MEETING, 14), (Channel.MESSAGE, 14),
    (Channel.SOCIAL, 5), (Channel.GIFT, 2), (Channel.REFERRAL, 2), (Channel.INTRO, 2),
    (Channel.OTHER, 1),
)


@dataclass(frozen=True, slots=True)
class DatasetStats:
    contacts: int
    touches: int
    notes: int
    followups: int
    snoozes: int
    archived: int
    seconds: float


def build_dataset(
    path: Path | str,
    contacts: int,
    touches: int,
    seed: int = 1,
    today: date | None = None,
) -> DatasetStats:
    """Create a store at `path` (which must not hold a store yet) and fill it."""
    started = time.perf_counter()
    root = Path(path).expanduser()
    if (root / "meta.json").exists():
        raise FileExistsError(f"{root} already holds a store; give a new folder")
    rng = random.Random(seed)
    today = today or datetime.now(UTC).date()
    now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=8)
    store = Store.open(root)

    people = [_contact(rng, n, now) for n in range(contacts)]
    per_contact = _spread(rng, touches, people)
    by_shard: dict[int, list] = defaultdict(list)
    counts = defaultdict(int)
    for person, count in zip(people, per_contact, strict=True):
        records = [person, *_timeline(rng, person, count, now)]
        for record in records:
            counts[type(record).__name__] += 1
        by_shard[store.shard_number(person.uid)].extend(records)

    pending: list = []
    for number in sorted(by_shard):
        pending.extend(by_shard[number])
        if len(pending) >= BATCH_RECORDS:
            _write(store, pending)
            pending = []
    if pending:
        _write(store, pending)
    return DatasetStats(
        contacts=counts["Contact"],
        touches=counts["Touch"],
        notes=counts["Note"],
        followups=counts["FollowUp"],
        snoozes=counts["CadenceSnooze"],
        archived=sum(person.archived for person in people),
        seconds=time.perf_counter() - started,
    )


def _write(store: Store, records: list) -> None:
    with store.batch() as batch:
        for record in records:
            batch.put(record)


def _spread(rng: random.Random, total: int, people: list[Contact]) -> list[int]:
    """Share `total` touches out unevenly: tier A gets more, some contacts get none."""
    weights = []
    for person in people:
        base = {Tier.A: 3.0, Tier.B: 1.2, Tier.C: 0.5}[person.tier]
        weights.append(0.0 if rng.random() < 0.06 else base * rng.expovariate(1.0))
    scale = sum(weights) or 1.0
    counts = [int(total * w / scale) for w in weights]
    shortfall = total - sum(counts)
    eligible = [i for i, w in enumerate(weights) if w > 0] or list(range(len(people)))
    for index in rng.choices(eligible, k=shortfall) if people else []:
        counts[index] += 1
    return counts


def _contact(rng: random.Random, n: int, now: datetime) -> Contact:
    given = rng.choice(GIVEN)
    family = rng.choice(FAMILY)
    handle = f"{given}.{family}".lower().replace("'", "").replace(" ", "")
    company = rng.choice(COMPANIES)
    domain = company.split()[0].lower().replace("&", "") + ".example.com"
    city, country, zone = rng.choice(CITIES)
    tier = rng.choices((Tier.A, Tier.B, Tier.C), (15, 45, 40))[0]
    created = now - timedelta(days=rng.triangular(0, 365 * YEARS, 365 * YEARS * 0.8))
    emails = []
    if rng.random() < 0.92:
        emails.append(ContactPoint(f"{handle}@{domain}", "work", True))
        if rng.random() < 0.3:
            emails.append(ContactPoint(f"{handle}{n % 97}@mail.example.org", "home"))
    phones = []
    if rng.random() < 0.72:
        number = f"+44 7{rng.randrange(100, 999)} {rng.randrange(100000, 999999)}"
        phones.append(ContactPoint(number, "mobile", True))
    birthday = None
    if rng.random() < 0.6:
        month, day = rng.randrange(1, 13), rng.randrange(1, 29)
        year = rng.randrange(1945, 2000)
        birthday = f"{year if rng.random() < 0.7 else '-'}-{month:02d}-{day:02d}"
    dates = []
    if rng.random() < 0.15:
        dates.append(ImportantDate("joined the firm", f"{rng.randrange(2005, 2024)}-"
                                   f"{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"))
    if rng.random() < 0.05:
        when = now.date() + timedelta(days=rng.randrange(-30, 120))
        dates.append(ImportantDate("daughter's wedding", when.isoformat(), yearly=False))
    return Contact(
        display_name=f"{given} {family}",
        name=Name(given=given, family=family),
        emails=emails,
        phones=phones,
        org=Org(company, rng.choice(TITLES)) if rng.random() < 0.8 else Org(),
        tags=rng.sample(TAGS, rng.choice((0, 1, 1, 2, 2, 3))),
        starred=rng.random() < 0.05,
        birthday=birthday,
        anniversary=(f"{rng.randrange(1970, 2020)}-{rng.randrange(1, 13):02d}-"
                     f"{rng.randrange(1, 29):02d}") if rng.random() < 0.1 else None,
        important_dates=dates,
        related=[Related(rng.choice(GIVEN), rng.choice(RELATIONS))] if rng.random() < 0.25 else [],
        notes=rng.choice(NOTE_TEXTS) if rng.random() < 0.2 else "",
        addresses=[Address("work", f"{rng.randrange(1, 200)} High Street", city,
                           country=country)] if rng.random() < 0.4 else [],
        linkedin=f"https://www.linkedin.com/in/{handle}" if rng.random() < 0.5 else None,
        tier=tier,
        timezone=zone if rng.random() < 0.3 else None,
        cadence={"interval_days": rng.choice((21, 30, 45, 120))} if rng.random() < 0.04 else {},
        archived=rng.random() < 0.02,
        provenance=[Provenance("demo", f"bench-{n}")],
        created_at=created,
        updated_at=created,
    )


def _timeline(rng: random.Random, person: Contact, count: int, now: datetime) -> list:
    records: list = []
    channels, channel_weights = zip(*CHANNELS, strict=True)
    span = max((now - person.created_at).total_seconds(), 3600.0)
    last_counted: datetime | None = None
    for _ in range(count):
        when = person.created_at + timedelta(seconds=rng.random() * span)
        channel = rng.choices(channels, channel_weights)[0]
        direction = Direction.IN if rng.random() < 0.35 else Direction.OUT
        roll = rng.random()
        if direction is Direction.IN or roll < 0.74:
            outcome = Outcome.CONNECTED
        elif channel is Channel.EMAIL:
            outcome = Outcome.BOUNCED
        else:
            outcome = Outcome.VOICEMAIL if roll < 0.88 else Outcome.NO_ANSWER
        exchange_roll = rng.random()
        exchange = (
            Exchange.GIVE if exchange_roll < 0.1 else Exchange.ASK if exchange_roll < 0.17 else None
        )
        duration = (
            rng.randrange(60, 3600)
            if channel in (Channel.CALL, Channel.MEETING) and outcome is Outcome.CONNECTED
            else None
        )
        logged = min(when + timedelta(minutes=rng.randrange(1, 60 * 48)), now)
        records.append(Touch(person.uid, when, channel, direction, outcome, duration, exchange,
                             rng.choice(TOUCH_NOTES), logged_at=logged))
        if outcome is Outcome.CONNECTED and (last_counted is None or logged > last_counted):
            last_counted = logged
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        created = person.created_at + timedelta(seconds=rng.random() * span)
        records.append(Note(person.uid, rng.choice(NOTE_TEXTS), pinned=rng.random() < 0.2,
                            created_at=created))
    if rng.random() < 0.09:  # an open promise, some already late
        due = now.date() + timedelta(days=rng.randrange(-14, 30))
        records.append(FollowUp(person.uid, due, rng.choice(FOLLOWUP_REASONS),
                                created_at=now - timedelta(days=rng.randrange(1, 30))))
    if rng.random() < 0.15:  # kept promises
        due = now.date() - timedelta(days=rng.randrange(30, 700))
        done_at = datetime.combine(due, datetime.min.time(), UTC) + timedelta(hours=11)
        records.append(FollowUp(person.uid, due, rng.choice(FOLLOWUP_REASONS),
                                FollowUpStatus.DONE, created_at=done_at - timedelta(days=7),
                                done_at=done_at))
    if rng.random() < 0.04:  # a cadence snooze after the last conversation
        at = now - timedelta(days=rng.randrange(0, 10))
        if last_counted is None or at > last_counted:
            to_due = now.date() + timedelta(days=rng.randrange(1, 21))
            records.append(CadenceSnooze(person.uid, Snooze(at, now.date(), to_due)))
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, required=True)
    parser.add_argument("--touches", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True, help="a new folder for the store")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        stats = build_dataset(args.db, args.contacts, args.touches, args.seed)
    except FileExistsError as error:
        print(f"make_dataset: {error}", file=sys.stderr)
        return 1
    print(
        f"{args.db}: {stats.contacts} contacts ({stats.archived} archived), {stats.touches} "
        f"touches, {stats.notes} notes, {stats.followups} follow-ups, {stats.snoozes} snoozes "
        f"in {stats.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
