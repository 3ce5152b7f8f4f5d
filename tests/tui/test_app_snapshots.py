"""SVG snapshots of the main screens at 120x36 and 80x24: the demo store, a frozen clock.

Update after an intended change with `pytest tests/tui/test_app_snapshots.py
--snapshot-update`, then look at the SVGs in `__snapshots__/` before committing them.
"""

from __future__ import annotations

import pytest

from relinbox.core.store import Store
from relinbox.services import actions
from relinbox.tui import state
from relinbox.tui.screens.call import CallScreen

WIDE = (120, 36)
NARROW = (80, 24)


def settled(ready, wait_for, *keys, until=None):
    async def run_before(pilot) -> None:
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)
        if until is not None:
            await wait_for(pilot, lambda: until(pilot.app))
        await pilot.pause(0.1)

    return run_before


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x36", "80x24"])
def test_snapshot_inbox(snap_compare, make, ready, wait_for, size):
    assert snap_compare(make(), terminal_size=size, run_before=settled(ready, wait_for, "j"))


def test_snapshot_contact_opened_narrow(snap_compare, make, ready, wait_for):
    assert snap_compare(make(), terminal_size=NARROW,
                        run_before=settled(ready, wait_for, "j", "j", "enter"))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x36", "80x24"])
def test_snapshot_help(snap_compare, make, ready, wait_for, size):
    assert snap_compare(make(), terminal_size=size,
                        run_before=settled(ready, wait_for, "question_mark"))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x36", "80x24"])
def test_snapshot_log_form(snap_compare, make, ready, wait_for, size):
    assert snap_compare(make(), terminal_size=size, run_before=settled(ready, wait_for, "l"))


def test_snapshot_snooze_form(snap_compare, make, ready, wait_for):
    assert snap_compare(make(), terminal_size=WIDE,
                        run_before=settled(ready, wait_for, "s", "right"))


def test_snapshot_fix_entry(snap_compare, make, ready, wait_for):
    from relinbox.tui.screens.entries import EntriesScreen

    assert snap_compare(make(), terminal_size=WIDE, run_before=settled(
        ready, wait_for, "x", "j", until=lambda app: isinstance(app.screen, EntriesScreen)))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["120x36", "80x24"])
def test_snapshot_call(snap_compare, make, ready, wait_for, size):
    def typed(app) -> bool:
        screen = app.screen
        return isinstance(screen, CallScreen) and "Saved 09:30:00" in str(
            screen.query_one("#call-status").render()) and screen.draft.path is not None

    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("c")
        await ready(pilot)
        await pilot.press(*"Budget approved for Q1.", "enter", *"[ ] send the revised quote")
        await wait_for(pilot, lambda: typed(pilot.app))
        await ready(pilot)

    assert snap_compare(make(), terminal_size=size, run_before=run_before)


def test_snapshot_search(snap_compare, make, ready, wait_for):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: pilot.app.screen.full)
        await pilot.press(*"ma")
        await pilot.pause(0.1)

    assert snap_compare(make(), terminal_size=WIDE, run_before=run_before)


def test_snapshot_inbox_zero(snap_compare, make, ready, wait_for, tmp_path, clock):
    path = tmp_path / "calm"
    with Store.open(path) as store:
        contact = actions.add_contact(store, "Ada Lovelace", now=clock.now(),
                                      org="Analytical Engines").records[0]
        actions.log_touch(store, contact, contact_channel(), when=clock.now(), now=clock.now())
    assert snap_compare(make(path), terminal_size=WIDE, run_before=settled(ready, wait_for))


def test_snapshot_light_theme(snap_compare, make, ready, wait_for):
    state.remember(theme="relinbox-light")
    assert snap_compare(make(), terminal_size=WIDE, run_before=settled(ready, wait_for))


def test_snapshot_contrast_theme(snap_compare, make, ready, wait_for):
    state.remember(theme="relinbox-contrast")
    assert snap_compare(make(), terminal_size=NARROW, run_before=settled(ready, wait_for))


def contact_channel():
    from relinbox.core.models import Channel

    return Channel.CALL
