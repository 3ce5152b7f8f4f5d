"""Call capture: notes saved as you type, ending a call, `[ ]` follow-ups, draft recovery."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from datetime import date

from relinbox.core.store import Store
from relinbox.tui import drafts
from relinbox.tui.screens.call import CallEndScreen, CallScreen
from relinbox.tui.screens.main import MainScreen
from relinbox.tui.screens.recover import RecoverScreen

RAVI = "demo-17-ravi.shah"
MAYA = "demo-00-maya.okafor"


def timeline(path, uid):
    with Store.open(path) as store:
        return store.timeline(uid)


class Ticker:
    """A monotonic clock the test moves by hand (the call timer reads it)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_call_from_the_inbox_logs_one_touch_with_follow_ups(
    make, ready, wait_for, demo_path
):
    app = make()
    ticker = Ticker()
    app.monotonic = ticker
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen
        await ready(pilot)
        assert "Ravi Shah" in str(call.query_one("#call-title").render())
        context = str(call.query_one("#call-context-body").render())
        assert "call back about the quote" in context and "Latest" in context
        await pilot.press(*"Budget approved", "enter", *"[ ] send the revised quote", "enter",
                          *"- [ ] book lunch in January")
        path = drafts.draft_path(demo_path, RAVI)
        await wait_for(pilot, lambda: path.exists() and "January" in path.read_text(), 1.5)
        ticker.now += 754
        await pilot.pause(1.1)
        assert "12:34" in str(call.query_one("#call-timer").render())
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CallEndScreen)
        await pilot.press("tab", "tab", "right", "enter")  # give
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot)
        assert app.screen.current_uid == MAYA  # moved on to the next item
    assert not path.exists()
    record = timeline(demo_path, RAVI)
    touch = max(record.touches, key=lambda t: t.logged_at)
    assert touch.channel.value == "call" and touch.duration_seconds == 754
    assert touch.exchange.value == "give" and touch.note.startswith("Budget approved")
    opened = {f.reason: f.due for f in record.followups if f.is_open}
    # no next follow-up chosen: [ ] lines are due two working days later (Mon → Wed)
    assert opened == {"send the revised quote": date(2026, 11, 25),
                      "book lunch in January": date(2026, 11, 25)}


async def test_next_follow_up_answer_dates_the_task_lines(make, ready, wait_for, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press(*"[ ] intro to Tom", "ctrl+s")
        await pilot.press("right", "tab", "tab", "tab", "right", "right", "enter")  # no answer, 1w
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot)
    record = timeline(demo_path, MAYA)
    assert [(f.reason, f.due) for f in record.followups] == [("intro to Tom", date(2026, 11, 30))]
    assert record.touches[-1].outcome.value == "no-answer"


async def test_without_tasks_the_next_follow_up_gets_the_reason(make, ready, wait_for, demo_path):
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("j", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press(*"Good first chat", "ctrl+s")
        await pilot.press("tab", "tab", "tab", "right", "right", "right", "tab", "tab",
                          *"send the deck", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await ready(pilot)
    record = timeline(demo_path, MAYA)
    assert [(f.reason, f.due) for f in record.followups] == [("send the deck", date(2026, 12, 7))]


async def test_discarding_a_call_logs_nothing_and_drops_the_draft(make, ready, wait_for,
                                                                  demo_path):
    app = make()
    before = len(timeline(demo_path, RAVI).touches)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        await pilot.press("c", *"wrong number")
        path = drafts.draft_path(demo_path, RAVI)
        await wait_for(pilot, path.exists, 1.5)
        await pilot.press("ctrl+s", *["tab"] * 6, "right", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    assert not path.exists()
    assert len(timeline(demo_path, RAVI).touches) == before


async def test_a_draft_left_behind_is_offered_at_start(make, ready, wait_for, demo_path,
                                                       clock):
    drafts.save(drafts.Draft(drafts.store_key(demo_path), RAVI, "Ravi Shah",
                             clock.now().isoformat(), seconds=300.0,
                             text="They will sign next week"))
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen))
        assert "Ravi Shah" in str(app.screen.query_one(".form-title").render())
        await pilot.press("enter")  # resume the call
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        call = app.screen
        assert call.query_one("#call-note").text == "They will sign next week"
        assert "05:00" in str(call.query_one("#call-timer").render())


async def test_a_draft_can_be_discarded_at_start(make, ready, wait_for, demo_path, clock):
    path = drafts.save(drafts.Draft(drafts.store_key(demo_path), RAVI, "Ravi Shah",
                                    clock.now().isoformat(), text="old"))
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen))
        await pilot.press("right", "right", "enter")
        await wait_for(pilot, lambda: not path.exists())
        assert isinstance(app.screen, MainScreen)


