"""Short phrases the app shows: lateness, reasons, durations, dates. Pure functions, no Textual.

Styles are Textual style strings that name theme variables (`$warning`, `$error`…), so the
colours follow the theme.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from relinbox.core.cadence import AT_RISK, DATE, DORMANT, FOLLOW_UP, OVERDUE, InboxItem
from relinbox.core.when import MONTH_ABBR, WEEKDAY_ABBR, relative

LATE_STYLE = {OVERDUE: "$warning", AT_RISK: "$error bold", DORMANT: "$text-muted"}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def lateness(item: InboxItem, today: date) -> tuple[str, str]:
    """("2d overdue", style) for a due item; ("in 2 days", style) for a date item."""
    if item.kind == DATE:
        return ("today", "$accent bold") if item.due == today else (relative(item.due, today),
                                                                     "$accent")
    days = item.overdue_days
    if days <= 0:
        return "due today", "$success"
    if item.status == AT_RISK:
        return f"{days}d late · at risk", LATE_STYLE[AT_RISK]
    if item.status == DORMANT:
        return f"dormant · {days}d", LATE_STYLE[DORMANT]
    return f"{days}d overdue", LATE_STYLE[OVERDUE]


def why(item: InboxItem) -> str:
    """Why the item is in the inbox, in a few words."""
    if item.kind == DATE:
        return item.reason
    if item.kind == FOLLOW_UP:
        stage = f" · {item.stage} {item.progress}" if item.progress else ""
        return f"follow-up: {item.reason}{stage}"
    if item.progress and item.reason.startswith("building"):
        return item.reason
    if item.progress:
        return f"{item.reason} · building {item.progress}"
    return item.reason


def duration(seconds: int | None) -> str:
    """"45 s", "12 min", "1 h 05"."""
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def clock_face(seconds: float) -> str:
    """A running timer: "04:07", "1:02:33"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def short_day(day: date) -> str:
    """"Mon 23 Nov"."""
    return f"{WEEKDAY_ABBR[day.weekday()]} {day.day} {MONTH_ABBR[day.month - 1]}"


def long_day(day: date) -> str:
    """"Mon 23 Nov 2026"."""
    return f"{short_day(day)} {day.year}"


def moment(when: datetime, tz: tzinfo, today: date) -> str:
    """"Mon 23 Nov 2026 14:05 · 3 days ago" in the user's zone."""
    local = when.astimezone(tz)
    return f"{long_day(local.date())} {local:%H:%M} · {relative(local.date(), today)}"


def stamp(when: datetime, tz: tzinfo, today: date) -> str:
    """"Sun 18 Oct 14:45 · 5 weeks ago" (the year only when it is not this year)."""
    local = when.astimezone(tz)
    day = local.date()
    year = "" if day.year == today.year else f" {day.year}"
    return f"{short_day(day)}{year} {local:%H:%M} · {relative(day, today)}"


def due_phrase(due: date, today: date) -> str:
    """"Thu 26 Nov (in 3 days)"."""
    return f"{short_day(due)} ({relative(due, today)})"


