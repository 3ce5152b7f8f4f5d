"""`x`: the contact's timeline as a list, to fix an entry logged by mistake.

Returns what to do and to which record, or None: ("remove", record) or ("move", record). The
main screen does it like any other action, so `u` undoes it. Entries are listed a page at a
time (a long list is slow to lay out); a last row shows the next, older page.
"""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from relinbox.core.store import TimelineRecord
from relinbox.tui.commands import ENTRIES, bindings
from relinbox.tui.data import ContactView
from relinbox.tui.text import stamp
from relinbox.tui.widgets.timeline import MAX_EVENTS, Event, events

EntryChoice = tuple[str, TimelineRecord]  # ("remove" | "move", the entry)


class EntriesScreen(ModalScreen[EntryChoice | None]):
    CSS_PATH = "forms.tcss"
    BINDINGS = bindings(ENTRIES)

    def __init__(self, view: ContactView, tz: tzinfo) -> None:
        super().__init__()
        self.view = view
        self.all_entries = events(view.timeline, view.today, tz)
        self.entries = self.all_entries[:MAX_EVENTS]  # the ones listed, newest first
        self.tz = tz

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(
                Content.styled(f"Fix an entry · {self.view.contact.display_name}", "bold"),
                classes="form-title",
            )
            yield OptionList(*self._options(self.entries), id="entries")
            yield Static(
                Content.styled(
                    "enter removes · m moves to another contact · u undoes · esc cancels",
                    "$text-muted",
                ),
                classes="form-hint",
            )
        yield Footer()  # this screen's keys, not those of the dimmed screen below

    def _options(self, entries: list[Event]) -> list[Option | None]:
        today = self.view.today
        options: list[Option | None] = []
        for entry in entries:
            if options:
                options.append(None)  # a separator line between entries
            options.append(Option(Content.assemble(
                (stamp(entry.when, self.tz, today), "$text-muted"), "\n", entry.body
            )))
        older = len(self.all_entries) - len(self.entries)
        if older:
            options += [None, Option(Content.styled(
                f"… {older} older: enter shows {min(older, MAX_EVENTS)} more", "$text-muted"
            ))]
        return options

    def _show_older(self) -> None:
        """List the next, older page and highlight its first entry."""
        listed = len(self.entries)
        self.entries = self.all_entries[: listed + MAX_EVENTS]
        entries = self.query_one(OptionList)
        entries.clear_options()
        entries.add_options(self._options(self.entries))
        entries.highlighted = listed

    def on_mount(self) -> None:
        entries = self.query_one(OptionList)
        entries.highlighted = 0
        entries.focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_remove(self) -> None:
        self._choose("remove")

    def action_move(self) -> None:
        self._choose("move")

    def _choose(self, what: str, index: int | None = None) -> None:
        if index is None:
            index = self.query_one(OptionList).highlighted
        if index is None:
            return
        if index < len(self.entries):
            self.dismiss((what, self.entries[index].record))
        elif what == "remove":  # enter on the last row, which is not an entry
            self._show_older()
        else:
            self.app.bell()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose("remove", event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
