"""The clock: the user's time zone, today's date and the current moment.

Everything that asks "what day is it?" goes through here, so tests and demos can pin the date
with the environment variable `RELINBOX_TODAY=YYYY-MM-DD` (docs/cadence.md). The cadence engine
itself never reads the clock: it is given `today` and `tz`.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, tzinfo

import pendulum

TODAY_ENV = "RELINBOX_TODAY"

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def user_timezone(name: str | None) -> tzinfo:
    """The time zone called `name` (an IANA name such as "Europe/London"), or the system's
    local zone when `name` is None. A name that is not a known zone raises `ValueError`."""
    if name is None:
        return pendulum.local_timezone()
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("time zone name is empty; use an IANA name such as 'Europe/London'")
    try:
        return pendulum.timezone(cleaned)
    except (ValueError, OSError):
        raise ValueError(
            f"unknown time zone {name!r}; use an IANA name such as 'Europe/London' or 'UTC'"
        ) from None


def today_override() -> date | None:
    """The date pinned by `RELINBOX_TODAY`, or None when it is unset or empty."""
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return None
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{TODAY_ENV} is {text!r}; expected a date as YYYY-MM-DD (or unset it)")


def today(tz: tzinfo | None = None) -> date:
    """Today's date in `tz` (the local zone when None), or the date in `RELINBOX_TODAY`."""
    pinned = today_override()
    if pinned is not None:
        return pinned
    return datetime.now(tz or user_timezone(None)).date()


def now(tz: tzinfo | None = None) -> datetime:
    """The current moment as an aware datetime in `tz` (the local zone when None).

    With `RELINBOX_TODAY` set, the date is the pinned one and the time of day is the real
    current local time, so touches logged "now" in a pinned demo still sort in order.
    """
    zone = tz or user_timezone(None)
    current = datetime.now(zone)
    pinned = today_override()
    if pinned is None:
        return current
    return datetime.combine(pinned, current.time(), tzinfo=zone)
