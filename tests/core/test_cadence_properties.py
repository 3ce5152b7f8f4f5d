"""Properties of the cadence engine, checked over generated digests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from relinbox.core.cadence import (
    DEFAULT_SETTINGS,
    CadenceSettings,
    PersonalDate,
    Schedule,
    build_inbox,
    contact_status,
    schedule,
    stage_on,
)
from relinbox.core.cadence.dates import days_ahead_table
from relinbox.core.cadence.inbox import priority_key
from relinbox.core.digest import Digest

STABLE = settings(deadline=None, derandomize=True, database=None, max_examples=150)
FEW = settings(deadline=None, derandomize=True, database=None, max_examples=50)  # many digests

ZONES = [ZoneInfo(name) for name in ("UTC", "America/New_York", "Asia/Tokyo", "Pacific/Apia")]
CHANNELS = ["call", "email", "meeting", "message", "social", "gift"]

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
zones = st.sampled_from(ZONES)
setting_choices = st.sampled_from(
    [
        DEFAULT_SETTINGS,
        CadenceSettings.from_mapping(
            {
                "daily_capacity": 3,
                "working_days": ["sun", "mon", "tue", "wed", "thu"],
                "holidays": ["2026-12-24", "2026-12-25", "2026-12-27"],
                "tiers": {"A": {"interval_days": 14, "building_gaps": [1, 1]}},
            },
            source="test",
        ),
    ]
)


def instant(day: date, minutes: int, tz: ZoneInfo) -> str:
    """An ISO instant (stored in UTC, as the store does) at a local time on `day` in `tz`."""
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)
    return local.astimezone(UTC).isoformat()


@st.composite
def digests(draw: st.DrawFn, today: date, tz: ZoneInfo, uid: str = "c") -> Digest:
    counted = draw(st.integers(0, 14))
    inbound = draw(st.integers(0, counted))
    created = today - timedelta(days=draw(st.integers(0, 900)))
    digest = Digest(
        uid=uid,
        display_name=draw(st.sampled_from(["Ada", "bob", "Bob", "Chen", "Émile", "zoë"])),
        tier=draw(st.sampled_from("ABC")),
        archived=draw(st.integers(0, 3)) == 0,
        created_at=instant(created, draw(st.integers(0, 1439)), tz),
        has_email=draw(st.booleans()),
        has_phone=draw(st.booleans()),
        counted=counted,
        inbound=inbound,
        outbound=counted - inbound,
        gives=draw(st.integers(0, 4)),
        asks=draw(st.integers(0, 4)),
        recent_channels=draw(st.lists(st.sampled_from(CHANNELS), max_size=2)),
    )
    if counted:
        last = created + timedelta(days=draw(st.integers(0, (today - created).days)))
        logged = last + timedelta(days=draw(st.integers(0, (today - last).days)))
        digest.last_counted_at = instant(last, draw(st.integers(0, 1439)), tz)
        digest.last_counted_logged_at = instant(logged, 1439, tz)
    if draw(st.booleans()):
        digest.snoozed_until = (today + timedelta(days=draw(st.integers(-20, 60)))).isoformat()
    if draw(st.integers(0, 3)) == 0:
        due = today + timedelta(days=draw(st.integers(-30, 30)))
        digest.followups = [[f"{uid}-f", due.isoformat(), draw(st.sampled_from(["", "call"]))]]
    digest.cadence = draw(
        st.sampled_from(
            [{}, {}, {}, {"paused": True}, {"interval_days": 10}, {"building_target": 3}]
        )
    )
    return digest


@st.composite
def scenario(draw: st.DrawFn) -> tuple[date, ZoneInfo, CadenceSettings, Digest]:
    today = draw(days)
    tz = draw(zones)
    return today, tz, draw(setting_choices), draw(digests(today, tz))


@st.composite
def many(draw: st.DrawFn) -> tuple[date, ZoneInfo, CadenceSettings, list[Digest]]:
    today = draw(days)
    tz = draw(zones)
    count = draw(st.integers(0, 30))
    found = [draw(digests(today, tz, uid=f"u{i:03d}")) for i in range(count)]
    return today, tz, draw(setting_choices), found


def touched(
    digest: Digest, now: datetime, inbound: bool, channel: str, back: int = 0
) -> Digest:
    """The digest after one counted touch logged `now` (that happened `back` days earlier),
    as the store would fold it."""
    return dataclasses.replace(
        digest,
        counted=digest.counted + 1,
        inbound=digest.inbound + inbound,
        outbound=digest.outbound + (not inbound),
        last_counted_at=(now - timedelta(days=back)).isoformat(),
        last_counted_logged_at=now.isoformat(),
        last_touch_at=now.isoformat(),
        recent_channels=[channel, *digest.recent_channels][:2],
        snoozed_until=None,
        cadence=dict(digest.cadence),
    )


@STABLE
@given(scenario())
def test_every_active_contact_has_exactly_one_next_due(case) -> None:
    today, tz, config, digest = case
    plan = schedule(digest, config, tz)
    inactive = digest.archived or config.for_contact(digest.tier, digest.cadence).paused
    assert (plan.next_due is None) == inactive
    status, late = contact_status(plan, today)
    assert late >= 0
    if not inactive:
        assert status in {"upcoming", "due", "overdue", "at-risk", "dormant"}


@STABLE
@given(
    scenario(),
    st.integers(0, 1439),
    st.booleans(),
    st.sampled_from(CHANNELS),
    st.sampled_from([0, 0, 1, 5, 30, 200]),
)
def test_a_counted_touch_never_moves_next_due_before_today(case, minute, inbound, channel, back):
    today, tz, config, digest = case
    before = schedule(digest, config, tz)
    now = datetime.combine(today, time(minute // 60, minute % 60), tzinfo=tz)
    after = schedule(touched(digest, now, inbound, channel, back), config, tz)
    assert after.counted == before.counted + 1
    if after.next_due is None:
        assert before.next_due is None
    elif after.kind == "cadence":
        assert after.next_due > today
        assert contact_status(after, today)[0] == "upcoming"
    else:  # an open follow-up still decides, unchanged by the touch
        assert after.next_due == before.next_due


@STABLE
@given(scenario(), st.integers(-30, 90), st.integers(-400, 400))
def test_a_snooze_never_changes_counted_touches_or_stage(case, until, probe):
    today, tz, config, digest = case
    snoozed = dataclasses.replace(
        digest, snoozed_until=(today + timedelta(days=until)).isoformat()
    )
    before = schedule(digest, config, tz)
    after = schedule(snoozed, config, tz)
    assert (after.counted, after.stage, after.target) == (before.counted, before.stage,
                                                          before.target)
    day = today + timedelta(days=probe)
    assert stage_on(after, day) == stage_on(before, day)


@STABLE
@given(scenario())
def test_cadence_dates_fall_on_working_days(case) -> None:
    _, tz, config, digest = case
    plan = schedule(digest, config, tz)
    if plan.next_due is not None and plan.kind == "cadence" and not plan.snoozed:
        assert config.for_contact(plan.tier).is_working_day(plan.next_due)


@FEW
@given(many())
def test_same_inputs_same_result(case) -> None:
    today, tz, config, found = case
    first = [schedule(d, config, tz) for d in found]
    again = [schedule(dataclasses.replace(d), config, tz) for d in found]
    assert first == again
    one, two = build_inbox(first, today, config), build_inbox(list(reversed(again)), today, config)
    assert one.to_json() == two.to_json()
    assert [i.to_json() for i in one.overflow] == [i.to_json() for i in two.overflow]


@FEW
@given(many())
def test_nothing_due_is_lost(case) -> None:
    today, tz, config, found = case
    plans = [schedule(d, config, tz) for d in found]
    inbox = build_inbox(plans, today, config)
    due = {p.uid for p in plans if p.next_due is not None and p.next_due <= today}
    shown = [i.uid for i in inbox.capped]
    rest = [i.uid for i in inbox.overflow]
    assert len(shown) == min(config.daily_capacity, len(due))
    assert inbox.more == len(rest)
    assert sorted(shown + rest) == sorted(due)
    by_uid: dict[str, Schedule] = {p.uid: p for p in plans}
    keys = [priority_key(by_uid[uid], today) for uid in shown + rest]
    assert keys == sorted(keys)
    assert all(i.status != "upcoming" for i in inbox.all_due())
    for item in inbox.tomorrow:
        assert today < item.due <= inbox.tomorrow_date


@STABLE
@given(days, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
       st.booleans(), st.integers(0, 10))
def test_date_items_appear_within_the_lead(today, when, with_year, lead):
    year = 1960 if with_year else None
    personal = PersonalDate("birthday", "birthday", when.month, when.day, year, True)
    occurs = personal.next_occurrence(today)
    assert occurs is not None
    assert days_ahead_table(today)[personal.lookup_key] == (occurs - today).days
    digest = Digest(
        uid="d",
        display_name="D",
        created_at=instant(today, 600, ZONES[0]),
        dates=[["birthday", "birthday", personal.text, True]],
        cadence={"date_lead_days": lead} if lead else {},
    )
    config = CadenceSettings(date_lead_days=0) if not lead else DEFAULT_SETTINGS
    inbox = build_inbox([schedule(digest, config, ZONES[0])], today, config)
    expected = (occurs - today).days <= lead
    assert [i.due for i in inbox.dates] == ([occurs] if expected else [])
