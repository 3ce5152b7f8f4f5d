"""One contact's schedule: stages, gaps, nurture, one-way, clamps, working days, statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from relinbox.core.cadence import (
    DEFAULT_SETTINGS,
    CadenceSettings,
    Schedule,
    ScheduleError,
    base_stage,
    contact_status,
    schedule,
    stage_on,
    suggest_channel,
)
from relinbox.core.digest import Digest

TZ = ZoneInfo("UTC")
MON = date(2026, 11, 23)  # a Monday
EVERY_DAY = CadenceSettings.from_mapping({"working_days": [1, 2, 3, 4, 5, 6, 7]}, source="t")


def iso(day: date, hour: int = 12) -> str:
    return datetime.combine(day, time(hour), tzinfo=UTC).isoformat()


def make(
    *,
    uid: str = "c1",
    name: str = "Ada Lovelace",
    tier: str = "B",
    counted: int = 0,
    inbound: int = 0,
    last: date | None = None,
    logged: date | None = None,
    created: date = date(2026, 1, 5),
    **extra: Any,
) -> Digest:
    digest = Digest(
        uid=uid,
        display_name=name,
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
        last = last or MON
        digest.last_counted_at = iso(last)
        digest.last_counted_logged_at = iso(logged or last)
    return digest


def plan(digest: Digest, settings: CadenceSettings = EVERY_DAY, tz: Any = TZ) -> Schedule:
    return schedule(digest, settings, tz)


# --- building ----------------------------------------------------------------------------


def test_never_touched_is_due_on_its_creation_day() -> None:
    s = plan(make(created=date(2026, 11, 18)), DEFAULT_SETTINGS)  # a Wednesday
    assert s.next_due == date(2026, 11, 18)
    assert (s.stage, s.counted, s.target, s.progress) == ("building", 0, 7, "0/7")
    assert s.kind == "cadence"
    assert "never-touched" in s.flags
    assert s.last_counted_on is None


def test_never_touched_created_on_saturday_is_due_monday() -> None:
    s = plan(make(created=date(2026, 11, 21)), DEFAULT_SETTINGS)
    assert s.next_due == date(2026, 11, 23)


def test_creation_day_is_taken_in_the_users_zone() -> None:
    digest = make()
    digest.created_at = "2026-11-21T02:30:00+00:00"  # Saturday in UTC, Friday in New York
    assert plan(digest, EVERY_DAY, ZoneInfo("America/New_York")).next_due == date(2026, 11, 20)
    assert plan(digest, EVERY_DAY, TZ).next_due == date(2026, 11, 21)


@pytest.mark.parametrize(
    ("counted", "gap"), [(1, 2), (2, 3), (3, 5), (4, 7), (5, 10), (6, 14), (7, 21), (8, 30)]
)
def test_building_gaps(counted: int, gap: int) -> None:
    s = plan(make(counted=counted, last=MON))
    assert s.stage == "building"
    assert s.next_due == MON + timedelta(days=gap)
    assert s.interval_days == gap
    assert s.last_counted_on == MON


def test_reciprocity_before_seven_does_not_shortcut() -> None:
    s = plan(make(counted=5, inbound=4))
    assert (s.stage, s.progress) == ("building", "5/7")


def test_touch_seven_with_reciprocity_moves_to_nurture() -> None:
    s = plan(make(counted=7, inbound=2, last=MON))
    assert s.stage == "nurture"
    assert s.progress is None
    assert s.next_due == MON + timedelta(days=60)
    assert s.interval_days == 60
    assert "nurture" in s.reason


def test_touch_seven_without_reciprocity_keeps_building_to_nine() -> None:
    s = plan(make(counted=7, inbound=1, last=MON))
    assert (s.stage, s.target, s.progress) == ("building", 9, "7/9")
    assert s.next_due == MON + timedelta(days=21)
    assert "inbound 1/2" in s.reason
    s8 = plan(make(counted=8, inbound=1, last=MON))
    assert (s8.stage, s8.progress) == ("building", "8/9")
    assert s8.reason.startswith("building 8/9")
    assert s8.next_due == MON + timedelta(days=30)


def test_nine_without_reciprocity_is_one_way_with_quarterly_check_in() -> None:
    s = plan(make(counted=9, inbound=1, last=MON))
    assert s.stage == "one-way"
    assert "one-way" in s.flags
    assert s.next_due == MON + timedelta(days=90)
    assert s.interval_days == 90
    later = plan(make(counted=12, inbound=0, last=MON))
    assert later.stage == "one-way"
    assert later.next_due == MON + timedelta(days=90)


def test_one_way_turns_nurture_after_two_replies() -> None:
    s = plan(make(counted=10, inbound=2, last=MON))
    assert s.stage == "nurture"
    assert "one-way" not in s.flags


@pytest.mark.parametrize(
    ("counted", "inbound", "stage", "target"),
    [
        (0, 0, "building", 7),
        (6, 2, "building", 7),
        (7, 2, "nurture", 7),
        (7, 1, "building", 9),
        (8, 0, "building", 9),
        (8, 2, "nurture", 7),
        (9, 1, "one-way", 9),
        (9, 2, "nurture", 7),
        (30, 1, "one-way", 9),
        (30, 5, "nurture", 7),
    ],
)
def test_stage_is_a_function_of_counts(counted: int, inbound: int, stage: str, target: int) -> None:
    assert base_stage(counted, inbound, DEFAULT_SETTINGS) == (stage, target)


# --- nurture and overrides ---------------------------------------------------------------


@pytest.mark.parametrize(("tier", "days"), [("A", 30), ("B", 60), ("C", 90)])
def test_nurture_per_tier(tier: str, days: int) -> None:
    s = plan(make(tier=tier, counted=8, inbound=3, last=MON))
    assert s.next_due == MON + timedelta(days=days)


def test_nurture_per_contact_override() -> None:
    s = plan(make(tier="C", counted=8, inbound=3, last=MON, cadence={"interval_days": 14}))
    assert s.next_due == MON + timedelta(days=14)


def test_tier_table_from_config() -> None:
    settings = CadenceSettings.from_mapping(
        {"working_days": [1, 2, 3, 4, 5, 6, 7], "tiers": {"A": {"interval_days": 21}}},
        source="cfg",
    )
    s = plan(make(tier="A", counted=8, inbound=3, last=MON), settings)
    assert s.next_due == MON + timedelta(days=21)


def test_building_overrides() -> None:
    custom = {
        "building_gaps": [1, 1, 1],
        "building_target": 4,
        "reciprocity_inbound": 1,
        "one_way_checkin_days": 30,
    }
    assert plan(make(counted=3, last=MON, cadence=custom)).next_due == MON + timedelta(days=1)
    assert plan(make(counted=4, inbound=1, cadence=custom)).stage == "nurture"
    one_way = plan(make(counted=9, inbound=0, last=MON, cadence=custom))
    assert one_way.stage == "one-way"
    assert one_way.next_due == MON + timedelta(days=30)


# --- backdated touches, working days -----------------------------------------------------


def test_backdated_touch_is_due_the_day_after_it_was_logged() -> None:
    # a call from three weeks ago, logged today: building gap 2 would be long past
    s = plan(make(counted=1, last=MON - timedelta(days=21), logged=MON))
    assert s.next_due == MON + timedelta(days=1)
    assert s.last_counted_on == MON - timedelta(days=21)


def test_backdated_touch_keeps_a_later_cadence_date() -> None:
    s = plan(make(counted=8, inbound=2, last=MON - timedelta(days=20), logged=MON))
    assert s.next_due == MON + timedelta(days=40)


def test_touch_logged_in_time_is_not_clamped() -> None:
    s = plan(make(counted=1, last=MON, logged=MON))
    assert s.next_due == MON + timedelta(days=2)


def test_due_on_weekend_rolls_to_monday() -> None:
    thursday = date(2026, 11, 19)
    s = plan(make(counted=1, last=thursday), DEFAULT_SETTINGS)  # +2 = Saturday
    assert s.next_due == date(2026, 11, 23)
    friday = date(2026, 11, 20)
    s = plan(make(counted=2, last=friday), DEFAULT_SETTINGS)  # +3 = Monday
    assert s.next_due == date(2026, 11, 23)


def test_due_on_holiday_rolls_past_it() -> None:
    settings = CadenceSettings.from_mapping(
        {"holidays": ["2026-11-23", "2026-11-24"]}, source="cfg"
    )
    s = plan(make(counted=1, last=date(2026, 11, 19)), settings)
    assert s.next_due == date(2026, 11, 25)


def test_custom_working_week() -> None:
    settings = CadenceSettings.from_mapping(
        {"working_days": ["sun", "mon", "tue", "wed", "thu"]}, source="cfg"
    )
    s = plan(make(counted=1, last=date(2026, 11, 18)), settings)  # +2 = Friday
    assert s.next_due == date(2026, 11, 22)  # Sunday


# --- snooze and follow-ups ---------------------------------------------------------------


def test_snooze_replaces_the_cadence_due() -> None:
    digest = make(counted=3, inbound=1, last=MON, snoozed_until="2026-12-19")
    s = plan(digest, DEFAULT_SETTINGS)
    assert s.next_due == date(2026, 12, 19)  # the user's date is kept, even a Saturday
    assert s.cadence_due == date(2026, 12, 19)
    assert s.kind == "cadence"
    assert s.snoozed and "snoozed" in s.reason
    assert (s.stage, s.counted) == ("building", 3)


def test_follow_up_overrides_cadence_while_open() -> None:
    digest = make(
        counted=3,
        last=MON,
        snoozed_until="2026-12-01",
        followups=[["f2", "2027-01-10", "second"], ["f1", "2026-12-20", "send the quote"]],
    )
    s = plan(digest)
    assert s.next_due == date(2026, 12, 20)
    assert (s.kind, s.reason, s.followup_uid) == ("follow-up", "send the quote", "f1")
    assert s.cadence_due == date(2026, 12, 1)


def test_follow_up_without_reason() -> None:
    s = plan(make(followups=[["f1", "2026-11-20", ""]]))
    assert s.reason == "follow-up"
    assert s.next_due == date(2026, 11, 20)


def test_follow_up_earlier_than_cadence_wins_too() -> None:
    s = plan(make(counted=8, inbound=2, last=MON, followups=[["f", "2026-11-24", "call"]]))
    assert s.next_due == date(2026, 11, 24)
    assert s.cadence_due == MON + timedelta(days=60)


# --- archived and paused -----------------------------------------------------------------


def test_archived_has_no_next_due() -> None:
    s = plan(make(counted=3, archived=True, followups=[["f", "2026-11-24", "x"]]))
    assert s.next_due is None and s.cadence_due is None
    assert stage_on(s, MON) == "archived"
    assert contact_status(s, MON) == ("archived", 0)
    assert s.date_keys == ()


def test_paused_has_no_next_due() -> None:
    s = plan(make(counted=3, cadence={"paused": True}))
    assert s.next_due is None
    assert contact_status(s, MON) == ("paused", 0)
    assert stage_on(s, MON) == "building"
    assert "paused" in s.flags


def test_paused_tier() -> None:
    settings = CadenceSettings.from_mapping({"tiers": {"C": {"paused": True}}}, source="cfg")
    assert plan(make(tier="C"), settings).next_due is None
    assert plan(make(tier="B"), settings).next_due is not None


# --- channel and reciprocity -------------------------------------------------------------


@pytest.mark.parametrize(
    ("recent", "phone", "email", "expected"),
    [
        ([], True, True, "call"),
        (["call"], True, True, "email"),
        (["call", "email"], True, True, "meeting"),
        (["meeting", "call"], True, True, "email"),
        ([], False, True, "email"),
        (["email"], False, True, "meeting"),
        ([], False, False, "meeting"),
    ],
)
def test_channel_suggestion(recent: list[str], phone: bool, email: bool, expected: str) -> None:
    digest = make(recent_channels=recent)
    digest.has_phone, digest.has_email = phone, email
    assert plan(digest).suggested_channel == expected


def test_channel_fallback_and_impossible() -> None:
    assert suggest_channel(["call", "email"], True, True, ("call", "email")) == "call"
    assert suggest_channel([], False, False, ("call", "email", "message")) is None
    assert suggest_channel(["email"], True, True, ("email", "social")) == "social"


def test_asks_more_than_gives_is_flagged() -> None:
    s = plan(make(counted=3, inbound=1, gives=1, asks=3))
    assert "asks>gives" in s.flags
    assert (s.inbound, s.outbound, s.gives, s.asks) == (1, 2, 1, 3)
    assert "asks>gives" not in plan(make(counted=3, gives=2, asks=2)).flags


# --- statuses ----------------------------------------------------------------------------


def test_upcoming_due_overdue_at_risk() -> None:
    s = plan(make(counted=3, last=MON))  # gap 5: due MON+5; at risk when > 2.5 days late
    due = MON + timedelta(days=5)
    assert contact_status(s, due - timedelta(days=1)) == ("upcoming", 0)
    assert contact_status(s, due) == ("due", 0)
    assert contact_status(s, due + timedelta(days=2)) == ("overdue", 2)
    assert contact_status(s, due + timedelta(days=3)) == ("at-risk", 3)


def test_nurture_at_risk_after_half_the_interval() -> None:
    s = plan(make(counted=8, inbound=2, last=MON))
    due = MON + timedelta(days=60)
    assert contact_status(s, due + timedelta(days=30)) == ("overdue", 30)
    assert contact_status(s, due + timedelta(days=31)) == ("at-risk", 31)


def test_never_touched_at_risk_uses_tier_interval() -> None:
    s = plan(make(tier="A", created=MON))
    assert contact_status(s, MON + timedelta(days=15)) == ("overdue", 15)
    assert contact_status(s, MON + timedelta(days=16)) == ("at-risk", 16)


def test_at_risk_fraction_configurable() -> None:
    settings = CadenceSettings.from_mapping(
        {"working_days": [1, 2, 3, 4, 5, 6, 7], "at_risk_fraction": 2}, source="cfg"
    )
    s = plan(make(counted=3, last=MON), settings)
    assert contact_status(s, MON + timedelta(days=15)) == ("overdue", 10)
    assert contact_status(s, MON + timedelta(days=16)) == ("at-risk", 11)


def test_dormant_after_three_intervals_without_a_counted_touch() -> None:
    s = plan(make(counted=8, inbound=2, last=MON))  # tier B: 3 × 60 days
    assert s.dormant_after == MON + timedelta(days=180)
    assert stage_on(s, MON + timedelta(days=179)) == "nurture"
    assert contact_status(s, MON + timedelta(days=179))[0] == "at-risk"
    assert stage_on(s, MON + timedelta(days=180)) == "dormant"
    assert contact_status(s, MON + timedelta(days=180)) == ("dormant", 120)


def test_never_touched_goes_dormant_from_creation() -> None:
    s = plan(make(tier="A", created=MON))
    assert stage_on(s, MON + timedelta(days=89)) == "building"
    assert stage_on(s, MON + timedelta(days=90)) == "dormant"


def test_dormant_intervals_override() -> None:
    s = plan(make(counted=8, inbound=2, last=MON, cadence={"dormant_intervals": 2}))
    assert s.dormant_after == MON + timedelta(days=120)


def test_snoozed_dormant_contact_is_upcoming_but_still_dormant() -> None:
    later = MON + timedelta(days=400)
    s = plan(make(counted=8, inbound=2, last=MON, snoozed_until=later.isoformat()))
    today = MON + timedelta(days=300)
    assert contact_status(s, today) == ("upcoming", 0)
    assert stage_on(s, today) == "dormant"


def test_follow_up_status_is_never_dormant() -> None:
    s = plan(make(counted=8, inbound=2, last=MON, followups=[["f", "2026-12-01", "x"]]))
    assert contact_status(s, MON + timedelta(days=400))[0] == "at-risk"


# --- data problems and output ------------------------------------------------------------


def test_bad_instant_names_contact_and_field() -> None:
    digest = make(counted=1)
    digest.last_counted_at = "last tuesday"
    with pytest.raises(ScheduleError, match=r"c1.*last_counted_at"):
        plan(digest)
    with pytest.raises(ScheduleError, match="snoozed_until"):
        plan(make(snoozed_until="soon"))
    with pytest.raises(ScheduleError, match="follow-up"):
        plan(make(followups=[["f", "someday", ""]]))


def test_missing_creation_time_is_due_and_dormant() -> None:
    digest = make()
    digest.created_at = ""
    s = plan(digest)
    assert s.next_due is not None
    assert stage_on(s, MON) == "dormant"


def test_to_json_is_plain_data() -> None:
    s = plan(make(counted=2, last=MON, dates=[["birthday", "birthday", "--02-29", True]]))
    data = s.to_json()
    assert data["next_due"] == (MON + timedelta(days=3)).isoformat()
    assert data["progress"] == "2/7"
    assert data["dates"] == [
        {"kind": "birthday", "label": "birthday", "date": "--02-29", "yearly": True}
    ]
    assert data["last_counted_on"] == MON.isoformat()


def test_counted_without_a_last_touch_time_falls_back_to_creation() -> None:
    digest = make(counted=3, created=MON)
    digest.last_counted_at = None
    s = plan(digest)
    assert s.next_due == MON
    assert "never-touched" not in s.flags
    assert s.reason == "building 3/7"


def test_bad_creation_time() -> None:
    digest = make()
    digest.created_at = "yesterday"
    with pytest.raises(ScheduleError, match="created_at"):
        plan(digest)


def test_logged_later_the_same_utc_day_can_be_the_next_local_day() -> None:
    digest = make(counted=1, cadence={"building_gaps": [1]})
    digest.last_counted_at = "2026-11-23T01:00:00+00:00"  # 06:00 on the 23rd in Karachi
    digest.last_counted_logged_at = "2026-11-23T23:00:00+00:00"  # 04:00 on the 24th
    s = plan(digest, EVERY_DAY, ZoneInfo("Asia/Karachi"))
    assert s.next_due == date(2026, 11, 25)
    assert plan(digest, EVERY_DAY, TZ).next_due == date(2026, 11, 24)


def test_bad_logged_time() -> None:
    digest = make(counted=1, last=MON, logged=MON)
    digest.last_counted_logged_at = "later"
    with pytest.raises(ScheduleError, match="last_counted_logged_at"):
        plan(digest)
