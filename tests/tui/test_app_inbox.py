"""The main screen: the inbox groups, moving the cursor, opening a contact, narrow layouts."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Footer

from relinbox.core.cadence import InboxItem
from relinbox.core.store import Store
from relinbox.services import actions
from relinbox.tui.screens.main import MainScreen
from relinbox.tui.widgets.inbox_list import MORE, InboxList


def titles(inbox_list: InboxList) -> list[str]:
    return [
        str(inbox_list.get_option_at_index(i).prompt)
        for i, row in enumerate(inbox_list.rows)
        if row is None
    ]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_inbox_groups_and_first_item(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        inbox_list = screen.query_one(InboxList)
        assert [t.split(" · ")[0] for t in titles(inbox_list)] == [
            "Overdue", "Today", "Dates ahead"
        ]
        assert MORE in inbox_list.rows
        first = inbox_list.current
        assert isinstance(first, InboxItem) and first.display_name == "Ravi Shah"
        assert screen.current_uid == first.uid
        assert "Ravi Shah" in text_of(app, "#card-body")
        assert "call back about the quote" in text_of(app, "#card-body")
        assert "27 items due" in text_of(app, "#today")
        assert "0 of 27 done" in text_of(app, "#progress")


async def test_rows_say_why_how_late_and_which_channel(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        inbox_list = app.screen.query_one(InboxList)
        rows = {row.display_name: str(inbox_list.get_option_at_index(i).prompt)
                for i, row in enumerate(inbox_list.rows) if isinstance(row, InboxItem)}
        assert re.search(r"\d+d overdue", rows["Ravi Shah"])
        assert "→ meeting" in rows["Ravi Shah"]
        assert "at risk" in rows["Chloé Laurent"]
        assert "building 5/7" in rows["Daniel Kim"]
        assert "birthday" in rows["Hannah Fischer"]


async def test_j_k_move_and_the_timeline_follows(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        inbox_list = screen.query_one(InboxList)
        await pilot.press("j")
        await ready(pilot)
        second = inbox_list.current
        assert isinstance(second, InboxItem) and second.display_name == "Maya Okafor"
        assert "Maya Okafor" in text_of(app, "#timeline-name")
        assert "Lisbon summit" in text_of(app, "#card-body")  # her pinned note
        await pilot.press("k")
        await ready(pilot)
        assert inbox_list.current.display_name == "Ravi Shah"
        assert "Ravi Shah" in text_of(app, "#timeline-name")
        assert "touches" in text_of(app, "#timeline-spark")


async def test_timeline_shows_channel_direction_duration_and_dates(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        events = text_of(app, "#timeline-events")
        assert "→ " in events and "ago" in events and " min" in events
        assert "2026" not in events.splitlines()[0]  # this year's dates leave the year out


async def test_enter_opens_the_contact_and_escape_goes_back(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        await pilot.press("enter")
        assert screen.has_class("-contact")
        assert not screen.query_one("#inbox-pane").display
        assert app.focused.id == "timeline"
        await pilot.press("j")  # scrolls the timeline, not the inbox
        assert screen.query_one(InboxList).current.display_name == "Ravi Shah"
        await pilot.press("escape")
        assert not screen.has_class("-contact")
        assert app.focused.id == "inbox"


async def test_more_shows_what_is_over_capacity(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        inbox_list = app.screen.query_one(InboxList)
        before = sum(isinstance(r, InboxItem) for r in inbox_list.rows)
        await pilot.press("m")
        after = sum(isinstance(r, InboxItem) for r in inbox_list.rows)
        assert after == before + 15
        assert MORE not in inbox_list.rows


async def test_at_80x24_the_panes_collapse_and_enter_swaps_them(make, ready):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert screen.query_one("#inbox-pane").display
        assert not screen.query_one("#timeline").display
        await pilot.press("enter")
        assert not screen.query_one("#inbox-pane").display
        assert screen.query_one("#timeline").display and screen.query_one("#card").display
        await pilot.press("escape")
        assert screen.query_one("#inbox-pane").display


async def test_at_80x24_the_inbox_keys_and_help_fit_in_the_footer(make, ready):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        keys = {key.key: key for key in app.screen.query("FooterKey")}
        palette = keys["ctrl+p"]
        for key in ("d", "s", "l", "f", "n", "c", "slash", "question_mark"):
            shown = keys[key].region
            assert shown.width and shown.right <= palette.region.x, key
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert not app.screen.query_one(Footer).compact


@pytest.mark.parametrize(("key", "shown"), [
    ("x", {"Remove", "Move", "Cancel"}),
    ("l", {"Save", "Cancel"}),
    ("n", {"Save", "$EDITOR", "Cancel"}),
    ("question_mark", {"Close"}),
    ("slash", {"Cancel"}),
])
async def test_a_modal_footer_shows_the_modal_keys_not_the_inbox_keys(make, ready, key, shown):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(key)
        await pilot.pause()
        modal = app.screen
        assert not isinstance(modal, MainScreen)
        footer = modal.query_one(Footer)
        assert footer.region.y == 23  # over the inbox's footer, on the bottom row
        descriptions = {k.description for k in footer.query("FooterKey")}
        assert shown <= descriptions
        assert not descriptions & {"Done", "Snooze", "Search"}


async def test_at_120x36_all_three_panes_show(make, ready):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert not screen.has_class("-narrow")
        for pane in ("#inbox-pane", "#timeline", "#card"):
            assert screen.query_one(pane).display
            assert screen.query_one(pane).region.width > 20


async def test_inbox_zero_shows_what_comes_tomorrow(make, ready, tmp_path, clock):
    path = tmp_path / "calm"
    with Store.open(path) as store:
        result = actions.add_contact(store, "Ada Lovelace", now=clock.now())
        actions.set_followup(store, result.records[0], date_after(clock.today()),
                             "send the notes", now=clock.now())
    app = make(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        zero = app.screen.query_one("#inbox-zero")
        assert zero.display
        text = str(zero.render())
        assert "Inbox zero" in text and "Ada Lovelace" in text
        assert "send the notes" in text


def date_after(day):
    from relinbox.core.cadence import DEFAULT_SETTINGS, next_working_day

    return next_working_day(day, DEFAULT_SETTINGS)


async def test_an_empty_store_says_how_to_begin(make, ready, wait_for, tmp_path):
    app = make(tmp_path / "new-store", demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        zero = app.screen.query_one("#inbox-zero")
        await wait_for(pilot, lambda: "No contacts yet" in str(zero.render()))
        assert "relinbox import" in str(zero.render())
        await pilot.press("d")  # nothing to act on: a hint, not an error
        assert any("Nothing selected" in n.message for n in app._notifications)
