"""An inbox row fits its width in terminal cells, whatever script the name is written in."""

from __future__ import annotations

from datetime import date

import pytest

from relinbox.core.cadence import InboxItem
from relinbox.tui.widgets.inbox_list import render_item

TODAY = date(2026, 11, 23)


def item(name: str) -> InboxItem:
    return InboxItem(
        uid="u", display_name=name, kind="cadence", due=TODAY, status="due", stage="building",
        counted_touches=0, target=7, reason="first touch (new contact)", overdue_days=0,
        tier="B", suggested_channel="call",
    )  # fmt: skip


@pytest.mark.parametrize("name", ["Ada Lovelace", "太郎 山田", "山田 太郎 " * 4])
def test_the_first_line_of_a_row_is_exactly_as_wide_as_the_list(name):
    first, _second = render_item(item(name), TODAY, 40, acknowledged=False).split("\n")
    assert first.cell_length == 40
    assert first.plain.endswith("due today")