async def test_call_mode_from_the_shell_resumes_its_draft(make, wait_for, demo_path, clock):
    drafts.save(drafts.Draft(drafts.store_key(demo_path), MAYA, "Maya Okafor",
                             clock.now().isoformat(), text="half a thought"))
    app = make(call=MAYA)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        assert app.screen.query_one("#call-note").text == "half a thought"
        await pilot.press("ctrl+s", "enter")
        await wait_for(pilot, lambda: app.exit_message is not None)
    assert app.exit_message.startswith("logged call touch with Maya Okafor")


def _spawn_in_pty(args: list[str], size: tuple[int, int] = (36, 120)):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    process = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave,
                               start_new_session=True, close_fds=True)
    os.close(slave)
    screen = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            screen.extend(chunk)

    threading.Thread(target=drain, daemon=True).start()
    return process, master, screen


async def test_kill_during_a_call_then_recover(make, wait_for, demo_path):
    """`relinbox call` in a real terminal, killed with SIGKILL mid-note: nothing is lost."""
    command = [sys.executable, "-m", "relinbox", "--db", str(demo_path), "call", "Ravi"]
    process, master, _screen = _spawn_in_pty(command)
    path = drafts.draft_path(demo_path, RAVI)
    try:
        deadline = time.monotonic() + 20
        typed = False
        while time.monotonic() < deadline:
            if not typed and time.monotonic() > deadline - 17:  # give the app time to start
                os.write(master, b"Promised the Q1 figures")
                typed = True
            if path.exists() and "Q1 figures" in path.read_text():
                break
            time.sleep(0.1)
        else:
            raise AssertionError("the draft was not written")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        os.close(master)
    app = make()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RecoverScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        assert "Promised the Q1 figures" in app.screen.query_one("#call-note").text


def test_task_lines():
    text = "call went well\n[ ] send deck\n  - [ ] intro to Tom  \n[x] done already\n[ ]\n"
    assert drafts.task_lines(text) == ["send deck", "intro to Tom"]


def test_call_command_is_registered(monkeypatch, demo_path):
    from relinbox.cli import main as cli

    seen = {}

    def fake_run_app(db_path, *, demo=False, call=None):
        seen.update(db=db_path, call=call)
        return 0

    monkeypatch.setattr("relinbox.tui.app.run_app", fake_run_app)
    assert cli.main(["--db", str(demo_path), "call", "maya"]) == 0
    assert seen == {"db": demo_path, "call": "maya"}


async def test_call_mode_resolves_a_name_while_you_type(make, wait_for, demo_path):
    app = make(call="okafor")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        await pilot.press(*"hello")
        call = app.screen
        await wait_for(pilot, lambda: call.uid == MAYA)
        await wait_for(pilot, lambda: "Maya Okafor" in str(call.query_one("#call-title").render()))
        assert call.query_one("#call-note").text == "hello"


async def test_call_mode_with_an_ambiguous_name_asks_which(make, wait_for):
    from relinbox.tui.screens.search import SearchScreen

    app = make(call="ma")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        search = app.screen
        await wait_for(pilot, lambda: search.full)
        assert search.query_one("#search-input").value == "ma"
        await pilot.press(*"ya", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallScreen))
        assert app.screen.uid == MAYA
