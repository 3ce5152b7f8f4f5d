"""Today's inbox: capacity, order, personal dates, tomorrow, JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from relinbox.core.cadence import (
    DEFAULT_SETTINGS,
    CadenceSettings,
    Inbox,
    Schedule,
    build_inbox,
    due_items,
    parse_personal_dates,
    schedule,
)
from relinbox.core.cadence.dates import days_ahead_table
from relinbox.core.digest import Digest

TZ = ZoneInfo("UTC")
MON = date(2026, 11, 23)  # a Monday
FRI = date(2026, 11, 27)
EVERY_DAY = CadenceSettings.from_mapping({"working_days": [1, 2, 3, 4, 5, 6, 7]}, source="t")


def iso(day: date, hour: int = 12) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


def make(
    *,
    uid: str = "c1",
    name: str | None = None,
    tier: str = "B",
    counted: int = 0,
    inbound: int = 0,
    last: date | None = None,
    created: date = date(2026, 11, 2),
    **extra: Any,
) -> Digest:
    digest = Digest(
        uid=uid,
        display_name=name or f"Contact {uid}",
        tier=tier,
        created_at=iso(created),
        has_email=True,
        has_phone=True,
        counted=counted,
        inbound=inbound,
        outbound=counted - inbound,
        **extra,
    )
    if counted:
        digest.last_counted_at = digest.last_counted_logged_at = iso(last or MON)
    return digest


def plans(*digests: Digest, settings: CadenceSettings = DEFAULT_SETTINGS) -> list[Schedule]:
    return [schedule(d, settings, TZ) for d in digests]


def inbox_of(
    *digests: Digest, today: date = MON, settings: CadenceSettings = DEFAULT_SETTINGS
) -> Inbox:
    return build_inbox(plans(*digests, settings=settings), today, settings)


def dated(uid: str, when: str, *, kind: str = "birthday", label: str = "birthday",
          yearly: bool = True, **extra: Any) -> Digest:
    # touched today, so the cadence item does not get in the way of the date items
    return make(uid=uid, counted=1, dates=[[kind, label, when, yearly]], **extra)


# --- capacity and order ------------------------------------------------------------------


def test_capacity_twelve_with_more_and_overflow() -> None:
    digests = [make(uid=f"c{i:02d}", created=MON - timedelta(days=i)) for i in range(20)]
    inbox = inbox_of(*digests, settings=EVERY_DAY)
    assert len(inbox.items) == 12
    assert inbox.more == 8
    assert len(inbox.overflow) == 8
    # most overdue first: the oldest contacts fill the day
    assert [i.uid for i in inbox.items] == [f"c{i:02d}" for i in range(19, 7, -1)]
    assert [i.uid for i in inbox.overflow] == [f"c{i:02d}" for i in range(7, -1, -1)]
    every = inbox.all_due()
    assert len({i.uid for i in every}) == 20


def test_capacity_configurable() -> None:
    settings = CadenceSettings.from_mapping({"daily_capacity": 3}, source="cfg")
    inbox = inbox_of(*(make(uid=f"c{i}") for i in range(5)), settings=settings)
    assert (len(inbox.items), inbox.more) == (3, 2)


def test_under_capacity_has_no_overflow() -> None:
    inbox = inbox_of(make(uid="a"), make(uid="b"))
    assert inbox.more == 0
    assert inbox.overflow == ()


def test_priority_order() -> None:
    digests = [
        make(uid="c-late", tier="C", created=MON - timedelta(days=20)),
        make(uid="b-zed", name="Zed", tier="B", created=MON - timedelta(days=3)),
        make(uid="b-amy", name="amy", tier="B", created=MON - timedelta(days=3)),
        make(uid="b-older", name="Bob", tier="B", created=MON - timedelta(days=10)),
        # dormant: tier B, no counted touch for 180+ days
        make(uid="b-dormant", tier="B", counted=8, inbound=3, last=MON - timedelta(days=200)),
        make(uid="a-one", tier="A", created=MON - timedelta(days=1)),
        make(uid="fu-late", tier="C", followups=[["f1", "2026-11-24", "x"]], counted=1),
        make(uid="fu-early", tier="C", followups=[["f2", "2026-11-20", "y"]], counted=1),
        make(uid="fu-a", tier="A", followups=[["f3", "2026-11-20", "z"]], counted=1),
    ]
    inbox = inbox_of(*digests, today=date(2026, 11, 25))
    assert [i.uid for i in inbox.items] == [
        "fu-a",  # follow-ups first, by due, then tier
        "fu-early",
        "fu-late",
        "a-one",  # then tier A
        "b-older",  # tier B: most overdue first
        "b-amy",  # same day: by name, case-insensitively
        "b-zed",
        "b-dormant",  # dormant after the others of its tier
        "c-late",
    ]
    statuses = {i.uid: i.status for i in inbox.items}
    assert statuses["b-dormant"] == "dormant"
    assert statuses["fu-late"] == "overdue"
    assert {i.uid: i.kind for i in inbox.items}["fu-a"] == "follow-up"


def test_upcoming_items_stay_out_of_today() -> None:
    inbox = inbox_of(make(uid="soon", counted=2, last=MON))  # due Thursday
    assert inbox.items == ()


def test_archived_and_paused_never_appear() -> None:
    inbox = inbox_of(make(uid="arch", archived=True), make(uid="p", cadence={"paused": True}))
    assert inbox.items == () and inbox.more == 0


def test_due_items_lists_everything_in_order() -> None:
    digests = [make(uid=f"c{i:02d}", created=MON - timedelta(days=i)) for i in range(15)]
    items = due_items(plans(*digests), MON)
    inbox = inbox_of(*digests)
    assert [i.uid for i in items] == [i.uid for i in inbox.all_due()]


# --- item content ------------------------------------------------------------------------


def test_item_json_has_the_documented_keys() -> None:
    inbox = inbox_of(make(uid="x", counted=3, inbound=1, last=MON - timedelta(days=10)))
    (item,) = inbox.items
    data = item.to_json()
    assert {
        "uid": "x",
        "display_name": "Contact x",
        "kind": "cadence",
        "due": "2026-11-18",
        "status": "at-risk",
        "stage": "building",
        "counted_touches": 3,
        "reason": "building 3/7",
        "overdue_days": 5,
        "target": 7,
        "progress": "3/7",
        "suggested_channel": "call",
        "tier": "B",
        "followup_uid": None,
    }.items() <= data.items()


def test_follow_up_item() -> None:
    inbox = inbox_of(make(uid="x", followups=[["f9", "2026-11-23", "send the quote"]]))
    (item,) = inbox.items
    assert (item.kind, item.reason, item.followup_uid, item.status) == (
        "follow-up", "send the quote", "f9", "due"
    )


def test_inbox_json() -> None:
    inbox = inbox_of(make(uid="a"), today=FRI)
    data = inbox.to_json()
    assert data["date"] == "2026-11-27"
    assert data["more"] == 0
    assert data["tomorrow"]["date"] == "2026-11-30"
    assert [i["uid"] for i in data["items"]] == ["a"]


# --- tomorrow ----------------------------------------------------------------------------


def test_tomorrow_is_the_next_working_day() -> None:
    digests = [
        make(uid="sat-fu", followups=[["f", "2026-11-28", "weekend call"]], counted=1),
        make(uid="mon", counted=2, last=date(2026, 11, 25)),  # +3 = Sat → Mon 30
        make(uid="tue", counted=3, last=date(2026, 11, 26)),  # +5 = Tue 1 Dec
        make(uid="today", created=FRI),
    ]
    inbox = inbox_of(*digests, today=FRI)
    assert inbox.tomorrow_date == date(2026, 11, 30)
    assert [i.uid for i in inbox.tomorrow] == ["sat-fu", "mon"]
    assert all(i.status == "upcoming" for i in inbox.tomorrow)
    assert [i.uid for i in inbox.items] == ["today"]


def test_tomorrow_skips_holidays() -> None:
    settings = CadenceSettings.from_mapping({"holidays": ["2026-11-24"]}, source="cfg")
    inbox = inbox_of(make(uid="a"), settings=settings)
    assert inbox.tomorrow_date == date(2026, 11, 25)


# --- personal dates ----------------------------------------------------------------------


@pytest.mark.parametrize(("ahead", "shown"), [(-1, False), (0, True), (3, True), (4, False)])
def test_dates_enter_three_days_ahead(ahead: int, shown: bool) -> None:
    day = MON + timedelta(days=ahead)
    inbox = inbox_of(dated("d", f"1966-{day:%m-%d}"))
    assert bool(inbox.dates) is shown


def test_date_item_on_the_day_and_ahead() -> None:
    birthday = dated("d", "1966-11-26")
    ahead = inbox_of(birthday).dates[0]
    assert (ahead.kind, ahead.status, ahead.due) == ("date", "upcoming", date(2026, 11, 26))
    assert ahead.reason == "birthday (turns 60) on Thu"
    assert ahead.date_kind == "birthday"
    on_day = inbox_of(birthday, today=date(2026, 11, 26)).dates[0]
    assert (on_day.status, on_day.reason) == ("due", "birthday (turns 60)")


def test_date_reasons() -> None:
    inbox = inbox_of(
        dated("a", "2016-11-24", kind="anniversary", label="anniversary"),
        dated("b", "2026-11-25", kind="date", label="daughter's wedding", yearly=False),
        dated("c", "--11-23"),
        dated("d", "2025-11-23", kind="anniversary", label="anniversary"),
    )
    reasons = {i.uid: i.reason for i in inbox.dates}
    assert reasons == {
        "a": "anniversary (10 years) on Tue",
        "b": "daughter's wedding on Wed",
        "c": "birthday",
        "d": "anniversary (1 year)",
    }
    assert [i.uid for i in inbox.dates] == ["c", "d", "a", "b"]  # soonest first


def test_one_off_date_only_in_its_year() -> None:
    wedding = dated("w", "2026-11-25", kind="date", label="wedding", yearly=False)
    assert inbox_of(wedding).dates
    assert not inbox_of(wedding, today=date(2027, 11, 23)).dates
    recurring = dated("w", "--11-25", kind="date", label="wedding", yearly=False)
    assert inbox_of(recurring, today=date(2027, 11, 23)).dates  # no year: it recurs


def test_leap_day_birthday() -> None:
    leapling = dated("l", "1996-02-29")
    # non-leap year: celebrated on 28 February
    item = inbox_of(leapling, today=date(2027, 2, 25)).dates[0]
    assert (item.due, item.status) == (date(2027, 2, 28), "upcoming")
    assert item.reason == "birthday (turns 31) on Sun"
    assert inbox_of(leapling, today=date(2027, 2, 28)).dates[0].status == "due"
    assert not inbox_of(leapling, today=date(2027, 3, 1)).dates
    # leap year: on the 29th, not the 28th
    assert inbox_of(leapling, today=date(2028, 2, 28)).dates[0].due == date(2028, 2, 29)
    assert inbox_of(leapling, today=date(2028, 2, 29)).dates[0].status == "due"
    assert not inbox_of(dated("l", "--02-29"), today=date(2028, 3, 1)).dates


def test_dates_do_not_use_capacity() -> None:
    settings = CadenceSettings.from_mapping({"daily_capacity": 1}, source="cfg")
    digests = [make(uid=f"c{i}", dates=[["birthday", "birthday", "--11-24", True]])
               for i in range(4)]
    inbox = inbox_of(*digests, settings=settings)
    assert len(inbox.capped) == 1 and inbox.more == 3
    assert len(inbox.dates) == 4
    assert inbox.items[0].kind == "cadence"  # capped items first, then dates


def test_archived_contacts_get_no_date_items_paused_do() -> None:
    archived = dated("a", "--11-23", archived=True)
    paused = dated("p", "--11-23", cadence={"paused": True})
    assert [i.uid for i in inbox_of(archived, paused).dates] == ["p"]


def test_date_lead_days_per_contact() -> None:
    early = dated("e", "--11-30", cadence={"date_lead_days": 7})
    assert inbox_of(early).dates
    assert not inbox_of(dated("x", "--11-30")).dates


def test_bad_personal_dates_are_skipped() -> None:
    rows = [["birthday", "birthday", "1990-13-01", True], ["date", "x", "--02-30", True],
            ["birthday"], ["anniversary", "anniversary", "--03-04", True]]
    parsed = parse_personal_dates(rows)
    assert [(p.month, p.day, p.year) for p in parsed] == [(3, 4, None)]


def test_days_ahead_table() -> None:
    table = days_ahead_table(date(2027, 2, 27))
    assert table[(2, 28)] == 1
    assert table[(2, 29)] == 1  # 2027 is not a leap year
    assert table[(2, 27)] == 0
    assert table[(2, 26)] == 364
    assert table[date(2027, 3, 1).toordinal()] == 2
