"""Inbox actions: done, snooze, log, follow-up, note, undo, and reviewing a day to zero."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import OptionList

from relinbox.core.cadence import InboxItem
from relinbox.core.models import Channel, Direction, Exchange, Note, Outcome, Touch
from relinbox.core.store import Store
from relinbox.tui.screens.forms import FollowUpScreen, LogScreen, SnoozeScreen
from relinbox.tui.screens.note import NoteScreen
from relinbox.tui.widgets.inbox_list import InboxList

RAVI = "demo-17-ravi.shah"


def timeline(path, uid):
    with Store.open(path) as store:
        return store.timeline(uid)


def current(app) -> InboxItem:
    item = app.screen.query_one(InboxList).current
    assert isinstance(item, InboxItem)
    return item


async def test_done_logs_the_suggested_touch_and_moves_on(make, ready, demo_path, clock):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert current(app).display_name == "Ravi Shah"
        await pilot.press("d")
        await ready(pilot)
        assert current(app).display_name == "Maya Okafor"
        assert "1 of 27 done" in str(app.screen.query_one("#progress").render())
    record = timeline(demo_path, RAVI)
    newest = max(record.touches, key=lambda t: t.when)
    assert newest.when == clock.now() and newest.channel is Channel.MEETING
    closed = [f for f in record.followups if f.reason == "call back about the quote"]
    assert closed and not closed[0].is_open


async def test_snooze_with_a_quick_choice_and_with_a_typed_when(make, ready, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("s")
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("right", "right", "enter")  # 1w
        await ready(pilot)
        assert current(app).display_name == "Maya Okafor"
        await pilot.press("s", "t", "h", "u", "enter")  # typed into the WHEN input
        await ready(pilot)
        assert current(app).display_name == "Yuki Mori"
    ravi = [f for f in timeline(demo_path, RAVI).followups if f.reason.startswith("call back")]
    assert ravi[0].due == date(2026, 11, 30) and ravi[0].snoozes
    maya = timeline(demo_path, "demo-00-maya.okafor").snoozes
    assert maya and maya[0].snooze.to_due == date(2026, 11, 26)


async def test_snooze_refuses_what_it_cannot_read(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("s", "x", "y", "z", "enter")
        assert isinstance(app.screen, SnoozeScreen)
        assert "can't read" in str(app.screen.query_one(".form-error").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, SnoozeScreen)


async def test_log_form_records_every_field(make, ready, demo_path, clock):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("l")
        form = app.screen
        assert isinstance(form, LogScreen)
        await pilot.press("e")  # channel: email
        await pilot.press("tab", "right")  # they started it
        await pilot.press("tab", "right")  # no answer
        await pilot.press("tab", "right", "right")  # ask
        await pilot.press("tab", *"left a message")
        await pilot.press("tab", *"yesterday 16:00")
        await pilot.press("tab", "right", "right")  # next follow-up: 1w
        await pilot.press("tab", "tab", *"try again", "enter")  # past the WHEN input
        await ready(pilot)
        assert current(app).display_name == "Maya Okafor"
    record = timeline(demo_path, RAVI)
    touch = max(record.touches, key=lambda t: t.logged_at)
    assert touch.channel is Channel.EMAIL and touch.direction is Direction.IN
    assert touch.outcome is Outcome.NO_ANSWER and touch.exchange is Exchange.ASK
    assert touch.note == "left a message"
    assert touch.when.date() == clock.today() - timedelta(days=1) and touch.when.hour == 16
    assert any(f.reason == "try again" and f.due == date(2026, 11, 30) for f in record.followups)


async def test_follow_up_sets_a_dated_promise(make, ready, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "f")
        assert isinstance(app.screen, FollowUpScreen)
        await pilot.press("right", "right", "tab", "tab", *"send the deck", "enter")  # 1w
        await ready(pilot)
    maya = timeline(demo_path, "demo-00-maya.okafor").followups
    assert [(f.due, f.reason) for f in maya] == [(date(2026, 11, 30), "send the deck")]


async def test_note_is_saved_and_can_be_pinned(make, ready, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"Prefers calls after 4pm", "tab", "right", "ctrl+s")
        await ready(pilot)
        assert current(app).display_name == "Ravi Shah"  # a note does not move on
        assert "Prefers calls after 4pm" in str(app.screen.query_one("#card-body").render())
    notes = timeline(demo_path, RAVI).notes
    assert any(n.text == "Prefers calls after 4pm" and n.pinned for n in notes)


async def test_note_editor_round_trip(make, ready, demo_path, tmp_path, monkeypatch):
    script = tmp_path / "fake-editor.sh"
    script.write_text('#!/bin/sh\nprintf "written in the editor\\n" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    app = make()
    from contextlib import nullcontext

    monkeypatch.setattr(type(app), "suspend", lambda self: nullcontext())
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("n", *"first line", "enter", "ctrl+e")
        assert "written in the editor" in app.screen.query_one("#note-text").text
        await pilot.press("ctrl+s")
        await ready(pilot)
    assert any("written in the editor" in n.text for n in timeline(demo_path, RAVI).notes)


async def test_editor_missing_is_a_notification(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("n", "ctrl+e")
        assert any("$EDITOR" in n.message for n in app._notifications)
        assert isinstance(app.screen, NoteScreen)


async def test_undo_reverts_the_last_action(make, ready, demo_path):
    app = make()
    before = len(timeline(demo_path, RAVI).touches)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("d")
        await ready(pilot)
        assert len(timeline(demo_path, RAVI).touches) == before + 1
        await pilot.press("u")
        await ready(pilot)
        assert len(timeline(demo_path, RAVI).touches) == before
        assert "0 of 27 done" in str(app.screen.query_one("#progress").render())
        await pilot.press("u")
        await ready(pilot)
        assert any("nothing to undo" in n.message for n in app._notifications)


async def test_review_a_whole_day_to_inbox_zero(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        for _ in range(60):
            inbox = screen.inbox
            if not inbox.capped and not inbox.more:
                break
            item = current(app)
            await pilot.press("d" if item.kind != "date" else "j")
            await ready(pilot)
        zero = screen.query_one("#inbox-zero")
        assert zero.display
        assert "Inbox zero" in str(zero.render())
        assert "27 of 27 done" in str(screen.query_one("#progress").render())


async def test_keys_typed_ahead_act_on_the_row_under_the_cursor(make, ready, demo_path):
    app = make()
    yuki = "demo-30-yuki.mori"
    before = len(timeline(demo_path, yuki).touches)
    ravi_before = len(timeline(demo_path, RAVI).touches)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        app.screen.query_one(InboxList).action_cursor_down()
        app.screen.query_one(InboxList).action_cursor_down()
        await pilot.press("d")  # before the screen has seen the cursor move
        await ready(pilot)
    assert len(timeline(demo_path, yuki).touches) == before + 1
    assert len(timeline(demo_path, RAVI).touches) == ravi_before


def entry_moments(record) -> list:
    """Every entry's moment, newest first (what the timeline and the entry list order by)."""
    moments = [t.when for t in record.touches] + [n.created_at for n in record.notes]
    moments += [f.created_at for f in record.followups] + [s.snooze.at for s in record.snoozes]
    return sorted(moments, reverse=True)


