"""Today's inbox as a list: Overdue, Today, Dates ahead, and "N more" (expands in place).

Each item is two lines: the name with how late it is, then why it is due and the suggested
channel. Group titles are disabled options, so the cursor skips them.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from relinbox.core.cadence import DATE, Inbox, InboxItem
from relinbox.tui.text import lateness, why

MORE = "more"


class RowKey(NamedTuple):
    """What a row stands for, stable across refreshes (to keep the cursor in place)."""

    uid: str
    kind: str
    due: date


def key_of(item: InboxItem) -> RowKey:
    return RowKey(item.uid, item.kind, item.due)


def render_item(item: InboxItem, today: date, width: int, *, acknowledged: bool) -> Content:
    late, style = lateness(item, today)
    marker, marker_style = ("✓ ", "$success") if acknowledged else ("● ", style)
    tier = f" {item.tier}" if item.kind != DATE else ""
    name_width = max(4, width - len(late) - len(marker) - len(tier) - 1)
    name = fit_cells(item.display_name, name_width)
    gap = " " * max(1, width - len(marker) - name.cell_length - len(tier) - len(late))
    channel = f" → {item.suggested_channel}" if item.suggested_channel else ""
    reason = fit_cells(why(item), max(4, width - 2 - len(channel)))
    return Content.assemble(
        (marker, marker_style),
        name.stylize("bold"),
        (tier, "$text-muted"),
        gap,
        (late, style),
        "\n  ",
        reason.stylize("$text-muted"),
        (channel, "$text-secondary" if not acknowledged else "$text-muted"),
    )


def fit_cells(text: str, width: int) -> Content:
    """At most `width` terminal cells, cut with an ellipsis: "山田" takes four."""
    return Content(text).truncate(width, ellipsis=True)


def title(text: str) -> Option:
    return Option(Content.styled(text, "bold $text-primary"), disabled=True)


class InboxList(OptionList):
    """The inbox. `rows[i]` is the InboxItem behind option i (None for titles, MORE for the
    "N more" row)."""

    DEFAULT_CSS = """
    InboxList { height: 1fr; max-height: 100%; scrollbar-size-vertical: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[InboxItem | str | None] = []
        self._last: tuple[Inbox, date, bool, frozenset[RowKey]] | None = None

    def show(
        self,
        inbox: Inbox,
        today: date,
        *,
        expanded: bool = False,
        acknowledged: frozenset[RowKey] = frozenset(),
    ) -> None:
        self._last = (inbox, today, expanded, acknowledged)
        width = self.row_width()
        options: list[Option] = []
        rows: list[InboxItem | str | None] = []

        def add_group(name: str, items: list[InboxItem] | tuple[InboxItem, ...]) -> None:
            if not items:
                return
            options.append(title(f"{name} · {len(items)}"))
            rows.append(None)
            for item in items:
                done = key_of(item) in acknowledged
                options.append(Option(render_item(item, today, width, acknowledged=done)))
                rows.append(item)

        capped = inbox.capped
        add_group("Overdue", [i for i in capped if i.overdue_days > 0])
        add_group("Today", [i for i in capped if i.overdue_days <= 0])
        if inbox.more:
            if expanded:
                add_group("Also due (over today's capacity)", inbox.overflow)
            else:
                options.append(
                    Option(Content.assemble(
                        ("… ", "$text-muted"),
                        (f"{inbox.more} more due", "bold"),
                        (" · enter shows them", "$text-muted"),
                    ))
                )
                rows.append(MORE)
        add_group("Dates ahead", inbox.dates)
        self.rows = rows
        self.set_options(options)

    def row_width(self) -> int:
        """Room for a row: the list's width less the option padding and a scrollbar."""
        return max(24, (self.size.width or 44) - 3)

    def rerender(self) -> None:
        """Draw the same inbox again (after a resize)."""
        if self._last is not None:
            inbox, today, expanded, acknowledged = self._last
            highlighted = self.highlighted
            self.show(inbox, today, expanded=expanded, acknowledged=acknowledged)
            if highlighted is not None and highlighted < len(self.rows):
                self.highlighted = highlighted

    @property
    def current(self) -> InboxItem | str | None:
        index = self.highlighted
        if index is None or index >= len(self.rows):
            return None
        return self.rows[index]

    def index_of(self, key: RowKey) -> int | None:
        for index, row in enumerate(self.rows):
            if isinstance(row, InboxItem) and key_of(row) == key:
                return index
        return None

    def first_selectable_from(self, index: int) -> int | None:
        """The first item row at or after `index`, else the last item row before it."""
        for position in range(max(0, index), len(self.rows)):
            if self.rows[position] is not None:
                return position
        for position in range(min(index, len(self.rows)) - 1, -1, -1):
            if self.rows[position] is not None:
                return position
        return None
