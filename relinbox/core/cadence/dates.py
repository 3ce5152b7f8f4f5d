"""Day arithmetic for the cadence: working days and personal dates (birthdays and the like).

The hot paths work on proleptic Gregorian ordinals (`date.toordinal()`): integer arithmetic is
several times cheaper than building `date` objects for 10,000 contacts.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from relinbox.core.cadence.settings import CadenceSettings

WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Key of a personal date in `days_ahead_table`: (month, day) if it recurs, else its ordinal.
LookupKey = tuple[int, int] | int


def weekday_of(ordinal: int) -> int:
    """`date.weekday()` of an ordinal (ordinal 1, 1 Jan of year 1, was a Monday)."""
    return (ordinal - 1) % 7


def roll_to_working_day(ordinal: int, settings: CadenceSettings) -> int:
    """The first working day on or after `ordinal` (Mon–Fri and not a holiday by default)."""
    working = settings.working_days
    holidays = settings.holidays
    if not holidays:
        while (ordinal - 1) % 7 not in working:
            ordinal += 1
        return ordinal
    while (ordinal - 1) % 7 not in working or date.fromordinal(ordinal) in holidays:
        ordinal += 1
    return ordinal


def next_working_day(day: date, settings: CadenceSettings) -> date:
    """The first working day strictly after `day`."""
    return date.fromordinal(roll_to_working_day(day.toordinal() + 1, settings))


class PersonalDate(NamedTuple):
    """A birthday, anniversary or other remembered date of a contact (immutable)."""

    kind: str  # "birthday", "anniversary" or "date"
    label: str  # "birthday", "daughter's wedding", …
    month: int
    day: int
    year: int | None  # None for --MM-DD
    yearly: bool  # False: a one-off event (needs a year; without one it recurs)

    @property
    def text(self) -> str:
        """As stored: YYYY-MM-DD or --MM-DD."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def recurs(self) -> bool:
        return self.yearly or self.year is None

    @property
    def lookup_key(self) -> LookupKey:
        """Key into `days_ahead_table`: (month, day) if it recurs, else the day's ordinal."""
        if self.recurs:
            return (self.month, self.day)
        assert self.year is not None
        return date(self.year, self.month, self.day).toordinal()

    def occurrence_in(self, year: int) -> date:
        """The day it falls on in `year`: 29 February falls on the 28th in other years."""
        day = self.day
        if self.month == 2 and day == 29 and not calendar.isleap(year):
            day = 28
        return date(year, self.month, day)

    def next_occurrence(self, today: date) -> date | None:
        """The first occurrence on or after `today` (None for a one-off already past)."""
        if not self.recurs:
            assert self.year is not None
            once = date(self.year, self.month, self.day)
            return once if once >= today else None
        this_year = self.occurrence_in(today.year)
        return this_year if this_year >= today else self.occurrence_in(today.year + 1)

    def reason(self, on: date, today: date) -> str:
        """Inbox text for the occurrence `on`: "birthday (turns 60) on Thu"."""
        text = self.label or self.kind
        if self.year is not None and self.recurs:
            years = on.year - self.year
            if years > 0:
                if self.kind == "birthday":
                    text = f"{text} (turns {years})"
                else:
                    text = f"{text} ({years} year{'s' if years != 1 else ''})"
        if on != today:
            text = f"{text} on {WEEKDAY_ABBR[on.weekday()]}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "label": self.label, "date": self.text, "yearly": self.yearly}


def parse_personal_dates(raw: Sequence[Sequence[Any]]) -> tuple[PersonalDate, ...]:
    """Digest `dates` rows ([kind, label, date, yearly]) as `PersonalDate`s; bad rows skipped
    (the records were validated on the way in; a damaged digest must not break the inbox)."""
    return parse_dates_with_keys(raw)[0]


def parse_dates_with_keys(
    raw: Sequence[Sequence[Any]],
) -> tuple[tuple[PersonalDate, ...], tuple[LookupKey, ...]]:
    """`parse_personal_dates` plus each date's `lookup_key`, in one pass (for `schedule`)."""
    found: list[PersonalDate] = []
    keys: list[LookupKey] = []
    for row in raw:
        try:
            kind, label, text, yearly = row[0], row[1], row[2], row[3]
            if text.startswith("--"):
                year = None
                month, day = int(text[2:4]), int(text[5:7])
                date(2000, month, day)  # validates (2000 is a leap year)
                key: LookupKey = (month, day)
            else:
                parsed = date.fromisoformat(text)
                year, month, day = parsed.year, parsed.month, parsed.day
                key = parsed.toordinal() if not yearly else (month, day)
        except (ValueError, TypeError, IndexError, AttributeError):
            continue
        found.append(PersonalDate(str(kind), str(label), month, day, year, bool(yearly)))
        keys.append(key)
    return tuple(found), tuple(keys)


@lru_cache(maxsize=8)
def days_ahead_table(today: date) -> dict[LookupKey, int]:
    """Days from `today` to the next occurrence of a `PersonalDate.lookup_key`, over the coming
    year (0 to 365 days ahead): (month, day) for a recurring date, an ordinal for a one-off.

    29 February maps to 28 February in a non-leap year. Built once per `today`, so checking a
    personal date is one dictionary look-up. Callers must not modify the result.
    """
    table: dict[LookupKey, int] = {}
    day = today
    ordinal = today.toordinal()
    step = timedelta(days=1)
    for ahead in range(366):
        table.setdefault((day.month, day.day), ahead)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            table.setdefault((2, 29), ahead)
        table[ordinal + ahead] = ahead
        day += step
    return table
