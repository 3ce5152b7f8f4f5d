"""iCalendar follow-ups, checked by parsing the export back with the `icalendar` library."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from relinbox.core.models import Channel, Outcome
from relinbox.core.store import Store
from relinbox.interop.ics import CalendarEntry, build_calendar, fold
from relinbox.services import actions
from relinbox.services.calendar import calendar_entries, export_ics

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def export(store, planner, now: datetime = NOW, today: date = TODAY) -> bytes:
    return export_ics(store, planner, today, now)


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    broken = [(component.name, component.errors) for component in calendar.walk()
              if component.errors]
    assert broken == []  # parsing is lenient: bad values would only show up here
    return calendar


def by_uid(components) -> dict:
    return {str(component["UID"]): component for component in components}


def cadence_uid(seeded, name: str) -> str:
    return f"cadence-{seeded.uid(name)}@relinbox"


def event_uid(todo_uid: str) -> str:
    return todo_uid.replace("@relinbox", "-event@relinbox")


def followup_of(store: Store, contact_uid: str):
    (followup,) = [f for f in store.timeline(contact_uid).followups if f.is_open]
    return followup


def revision(component) -> tuple[int, datetime]:
    return int(component["SEQUENCE"]), component["LAST-MODIFIED"].dt


# --- structure ----------------------------------------------------------------------------


def test_calendar_properties(seeded, planner):
    data = export(seeded.store, planner)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    calendar = parse(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//relinbox//relinbox ")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"


def test_one_todo_and_one_event_per_open_followup_and_active_cadence(seeded, planner):
    data = export(seeded.store, planner)
    calendar = parse(data)
    hedy_followup = followup_of(seeded.store, seeded.uid("hedy"))
    expected = {
        cadence_uid(seeded, "ada"),
        cadence_uid(seeded, "grace"),
        cadence_uid(seeded, "olga"),
        cadence_uid(seeded, "katherine"),
        # Hedy has an open follow-up: it replaces her cadence entry, as in the inbox
        f"followup-{hedy_followup.uid}@relinbox",
    }
    assert set(by_uid(calendar.todos)) == expected
    assert set(by_uid(calendar.events)) == {event_uid(uid) for uid in expected}
    assert len(calendar.todos) == len(calendar.events) == len(expected)
    # archived and paused contacts get nothing, not even their open follow-ups
    text = data.decode("utf-8")
    for absent in ("Alan Turing", "return the book", "Mary Somerville", "the lecture"):
        assert absent not in text
    for uid in (seeded.uid("alan"), seeded.uid("mary")):
        assert uid not in text


def test_cadence_todo_fields(seeded, planner):
    data = export(seeded.store, planner)
    todo = by_uid(parse(data).todos)[cadence_uid(seeded, "ada")]
    assert str(todo["SUMMARY"]) == "E-mail Ada Lovelace — building 4/7"
    description = str(todo["DESCRIPTION"]).splitlines()
    assert "Stage: building 4/7" in description
    assert "Reason: building 4/7" in description
    assert "Last touch: Wed 18 Nov 2026, call attempt (voicemail)" in description
    for name in ("DTSTART", "DUE"):
        assert todo[name].params["VALUE"] == "DATE"
        assert type(todo[name].dt) is date
        assert todo[name].dt == date(2026, 11, 23)  # 16 Nov + 7 days
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert todo["DTSTAMP"].dt == NOW
    assert "RRULE" not in todo  # building gaps are not regular
    (alarm,) = todo.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].params["RELATED"] == "END"
    assert alarm["TRIGGER"].dt == timedelta(days=-1)
    assert [a.trigger for a in todo.alarms.times] == [date(2026, 11, 22)]
    assert b"DUE;VALUE=DATE:20261123\r\n" in data
    assert b"TRIGGER;RELATED=END:-P1D\r\n" in data
    # revision of a cadence entry: 5 touches (4 counted, 1 attempt), no snooze
    assert revision(todo) == (5, datetime(2026, 11, 18, 10, tzinfo=UTC))


def test_never_touched_snoozed_contact(seeded, planner):
    todo = by_uid(parse(export(seeded.store, planner)).todos)[cadence_uid(seeded, "katherine")]
    # no phone and no e-mail: the suggested channel is a meeting
    assert str(todo["SUMMARY"]) == "Meet Katherine Johnson — first touch (new contact) (snoozed)"
    assert todo["DUE"].dt == date(2026, 11, 30)
    assert "Last touch: none yet" in str(todo["DESCRIPTION"])
    assert revision(todo) == (1, datetime(2026, 11, 12, 10, tzinfo=UTC))


def test_followup_todo_fields(seeded, planner):
    calendar = parse(export(seeded.store, planner))
    followup = followup_of(seeded.store, seeded.uid("hedy"))
    todo = by_uid(calendar.todos)[f"followup-{followup.uid}@relinbox"]
    assert str(todo["SUMMARY"]) == "Follow up with Hedy Lamarr — send the patent draft"
    description = str(todo["DESCRIPTION"]).splitlines()
    assert "Follow-up: send the patent draft" in description
    assert "Stage: building 1/7" in description
    assert "Last touch: Fri 20 Nov 2026, call" in description
    assert todo["DTSTART"].dt == todo["DUE"].dt == date(2026, 11, 26)
    assert todo["DUE"].params["VALUE"] == "DATE"
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    assert "RRULE" not in todo
    assert revision(todo) == (0, followup.created_at)
    assert todo["CREATED"].dt == followup.created_at
    (alarm,) = todo.walk("VALARM")
    assert alarm["TRIGGER"].params["RELATED"] == "END"
    assert alarm["TRIGGER"].dt == timedelta(days=-1)


def test_all_day_events_mirror_the_todos(seeded, planner):
    data = export(seeded.store, planner)
    calendar = parse(data)
    todos = by_uid(calendar.todos)
    assert calendar.events
    for uid, todo in todos.items():
        event = by_uid(calendar.events)[event_uid(uid)]
        assert event["DTSTART"].params["VALUE"] == "DATE"
        assert event["DTEND"].params["VALUE"] == "DATE"
        assert type(event["DTSTART"].dt) is date
        assert event["DTSTART"].dt == todo["DUE"].dt
        assert event["DTEND"].dt == event["DTSTART"].dt + timedelta(days=1)  # exclusive
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event["DTSTAMP"].dt == NOW
        for name in ("SUMMARY", "DESCRIPTION"):
            assert str(event[name]) == str(todo[name])
        assert revision(event) == revision(todo)
        assert event.get("RRULE") == todo.get("RRULE")
        (alarm,) = event.walk("VALARM")
        assert alarm["TRIGGER"].dt == timedelta(hours=-15)
        assert "RELATED" not in alarm["TRIGGER"].params
        start = event["DTSTART"].dt
        nine_the_day_before = datetime.combine(start - timedelta(days=1), datetime.min.time())
        assert [a.trigger for a in event.alarms.times] == [nine_the_day_before.replace(hour=9)]
    assert b"TRIGGER:-PT15H\r\n" in data
    assert b"TRANSP:TRANSPARENT\r\n" in data


def test_rrule_only_for_regular_cadences(seeded, planner):
    data = export(seeded.store, planner)
    calendar = parse(data)
    todos = by_uid(calendar.todos)
    events = by_uid(calendar.events)
    grace = cadence_uid(seeded, "grace")
    olga = cadence_uid(seeded, "olga")
    assert todos[grace]["RRULE"].to_ical() == b"FREQ=DAILY;INTERVAL=60"  # nurture, tier B
    assert todos[olga]["RRULE"].to_ical() == b"FREQ=DAILY;INTERVAL=90"  # one-way check-in
    assert events[event_uid(grace)]["RRULE"].to_ical() == b"FREQ=DAILY;INTERVAL=60"
    assert events[event_uid(olga)]["RRULE"].to_ical() == b"FREQ=DAILY;INTERVAL=90"
    assert todos[grace]["DUE"].dt == date(2026, 11, 30)  # 1 Oct + 60 days
    assert todos[olga]["DUE"].dt == date(2026, 11, 30)  # 1 Sep + 90 days
    assert str(todos[grace]["SUMMARY"]) == "Call Grace Hopper — nurture: every 60 days"
    regular = {grace, olga}
    for uid, todo in todos.items():
        assert ("RRULE" in todo) == (uid in regular), uid
    assert data.count(b"RRULE:") == 4


# --- stability and revisions ----------------------------------------------------------------


def test_output_is_byte_identical_and_uids_are_stable(seeded, planner, later):
    first = export(seeded.store, planner)
    assert export(seeded.store, planner) == first
    with Store.open(seeded.store.root) as reopened:
        assert export(reopened, planner) == first

    # a later export differs only in DTSTAMP
    tomorrow = export(seeded.store, planner, now=NOW + timedelta(days=1))
    assert tomorrow != first

    def without_stamps(data: bytes) -> bytes:
        return re.sub(rb"DTSTAMP:[0-9TZ]+\r\n", b"", data)

    assert without_stamps(tomorrow) == without_stamps(first)

    # a change keeps every UID
    grace = seeded.store.contact(seeded.uid("grace"))
    when = next(later)
    actions.log_touch(seeded.store, grace, Channel.CALL, when=when, now=when)
    changed = parse(export(seeded.store, planner, now=when))
    original = parse(first)
    assert set(by_uid(changed.todos)) == set(by_uid(original.todos))
    assert set(by_uid(changed.events)) == set(by_uid(original.events))


def test_entries_come_in_due_order(seeded, planner):
    entries = calendar_entries(seeded.store, planner, TODAY)
    assert [e.due for e in entries] == sorted(e.due for e in entries)
    calendar = parse(export(seeded.store, planner))
    dues = [todo["DUE"].dt for todo in calendar.todos]
    assert dues == sorted(dues)


def test_cadence_revision_rises_after_snooze_touch_and_done(seeded, planner, later):
    store = seeded.store
    uid = cadence_uid(seeded, "ada")

    def current() -> tuple[tuple[int, datetime], tuple[int, datetime], date]:
        calendar = parse(export(store, planner))
        todo = by_uid(calendar.todos)[uid]
        event = by_uid(calendar.events)[event_uid(uid)]
        return revision(todo), revision(event), todo["DUE"].dt

    def assert_rose(before, after) -> None:
        for old, new in zip(before[:2], after[:2], strict=True):
            assert new[0] > old[0], "SEQUENCE did not rise"
            assert new[1] > old[1], "LAST-MODIFIED did not rise"

    start = current()
    assert start[2] == date(2026, 11, 23)

    plan = planner.schedule_for(store, seeded.uid("ada"))
    actions.snooze(store, plan, date(2026, 11, 27), now=next(later))
    snoozed = current()
    assert snoozed[2] == date(2026, 11, 27)
    assert_rose(start, snoozed)

    ada = store.contact(seeded.uid("ada"))
    when = next(later)
    actions.log_touch(store, ada, Channel.EMAIL, when=when, now=when)
    logged = current()
    assert logged[2] == date(2026, 12, 3)  # building 5/7: 10 days after today
    assert_rose(snoozed, logged)

    plan = planner.schedule_for(store, seeded.uid("ada"))
    actions.complete(store, plan, today=TODAY, now=next(later))
    done = current()
    assert_rose(logged, done)

    # an attempt (no answer) counts as a change too
    when = next(later)
    actions.log_touch(store, ada, Channel.CALL, when=when, now=when,
                      outcome=Outcome.NO_ANSWER)
    assert_rose(done, current())


def test_followup_revision_rises_on_snooze_and_done_hands_back_to_cadence(
    seeded, planner, later
):
    store = seeded.store
    hedy = seeded.uid("hedy")
    followup = followup_of(store, hedy)
    uid = f"followup-{followup.uid}@relinbox"

    before = by_uid(parse(export(store, planner)).todos)[uid]
    plan = planner.schedule_for(store, hedy)
    moved_at = next(later)
    actions.snooze(store, plan, date(2026, 11, 30), now=moved_at)
    calendar = parse(export(store, planner))
    after = by_uid(calendar.todos)[uid]
    assert after["DUE"].dt == date(2026, 11, 30)
    assert revision(after) == (1, moved_at)
    assert revision(after) > revision(before)
    assert revision(by_uid(calendar.events)[event_uid(uid)]) == (1, moved_at)
    assert "Snoozed 1 time, first due Thu 26 Nov 2026" in str(after["DESCRIPTION"])

    # done closes the follow-up: its entries go, the cadence entry comes back
    plan = planner.schedule_for(store, hedy)
    done_at = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)
    actions.complete(store, plan, today=date(2026, 11, 30), now=done_at)
    calendar = parse(export(store, planner, now=done_at, today=date(2026, 11, 30)))
    todos = by_uid(calendar.todos)
    assert uid not in todos
    assert event_uid(uid) not in by_uid(calendar.events)
    cadence = todos[cadence_uid(seeded, "hedy")]
    assert revision(cadence) == (2, done_at)  # two touches, no cadence snooze
    assert str(cadence["SUMMARY"]).endswith("— building 2/7")


def test_archiving_or_pausing_removes_the_entries(seeded, planner, later):
    store = seeded.store
    grace = store.contact(seeded.uid("grace"))
    actions.update_contact(store, grace, dataclasses.replace(grace, archived=True), now=next(later))
    olga = store.contact(seeded.uid("olga"))
    actions.update_contact(store, olga, dataclasses.replace(olga, cadence={"paused": True}),
                           now=next(later))
    todos = by_uid(parse(export(store, planner)).todos)
    assert cadence_uid(seeded, "grace") not in todos
    assert cadence_uid(seeded, "olga") not in todos
    assert cadence_uid(seeded, "ada") in todos


# --- the formatter on its own ----------------------------------------------------------------


def _entry(**changes) -> CalendarEntry:
    values = {
        "uid": "cadence-x@relinbox",
        "event_uid": "cadence-x-event@relinbox",
        "kind": "cadence",
        "summary": "Call Zoë Ålund — nurture: every 60 days",
        "description": "Stage: nurture; tier A, \"quoted\"\nReason: \\ back\\slash " + "é" * 80,
        "due": date(2026, 12, 1),
        "sequence": 3,
        "last_modified": datetime(2026, 11, 20, 10, 30, 15, 999, tzinfo=UTC),
        "created": datetime(2026, 1, 2, tzinfo=UTC),
        "repeat_days": 60,
    }
    values.update(changes)
    return CalendarEntry(**values)  # type: ignore[arg-type]


def test_text_survives_escaping_and_folding():
    entry = _entry()
    data = build_calendar([entry], now=NOW)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    todo = parse(data).todos[0]
    assert str(todo["SUMMARY"]) == entry.summary
    assert str(todo["DESCRIPTION"]) == entry.description
    assert todo["LAST-MODIFIED"].dt == datetime(2026, 11, 20, 10, 30, 15, tzinfo=UTC)


def test_order_and_component_choice():
    late = _entry(uid="b@relinbox", event_uid="b-event@relinbox", due=date(2026, 12, 5))
    early = _entry(uid="a@relinbox", event_uid="a-event@relinbox", due=date(2026, 11, 1),
                   repeat_days=None)
    both = parse(build_calendar([late, early], now=NOW))
    assert [str(t["UID"]) for t in both.todos] == ["a@relinbox", "b@relinbox"]
    assert build_calendar([late, early], now=NOW) == build_calendar([early, late], now=NOW)
    only_todos = parse(build_calendar([late], now=NOW, events=False))
    assert len(only_todos.todos) == 1 and not only_todos.events
    only_events = parse(build_calendar([late], now=NOW, todos=False))
    assert len(only_events.events) == 1 and not only_events.todos


@pytest.mark.parametrize("now", [NOW, NOW.astimezone(UTC).replace(tzinfo=None)])
def test_dtstamp_is_utc(now):
    todo = parse(build_calendar([_entry()], now=now)).todos[0]
    assert todo["DTSTAMP"].dt == NOW
    assert todo["DTSTAMP"].to_ical() == b"20261123T090000Z"


def _normalised(value: str) -> str:
    """What TEXT can carry: line breaks as LF, no ASCII control characters but TAB and LF."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_round_trips(value):
    entry = _entry(summary=value, description=value)
    data = build_calendar([entry], now=NOW)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character is split by a fold
    todo = parse(data).todos[0]
    assert str(todo["SUMMARY"]) == _normalised(value)
    if _normalised(value):
        assert str(todo["DESCRIPTION"]) == _normalised(value)


def test_folding_keeps_escapes_and_characters_whole():
    for prefix in range(60, 80):
        line = "DESCRIPTION:" + "a" * prefix + "\\n" + "é" * 50 + "\\\\n"
        physical = fold(line).split(b"\r\n")
        assert physical[-1] == b""
        for piece in physical[:-1]:
            assert len(piece) <= 75
            piece.decode("utf-8")
        # unfolding gives the line back; no fold falls right after an escaping backslash
        assert b"".join(p[1:] if i else p for i, p in enumerate(physical[:-1])) == line.encode()
        for piece in physical[:-2]:
            trailing = len(piece) - len(piece.rstrip(b"\\"))
            assert trailing % 2 == 0