async def test_remove_an_entry_logged_by_mistake_and_undo_it(make, ready, wait_for, demo_path):
    from relinbox.tui.screens.entries import EntriesScreen

    before = timeline(demo_path, RAVI)
    moments = entry_moments(before)
    assert len(moments) >= 3
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        assert "Fix an entry · Ravi Shah" in str(app.screen.query_one(".form-title").render())
        await pilot.press("escape")  # cancelling removes nothing
        await ready(pilot)
        assert entry_moments(timeline(demo_path, RAVI)) == moments

        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        await pilot.press("j", "j", "k", "enter")  # the second newest
        await ready(pilot)
        assert entry_moments(timeline(demo_path, RAVI)) == [moments[0], *moments[2:]]
        assert any(n.message.startswith("removed the ") for n in app._notifications)

        await pilot.press("u")
        await ready(pilot)
    assert timeline(demo_path, RAVI) == before


async def test_removing_a_touch_updates_the_cadence(make, ready, wait_for, demo_path, clock):
    from relinbox.tui.screens.entries import EntriesScreen

    with Store.open(demo_path) as store:
        counted_before = store.digest(RAVI).counted
        store.put(Touch(RAVI, clock.now(), Channel.CALL, Direction.OUT, Outcome.CONNECTED))
        assert store.digest(RAVI).counted == counted_before + 1  # the newest entry
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        assert current(app).display_name == "Ravi Shah"
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        await pilot.press("enter")
        await ready(pilot)
    with Store.open(demo_path) as store:
        assert store.digest(RAVI).counted == counted_before
        assert all(t.when != clock.now() for t in store.timeline(RAVI).touches)


