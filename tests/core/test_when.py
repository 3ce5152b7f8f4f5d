"""The WHEN grammar: dates, moments and their descriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relinbox.core.when import WhenError, describe, parse_moment, parse_when, relative

MON = date(2026, 11, 23)  # a Monday
THU = date(2026, 11, 26)
SUN = date(2026, 11, 29)
LONDON = ZoneInfo("Europe/London")
STABLE = settings(deadline=None, derandomize=True, database=None)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))

WEEKDAYS = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-25", date(2026, 12, 25)),
        ("today", MON),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("  TOMORROW ", date(2026, 11, 24)),
        ("thu", THU),
        ("Thursday", THU),
        ("mon", date(2026, 11, 30)),  # strictly after today
        ("tues", date(2026, 11, 24)),
        ("next fri", date(2026, 12, 4)),
        ("Next  Friday", date(2026, 12, 4)),
        ("next mon", date(2026, 11, 30)),
        ("last fri", date(2026, 11, 20)),
        ("last mon", date(2026, 11, 16)),
        ("+3d", date(2026, 11, 26)),
        ("3d", date(2026, 11, 26)),
        ("3D", date(2026, 11, 26)),
        ("0d", MON),
        ("2w", date(2026, 12, 7)),
        ("1m", date(2026, 12, 23)),
        ("1y", date(2027, 11, 23)),
        ("-2d", date(2026, 11, 21)),
        ("- 1w", date(2026, 11, 16)),
        ("3 days", date(2026, 11, 26)),
        ("in 3 days", date(2026, 11, 26)),
        ("in 1 week", date(2026, 11, 30)),
        ("in 2 months", date(2027, 1, 23)),
        ("3 days ago", date(2026, 11, 20)),
        ("2 weeks ago", date(2026, 11, 9)),
        ("1 year ago", date(2025, 11, 23)),
    ],
)
def test_forms(text: str, expected: date) -> None:
    assert parse_when(text, MON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thu", date(2026, 11, 19)),  # most recent strictly before today
        ("mon", date(2026, 11, 16)),
        ("sun", date(2026, 11, 22)),
        ("3d", date(2026, 11, 20)),  # unsigned offsets go back
        ("1m", date(2026, 10, 23)),
        ("+3d", date(2026, 11, 26)),  # a sign says its direction
        ("-3d", date(2026, 11, 20)),
        ("last fri", date(2026, 11, 20)),
        ("next fri", date(2026, 12, 4)),
        ("in 3 days", date(2026, 11, 26)),
        ("3 days ago", date(2026, 11, 20)),
        ("today", MON),
        ("yesterday", date(2026, 11, 22)),
        ("2026-11-01", date(2026, 11, 1)),
    ],
)
def test_past_mode(text: str, expected: date) -> None:
    assert parse_when(text, MON, past=True) == expected


def test_next_and_last_use_calendar_weeks_from_sunday() -> None:
    # Sunday ends the ISO week: "next fri" is in the week starting tomorrow
    assert parse_when("next fri", SUN) == date(2026, 12, 4)
    assert parse_when("fri", SUN) == date(2026, 12, 4)
    assert parse_when("last fri", SUN) == date(2026, 11, 20)
    assert parse_when("next sun", SUN) == date(2026, 12, 6)


@pytest.mark.parametrize(
    ("anchor", "text", "expected"),
    [
        (date(2026, 1, 31), "1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "-1m", date(2026, 2, 28)),
        (date(2026, 8, 31), "1m", date(2026, 9, 30)),
        (date(2028, 2, 29), "1y", date(2029, 2, 28)),
        (date(2028, 2, 29), "4y", date(2032, 2, 29)),
        (date(2026, 12, 31), "2d", date(2027, 1, 2)),
        (date(2026, 12, 15), "1m", date(2027, 1, 15)),
    ],
)
def test_month_ends(anchor: date, text: str, expected: date) -> None:
    assert parse_when(text, anchor) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "next", "next week", "next 3d", "fri next", "3x", "3 fortnights",
     "26/11/2026", "2026-11-26T10:00", "++3d", "thursdayy", "in days", "ago"],
)
def test_errors_list_the_forms(text: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse_when(text, MON)
    message = str(caught.value)
    for form in ("YYYY-MM-DD", "tomorrow", "next fri", "+3d", "3 days ago"):
        assert form in message


def test_impossible_dates() -> None:
    with pytest.raises(WhenError, match="not a real date"):
        parse_when("2026-02-30", MON)
    with pytest.raises(WhenError, match="out of range"):
        parse_when("+99999y", MON)
    with pytest.raises(WhenError, match="out of range"):
        parse_when("99999999999d", MON)


def test_when_error_is_value_error() -> None:
    assert issubclass(WhenError, ValueError)
    with pytest.raises(ValueError):
        parse_when(3, MON)  # type: ignore[arg-type]


@STABLE
@given(days, st.integers(0, 6), st.booleans(), st.booleans())
def test_weekday_names(today: date, weekday: int, full: bool, past: bool) -> None:
    text = WEEKDAYS[weekday][full]
    found = parse_when(text.upper() if full else text, today, past=past)
    assert found.weekday() == weekday
    gap = (today - found).days if past else (found - today).days
    assert 1 <= gap <= 7


@STABLE
@given(days, st.integers(0, 6))
def test_next_and_last_weekday(today: date, weekday: int) -> None:
    monday = today - timedelta(days=today.weekday())
    name = WEEKDAYS[weekday][0]
    assert parse_when(f"next {name}", today) == monday + timedelta(days=7 + weekday)
    assert parse_when(f"last {name}", today, past=True) == monday - timedelta(days=7 - weekday)


@STABLE
@given(days, st.integers(0, 2000), st.booleans())
def test_day_offsets(today: date, n: int, past: bool) -> None:
    step = timedelta(days=n)
    assert parse_when(f"+{n}d", today, past=past) == today + step
    assert parse_when(f"-{n}d", today, past=past) == today - step
    assert parse_when(f"{n}d", today, past=past) == (today - step if past else today + step)
    assert parse_when(f"in {n} days", today) == today + step
    assert parse_when(f"{n} days ago", today) == today - step


@STABLE
@given(days, days)
def test_iso_round_trip(today: date, day: date) -> None:
    assert parse_when(day.isoformat(), today) == day


# --- describe ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (THU, "Thu 26 Nov 2026 (in 3 days)"),
        (MON, "Mon 23 Nov 2026 (today)"),
        (date(2026, 11, 24), "Tue 24 Nov 2026 (tomorrow)"),
        (date(2026, 11, 22), "Sun 22 Nov 2026 (yesterday)"),
        (date(2026, 11, 13), "Fri 13 Nov 2026 (10 days ago)"),
        (date(2026, 12, 10), "Thu 10 Dec 2026 (in 2 weeks)"),
        (date(2027, 3, 1), "Mon 1 Mar 2027 (in 3 months)"),
        (date(2025, 11, 1), "Sat 1 Nov 2025 (1 year ago)"),
        (date(2029, 12, 1), "Sat 1 Dec 2029 (in 3 years)"),
    ],
)
def test_describe(day: date, text: str) -> None:
    assert describe(day, MON) == text


def test_relative_singular() -> None:
    assert relative(MON + timedelta(days=7 * 7), MON) == "in 7 weeks"
    assert relative(MON - timedelta(days=14), MON) == "2 weeks ago"
    assert relative(date(2026, 12, 23), MON) == "in 4 weeks"
    assert relative(date(2027, 1, 23), MON) == "in 2 months"


# --- moments -----------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 15, 5, 30, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday", datetime(2026, 11, 22, 15, 5, 30)),
        ("thu", datetime(2026, 11, 19, 15, 5, 30)),
        ("3d", datetime(2026, 11, 20, 15, 5, 30)),
        ("yesterday 14:30", datetime(2026, 11, 22, 14, 30)),
        ("fri at 9:00", datetime(2026, 11, 20, 9, 0)),
        ("14:30", datetime(2026, 11, 23, 14, 30)),
        ("2026-11-20T14:30", datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20 14:30", datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20 9:05", datetime(2026, 11, 20, 9, 5)),
        ("2026-11-20T14:30:15", datetime(2026, 11, 20, 14, 30, 15)),
        ("2026-11-20", datetime(2026, 11, 20, 15, 5, 30)),
    ],
)
def test_moments(text: str, expected: datetime) -> None:
    found = parse_moment(text, NOW, LONDON)
    assert found == expected.replace(tzinfo=LONDON)
    assert found.tzinfo is not None


def test_moment_today_is_now() -> None:
    assert parse_moment("today", NOW, LONDON) == NOW
    assert parse_moment("0d", NOW, LONDON) <= NOW


def test_moment_with_offset_is_converted() -> None:
    found = parse_moment("2026-11-20T14:30+01:00", NOW, LONDON)
    assert found == datetime(2026, 11, 20, 13, 30, tzinfo=LONDON)
    assert parse_moment("2026-11-20T14:30Z", NOW, LONDON).utcoffset() == timedelta(0)


def test_moment_day_is_taken_in_the_users_zone() -> None:
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # still Monday evening in New York
    found = parse_moment("today", now, ZoneInfo("America/New_York"))
    assert found.date() == MON
    assert found == now


@pytest.mark.parametrize(
    "text", ["25:00", "yesterday 24:00", "14:61", "2026-02-30T10:00", "someday 10:00", "", "at"]
)
def test_moment_errors(text: str) -> None:
    with pytest.raises(WhenError):
        parse_moment(text, NOW, LONDON)


def test_moment_error_lists_time_forms() -> None:
    with pytest.raises(WhenError, match="14:30"):
        parse_moment("whenever", NOW, LONDON)


@STABLE
@given(days, st.integers(0, 86399), st.sampled_from(["today", "yesterday", "2d", "fri"]))
def test_moment_is_never_in_the_future_for_past_forms(day: date, seconds: int, text: str):
    now = datetime.combine(day, datetime.min.time(), tzinfo=LONDON) + timedelta(seconds=seconds)
    assert parse_moment(text, now, LONDON) <= now
