"""The WHEN grammar: how the user writes a date ("thu", "+3d", "next fri", "2026-11-26").

`parse_when` turns text into a calendar date relative to `today`; `parse_moment` does the same
for a moment (for `log --at`), with an optional time of day; `describe` renders a date for
humans: "Thu 26 Nov 2026 (in 3 days)". The grammar is listed in docs/cadence.md and in every
`WhenError` message.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

import pendulum

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "m": "months", "mo": "months", "mos": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
}  # fmt: skip

_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_OFFSET = re.compile(rf"([+-])?\s*(\d+)\s*({_UNIT})")
_IN = re.compile(rf"in\s+(\d+)\s*({_UNIT})")
_AGO = re.compile(rf"(\d+)\s*({_UNIT})\s+ago")
_NEXT_LAST = re.compile(r"(next|last)\s+([a-z]+)")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_WITH_TIME = re.compile(r"(.+?)(?:\s+at\s+|\s+|(?<=\d)t)(\d{1,2}:\d{2}(?::\d{2})?)")
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?")

DATE_FORMS = (
    "YYYY-MM-DD; today, tomorrow, yesterday; a weekday (thu, thursday); next fri, last fri; "
    "an offset (+3d, 3d, 2w, 1m, 1y, -2d); in 3 days; 3 days ago"
)
MOMENT_FORMS = (
    f"{DATE_FORMS}; any of these with a time (yesterday 14:30, fri at 9:00); a time alone "
    "(14:30, today); YYYY-MM-DDTHH:MM or YYYY-MM-DD HH:MM"
)


class WhenError(ValueError):
    """Text that is not a date (or moment) in the WHEN grammar; the message lists the forms."""


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def _shift(anchor: date, amount: int, unit: str) -> date:
    """`anchor` moved by `amount` units (negative goes back). Months and years keep the day
    where it exists and otherwise use the month's last day (31 Jan + 1m = 28/29 Feb)."""
    if unit == "days":
        return anchor + timedelta(days=amount)
    if unit == "weeks":
        return anchor + timedelta(weeks=amount)
    moved = pendulum.Date(anchor.year, anchor.month, anchor.day).add(**{unit: amount})
    return date(moved.year, moved.month, moved.day)


def parse_when(text: str, today: date, *, past: bool = False) -> date:
    """The date `text` names, relative to `today`.

    With `past=True` (dates of things that already happened) a bare weekday is the most recent
    one before today and an unsigned offset counts backwards. Words that say their direction
    ("next", "last", "ago", "in", "+", "-", "tomorrow") mean the same in either mode.
    Raises `WhenError` listing the accepted forms.
    """
    if not isinstance(text, str):
        raise WhenError(f"expected text, not {type(text).__name__}; use {DATE_FORMS}")
    cleaned = _normalise(text)
    try:
        found = _parse_date(cleaned, today, past)
    except (OverflowError, ValueError) as error:
        if isinstance(error, WhenError):
            raise
        raise WhenError(f"{text.strip()!r} is out of range") from None
    if found is None:
        shown = text.strip()
        if not shown:
            raise WhenError(f"no date given; use {DATE_FORMS}")
        raise WhenError(f"can't read {shown!r} as a date; use {DATE_FORMS}")
    return found


def _parse_date(text: str, today: date, past: bool) -> date | None:
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    match = _ISO_DATE.fullmatch(text)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            raise WhenError(f"{text} is not a real date (YYYY-MM-DD)") from None
    weekday = _WEEKDAYS.get(text)
    if weekday is not None:
        if past:  # most recent such day strictly before today
            return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    match = _NEXT_LAST.fullmatch(text)
    if match and match.group(2) in _WEEKDAYS:
        # the day in next / last calendar week (ISO weeks start on Monday)
        monday = today - timedelta(days=today.weekday())
        week = 7 if match.group(1) == "next" else -7
        return monday + timedelta(days=week + _WEEKDAYS[match.group(2)])
    match = _OFFSET.fullmatch(text)
    if match:
        sign, amount, unit = match.groups()
        count = int(amount)
        if sign == "-" or (sign is None and past):
            count = -count
        return _shift(today, count, _UNITS[unit])
    match = _IN.fullmatch(text)
    if match:
        return _shift(today, int(match.group(1)), _UNITS[match.group(2)])
    match = _AGO.fullmatch(text)
    if match:
        return _shift(today, -int(match.group(1)), _UNITS[match.group(2)])
    return None