async def test_older_entries_are_listed_a_page_at_a_time(make, ready, wait_for, demo_path, clock):
    from relinbox.tui.screens.entries import EntriesScreen
    from relinbox.tui.widgets.timeline import MAX_EVENTS

    with Store.open(demo_path) as store:  # old notes, so that Ravi has more than a page
        store.put(*(Note(RAVI, f"old note {i}", created_at=clock.now() - timedelta(days=400 + i))
                    for i in range(MAX_EVENTS)))
    total = len(entry_moments(timeline(demo_path, RAVI)))
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        entries = app.screen.query_one(OptionList)
        assert len(app.screen.entries) == MAX_EVENTS
        older = total - MAX_EVENTS
        assert str(entries.get_option_at_index(MAX_EVENTS).prompt) == (
            f"… {older} older: enter shows {min(older, MAX_EVENTS)} more")
        await pilot.press("end", "m")  # the last row is not an entry: nothing to move
        assert isinstance(app.screen, EntriesScreen)
        await pilot.press("enter")
        assert len(app.screen.entries) == total and entries.highlighted == MAX_EVENTS
        await pilot.press("end", "enter")  # the oldest entry
        await ready(pilot)
    notes = {n.text for n in timeline(demo_path, RAVI).notes}
    assert f"old note {MAX_EVENTS - 1}" not in notes and "old note 0" in notes


async def test_move_an_entry_logged_on_the_wrong_contact_and_undo_it(
    make, ready, wait_for, demo_path
):
    from relinbox.tui.screens.entries import EntriesScreen
    from relinbox.tui.screens.search import SearchScreen

    maya = "demo-00-maya.okafor"
    ravi_before, maya_before = timeline(demo_path, RAVI), timeline(demo_path, maya)
    newest_touch = max(ravi_before.touches, key=lambda t: t.when)
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, EntriesScreen))
        entries = app.screen.entries
        await pilot.press(*"j" * [e.record for e in entries].index(newest_touch), "m")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"maya okafor")
        await wait_for(pilot, lambda: "enter moves it there" in str(
            app.screen.query_one("#search-status").render()))
        await pilot.press("enter")
        await ready(pilot)
        ravi_after, maya_after = timeline(demo_path, RAVI), timeline(demo_path, maya)
        assert newest_touch.uid not in {t.uid for t in ravi_after.touches}
        moved = [t for t in maya_after.touches if t.uid == newest_touch.uid]
        assert moved and (moved[0].when, moved[0].note) == (newest_touch.when, newest_touch.note)
        assert any(n.message.startswith("moved the ") and n.message.endswith("to Maya Okafor")
                   for n in app._notifications)

        await pilot.press("u")
        await ready(pilot)
    assert timeline(demo_path, RAVI) == ravi_before
    assert timeline(demo_path, maya) == maya_before
