"""iCalendar (RFC 5545) follow-ups: one VTODO and one all-day VEVENT per calendar entry.

Pure formatting: `relinbox.services.calendar` builds the `CalendarEntry`s from the store and
this module turns them into the bytes of one `.ics` file. Nothing here reads the clock or
invents a value: UIDs, SEQUENCE, LAST-MODIFIED and DTSTAMP all come from the caller, so the
same entries and `now` always give the same bytes (docs/sync.md).

The writer is our own: the file uses a dozen properties of a few value types (text, date,
UTC date-time, integer, duration, recurrence rule), and a general iCalendar library spends
about 1.5 ms per component on them — half a minute for 10,000 contacts. The tests read the
output back with the `icalendar` library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from relinbox import __version__

PRODID = f"-//relinbox//relinbox {__version__}//EN"
CALENDAR_NAME = "relinbox follow-ups"
UID_DOMAIN = "relinbox"
CATEGORY = "relinbox"

# Reminders, both the day before: a to-do's alarm 1 day before its DUE (midnight), an all-day
# event's alarm 15 hours before its start (09:00 the day before).
TODO_ALARM = "-P1D"
EVENT_ALARM = "-PT15H"

LINE_LIMIT = 75  # octets per physical line, CRLF excluded (RFC 5545 section 3.1)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # not allowed in TEXT; TAB and LF are


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One open follow-up (explicit, or the cadence's next due) as the calendar shows it."""

    uid: str  # of the VTODO; stable across exports
    event_uid: str  # of the all-day VEVENT; stable across exports
    kind: str  # "cadence" or "follow-up"
    summary: str
    description: str
    due: date
    sequence: int  # never lower for a later version of the same entry
    last_modified: datetime  # timezone-aware
    created: datetime | None = None  # timezone-aware
    repeat_days: int | None = None  # RRULE FREQ=DAILY;INTERVAL=n for a regular cadence


def entry_uids(prefix: str, uid: str) -> tuple[str, str]:
    """(VTODO UID, VEVENT UID) of the entry made from record `uid`: `prefix-uid@relinbox`."""
    return f"{prefix}-{uid}@{UID_DOMAIN}", f"{prefix}-{uid}-event@{UID_DOMAIN}"


def build_calendar(
    entries: Iterable[CalendarEntry],
    *,
    now: datetime,
    todos: bool = True,
    events: bool = True,
) -> bytes:
    """The `.ics` bytes: a VTODO (`todos`) and an all-day VEVENT (`events`) per entry.

    `now` is the DTSTAMP of every component (a naive value is taken as UTC). Entries are
    written in due-date order (then summary, then UID), so the output depends only on the
    entries and `now`.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{text(PRODID)}",
        "CALSCALE:GREGORIAN",
        f"NAME:{text(CALENDAR_NAME)}",
        f"X-WR-CALNAME:{text(CALENDAR_NAME)}",
    ]
    for entry in sorted(entries, key=lambda e: (e.due, e.summary.casefold(), e.uid)):
        if todos:
            lines += todo_lines(entry, now)
        if events:
            lines += event_lines(entry, now)
    lines.append("END:VCALENDAR")
    return b"".join(fold(line) for line in lines)


def todo_lines(entry: CalendarEntry, now: datetime) -> list[str]:
    """The VTODO: DTSTART and DUE on the due day, an alarm one day before DUE."""
    return [
        "BEGIN:VTODO",
        *_common(entry, entry.uid, now),
        f"DTSTART;VALUE=DATE:{_date(entry.due)}",
        f"DUE;VALUE=DATE:{_date(entry.due)}",
        *_repeat(entry),
        "STATUS:NEEDS-ACTION",
        *_alarm(entry.summary, f"TRIGGER;RELATED=END:{TODO_ALARM}"),
        "END:VTODO",
    ]


def event_lines(entry: CalendarEntry, now: datetime) -> list[str]:
    """The all-day VEVENT: DTEND is the next day (exclusive), free time, alarm the day before."""
    return [
        "BEGIN:VEVENT",
        *_common(entry, entry.event_uid, now),
        f"DTSTART;VALUE=DATE:{_date(entry.due)}",
        f"DTEND;VALUE=DATE:{_date(entry.due + timedelta(days=1))}",
        *_repeat(entry),
        "TRANSP:TRANSPARENT",
        *_alarm(entry.summary, f"TRIGGER:{EVENT_ALARM}"),
        "END:VEVENT",
    ]


def _common(entry: CalendarEntry, uid: str, now: datetime) -> list[str]:
    lines = [f"UID:{text(uid)}", f"DTSTAMP:{_instant(now)}"]
    if entry.created is not None:
        lines.append(f"CREATED:{_instant(entry.created)}")
    lines += [
        f"LAST-MODIFIED:{_instant(entry.last_modified)}",
        f"SEQUENCE:{max(0, entry.sequence)}",
        f"SUMMARY:{text(entry.summary)}",
    ]
    if entry.description:
        lines.append(f"DESCRIPTION:{text(entry.description)}")
    lines.append(f"CATEGORIES:{text(CATEGORY)},{text(entry.kind)}")
    return lines


def _repeat(entry: CalendarEntry) -> list[str]:
    if not entry.repeat_days or entry.repeat_days < 1:
        return []
    return [f"RRULE:FREQ=DAILY;INTERVAL={entry.repeat_days}"]


def _alarm(summary: str, trigger: str) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{text(summary)}",
        trigger,
        "END:VALARM",
    ]


# --- values and lines ----------------------------------------------------------------------


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped; control characters
    (not allowed in TEXT) dropped."""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    )


def fold(line: str) -> bytes:
    """One content line as UTF-8 with CRLF, folded into physical lines of at most 75 octets.

    A fold never splits a UTF-8 sequence, nor a backslash escape (some readers would
    otherwise see "\\" and "n" apart).
    """
    data = line.encode("utf-8")
    if len(data) <= LINE_LIMIT:
        return data + b"\r\n"
    parts = []
    start = 0
    room = LINE_LIMIT
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # inside a multi-byte character
            cut -= 1
        slashes = 0
        while cut - 1 - slashes >= start and data[cut - 1 - slashes] == 0x5C:
            slashes += 1
        if slashes % 2:  # the last backslash starts an escape: keep it with what it escapes
            cut -= 1
        parts.append(data[start:cut])
        start = cut
        room = LINE_LIMIT - 1  # a continuation line starts with a space
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _instant(moment: datetime) -> str:
    """UTC, whole seconds (iCalendar has no fractions); a naive value is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return (
        f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
        f"T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"
    )
