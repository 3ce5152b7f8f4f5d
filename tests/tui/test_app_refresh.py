"""Changes made by another process appear without restarting the app."""

from __future__ import annotations

import os
import subprocess
import sys

from relinbox.core.models import Channel
from relinbox.core.store import Store
from relinbox.services import actions
from relinbox.tui.widgets.inbox_list import InboxList

MAYA = "demo-00-maya.okafor"


async def test_a_write_by_another_store_instance_appears(make, ready, wait_for, demo_path,
                                                         clock):
    app = make()
    app.poll_seconds = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        inbox_list = app.screen.query_one(InboxList)
        assert any(getattr(r, "uid", None) == MAYA for r in inbox_list.rows)
        with Store.open(demo_path) as other:
            actions.log_touch(other, other.contact(MAYA), Channel.EMAIL, when=clock.now(),
                              now=clock.now())
        await wait_for(pilot, lambda: not any(getattr(r, "uid", None) == MAYA
                                              for r in inbox_list.rows), 5)


async def test_relinbox_log_in_another_shell_appears(make, ready, wait_for, demo_path):
    app = make()
    app.poll_seconds = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert "Ravi Shah" in str(screen.query_one("#timeline-name").render())
        subprocess.run(
            [sys.executable, "-m", "relinbox", "--db", str(demo_path), "log", "ravi", "call",
             "--note", "Called from the other shell"],
            check=True, capture_output=True, env=os.environ.copy(), timeout=60,
        )
        await wait_for(pilot, lambda: "Called from the other shell" in str(
            screen.query_one("#timeline-events").render()), 8)