def parse_moment(text: str, now: datetime, tz: tzinfo) -> datetime:
    """The moment `text` names (for `log --at`), as an aware datetime in `tz`.

    A date in the WHEN grammar is read in past mode and keeps the current time of day; on
    today's date it is never later than `now`. A time may follow ("yesterday 14:30",
    "fri at 9:00") or stand alone ("14:30" is today). ISO date-times ("2026-11-20T14:30",
    "2026-11-20 14:30") are read in `tz` unless they carry an offset.
    """
    if not isinstance(text, str):
        raise WhenError(f"expected text, not {type(text).__name__}; use {MOMENT_FORMS}")
    local_now = now.astimezone(tz)
    today = local_now.date()
    cleaned = _normalise(text)
    if _ISO_INSTANT.fullmatch(cleaned):
        try:
            moment = datetime.fromisoformat(cleaned.upper())
        except ValueError:
            raise WhenError(f"{text.strip()!r} is not a real date and time") from None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=tz)
        return moment.astimezone(tz)

    clock: time | None = None
    day_text = cleaned
    match = _TIME.fullmatch(cleaned)
    if match:
        day_text = "today"
        clock = _clock(match, text)
    else:
        match = _WITH_TIME.fullmatch(cleaned)
        if match:
            time_match = _TIME.fullmatch(match.group(2))
            assert time_match is not None
            day_text = match.group(1)
            clock = _clock(time_match, text)
    try:
        day = _parse_date(day_text, today, True)
    except (OverflowError, ValueError) as error:
        if isinstance(error, WhenError):
            raise
        raise WhenError(f"{text.strip()!r} is out of range") from None
    if day is None:
        shown = text.strip()
        if not shown:
            raise WhenError(f"no date given; use {MOMENT_FORMS}")
        raise WhenError(f"can't read {shown!r} as a date or time; use {MOMENT_FORMS}")
    if clock is not None:
        return datetime.combine(day, clock, tzinfo=tz)
    moment = datetime.combine(day, local_now.time(), tzinfo=tz)
    if day == today and moment > local_now:
        return local_now
    return moment


def _clock(match: re.Match[str], text: str) -> time:
    hour, minute, second = match.groups()
    try:
        return time(int(hour), int(minute), int(second or 0))
    except ValueError:
        raise WhenError(f"{text.strip()!r} has no such time of day (HH:MM, 00:00–23:59)") from None


def describe(day: date, today: date) -> str:
    """A date for humans, relative to `today`: "Thu 26 Nov 2026 (in 3 days)"."""
    return f"{format_day(day)} ({relative(day, today)})"


def format_day(day: date) -> str:
    """"Thu 26 Nov 2026" (English names whatever the locale)."""
    return f"{WEEKDAY_ABBR[day.weekday()]} {day.day} {MONTH_ABBR[day.month - 1]} {day.year}"


def relative(day: date, today: date) -> str:
    """"today", "tomorrow", "in 3 days", "2 weeks ago", "in 3 months", "1 year ago"…"""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    span = abs(days)
    if span < 14:
        amount, unit = span, "day"
    elif span < 60:
        amount, unit = span // 7, "week"
    else:
        earlier, later = sorted((day, today))
        diff = pendulum.Date(later.year, later.month, later.day).diff(
            pendulum.Date(earlier.year, earlier.month, earlier.day)
        )
        months = diff.in_months()
        if months < 12:
            amount, unit = months, "month"
        else:
            amount, unit = diff.in_years(), "year"
    phrase = f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"in {phrase}" if days > 0 else f"{phrase} ago"
