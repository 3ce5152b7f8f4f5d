"""The main screen: Today (inbox) | Timeline | Card, and every inbox key.

Wide terminals (100 columns or more) show the three panes side by side; narrower ones show the
inbox alone, and `enter` swaps it for the contact (timeline and card), `escape` swaps back.
All store work runs in thread workers (`work.run_in_thread`); the widgets are only updated
on the UI thread with what the workers computed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from relinbox.core.cadence import Inbox, InboxItem
from relinbox.tui.commands import MAIN, bindings
from relinbox.tui.data import ContactView
from relinbox.tui.messages import StoreChanged
from relinbox.tui.screens.main_actions import InboxActions
from relinbox.tui.text import long_day, plural, short_day
from relinbox.tui.widgets.card import CardPane
from relinbox.tui.widgets.inbox_list import MORE, InboxList, RowKey, key_of
from relinbox.tui.widgets.progress import DayProgress
from relinbox.tui.widgets.timeline import TimelinePane
from relinbox.tui.work import run_in_thread

if TYPE_CHECKING:
    from relinbox.tui.app import RelinboxApp

NARROW = 100  # below this many columns the panes collapse


WELCOME = Content.assemble(
    ("Welcome to relinbox.\n\n", "bold $primary"),
    "No contacts yet.\n\n",
    ("a", "bold $accent"), " adds one here; ",
    ("relinbox import FILE", "bold $accent"),
    " brings in a vCard, Google, Outlook or LinkedIn export; ",
    ("relinbox --demo", "bold $accent"),
    " opens a demo with forty relationships.\n\n",
    ("?", "bold $accent"), " lists every key.",
)


def zero_text(inbox: Inbox) -> Content:
    """The calm inbox-zero message, with what is coming on the next working day."""
    parts: list[Any] = [
        ("Inbox zero. ", "bold $success"),
        "Nothing else is due today.\n\n",
    ]
    if inbox.tomorrow:
        parts.append((f"Coming {short_day(inbox.tomorrow_date)}:\n", "$text-muted"))
        for item in inbox.tomorrow[:6]:
            parts += ["  ", (item.display_name, "bold"), (f"  {item.reason}\n", "$text-muted")]
        if len(inbox.tomorrow) > 6:
            parts.append((f"  … and {len(inbox.tomorrow) - 6} more\n", "$text-muted"))
    else:
        parts.append((f"Nothing is due on {short_day(inbox.tomorrow_date)} either.",
                      "$text-muted"))
    return Content.assemble(*parts)


class MainScreen(InboxActions, Screen[None]):
    CSS_PATH = "main.tcss"
    BINDINGS = bindings(MAIN)
    AUTO_FOCUS = "#inbox"

    def __init__(self) -> None:
        super().__init__()
        self.inbox: Inbox | None = None
        self.current_uid: str | None = None
        self.current_name = ""
        self.expanded = False
        self.handled: set[RowKey] = set()
        self.acknowledged: set[RowKey] = set()
        self._advance_from: tuple[RowKey, int] | None = None
        self._first_paint = True
        self._painted = threading.Event()

    @property
    def rapp(self) -> RelinboxApp:
        return self.app  # type: ignore[return-value]

    # --- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Content.styled("relinbox", "bold $primary"), id="brand")
            yield Static(id="today")
            yield DayProgress(id="progress")
            if self.rapp.demo:
                yield Static(Content.styled(" DEMO ", "bold reverse $warning"), id="demo")
        with Horizontal(id="panes"):
            with Vertical(id="inbox-pane"):
                yield Static(id="inbox-zero")
                yield InboxList(id="inbox")
            yield TimelinePane(id="timeline")
            yield CardPane(id="card")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inbox-pane").border_title = "Today"
        self.query_one("#inbox-zero", Static).update(
            Content.styled("Loading today's inbox…", "$text-muted"))
        self.query_one(TimelinePane).show(None, self.rapp.data.clock.tz)
        self.load_inbox(saved=True)

    def on_resize(self, event: Resize) -> None:
        narrow = event.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.query_one(Footer).compact = narrow  # at 80 columns every key still fits
        self.call_after_refresh(self.query_one(InboxList).rerender)

    # --- loading ---------------------------------------------------------------------

    def load_inbox(self, then: Callable[[], Any] | None = None, *, saved: bool = False) -> None:
        """Compute the inbox in a worker and show it. With `saved`, first paint the inbox the
        last run saved, if the store has not changed since (see inbox_cache.py)."""
        data = self.rapp.data
        app = self.app

        def work() -> Inbox:
            if saved:
                head_start = data.saved_inbox()
                if head_start is not None:
                    app.call_from_thread(self.show_inbox, head_start)
                    # let the first frame out before the long computation takes the CPU
                    self._painted.wait(1.0)
            return data.inbox()

        def show(inbox: Inbox) -> None:
            self.show_inbox(inbox)
            if then is not None:
                then()

        run_in_thread(self, work, show, group="inbox", exclusive=True)

    def show_inbox(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self.handled -= {key_of(item) for item in inbox.capped}
        inbox_list = self.query_one(InboxList)
        previous = inbox_list.current
        inbox_list.show(inbox, inbox.date, expanded=self.expanded,
                        acknowledged=frozenset(self.acknowledged))
        self._place_cursor(inbox_list, previous)
        self._show_zero(inbox)
        self._show_status(inbox)
        if self._first_paint:
            self._first_paint = False
            self.call_after_refresh(self._first_frame)

    def _first_frame(self) -> None:
        self._painted.set()
        self.rapp.inbox_painted()

    def _place_cursor(self, inbox_list: InboxList, previous: InboxItem | str | None) -> None:
        target: int | None = None
        if self._advance_from is not None:
            key, index = self._advance_from
            self._advance_from = None
            still = inbox_list.index_of(key)
            if still is None:
                self.handled.add(key)
                target = inbox_list.first_selectable_from(index)
            else:
                target = inbox_list.first_selectable_from(still + 1)
                if target is not None and target <= still:
                    target = still
        elif isinstance(previous, InboxItem):
            target = inbox_list.index_of(key_of(previous))
            if target is None:
                target = self._row_of(inbox_list, previous.uid)
        elif previous == MORE and MORE in inbox_list.rows:
            target = inbox_list.rows.index(MORE)
        elif self.current_uid is not None:
            target = self._row_of(inbox_list, self.current_uid)
            if target is None:  # a contact opened from search: leave it on screen
                inbox_list.highlighted = None
                return
        if target is None:
            target = inbox_list.first_selectable_from(0)
        inbox_list.highlighted = target
        if target is None and self.current_uid is None:
            self.show_contact(None)
        elif target is not None:
            self._follow(inbox_list.rows[target], force=True)

    @staticmethod
    def _row_of(inbox_list: InboxList, uid: str) -> int | None:
        for index, row in enumerate(inbox_list.rows):
            if isinstance(row, InboxItem) and row.uid == uid:
                return index
        return None

    def _show_zero(self, inbox: Inbox) -> None:
        zero = self.query_one("#inbox-zero", Static)
        empty = not inbox.capped and not inbox.more
        zero.display = empty
        if empty:
            zero.update(zero_text(inbox))
            if not inbox.items and not inbox.tomorrow:
                data = self.rapp.data

                def welcome(has_contacts: bool) -> None:
                    if not has_contacts:
                        zero.update(WELCOME)

                run_in_thread(self, data.has_contacts, welcome, group="view")
        self.query_one(InboxList).display = bool(inbox.items) or bool(inbox.more)

    def _show_status(self, inbox: Inbox) -> None:
        due = len(inbox.capped) + inbox.more
        total = due + len(self.handled)
        self.query_one("#today", Static).update(
            Content.assemble(
                f" {long_day(inbox.date)} · ",
                (plural(due, "item") + " due", "bold" if due else "$success"),
            )
        )
        self.query_one(DayProgress).show(len(self.handled), total)
        pane = self.query_one("#inbox-pane")
        pane.border_title = f"Today · {len(inbox.capped)}" + (
            f" (+{inbox.more})" if inbox.more else "")

    @on(OptionList.OptionHighlighted, "#inbox")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        inbox_list = self.query_one(InboxList)
        if event.option_index < len(inbox_list.rows):
            self._follow(inbox_list.rows[event.option_index])

    def _follow(self, row: InboxItem | str | None, *, force: bool = False) -> None:
        if isinstance(row, InboxItem) and (force or row.uid != self.current_uid):
            if not self._painted.is_set():  # the inbox first; the contact right after
                self.current_uid = row.uid
                self.call_after_refresh(self._follow_current)
                return
            self.show_contact(row.uid)

    def _follow_current(self) -> None:
        if self._painted.is_set():
            self.show_contact(self.current_uid)
        else:
            self.call_after_refresh(self._follow_current)

    def show_contact(self, uid: str | None) -> None:
        """Load `uid` into the timeline and card (in a worker)."""
        self.current_uid = uid
        if uid is None:
            self._render_view(None)
            return
        data = self.rapp.data

        def render(view: ContactView | None) -> None:
            if uid == self.current_uid:
                self._render_view(view)

        run_in_thread(self, lambda: data.contact_view(uid), render, group="view",
                      exclusive=True)

    def _render_view(self, view: ContactView | None) -> None:
        self.current_name = view.contact.display_name if view is not None else ""
        self.query_one(TimelinePane).show(view, self.rapp.data.clock.tz)
        self.query_one(CardPane).show(view)
        self.rapp.view_painted()

    def on_store_changed(self, _: StoreChanged) -> None:
        self.load_inbox()
        if self.current_uid is not None:
            self.show_contact(self.current_uid)

    # --- navigation ------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        focused = self.focused
        if self.has_class("-contact") and focused is not None and focused.id in (
            "timeline", "card"
        ):
            focused.scroll_relative(y=step * 3, animate=False)
            return
        inbox_list = self.query_one(InboxList)
        if step > 0:
            inbox_list.action_cursor_down()
        else:
            inbox_list.action_cursor_up()

    @on(OptionList.OptionSelected, "#inbox")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        if self.query_one(InboxList).current == MORE:
            self.action_more()
            return
        if self.current_uid is None:
            return
        self.add_class("-contact")
        self.query_one(TimelinePane).focus()

    def action_back(self) -> None:
        if self.has_class("-contact"):
            self.remove_class("-contact")
            self.query_one(InboxList).focus()

    def action_more(self) -> None:
        self.expanded = not self.expanded
        if self.inbox is not None:
            self.show_inbox(self.inbox)

    def action_help(self) -> None:
        from relinbox.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
