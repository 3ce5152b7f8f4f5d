"""`x`: the contact's timeline as a list, to fix an entry logged by mistake.

Returns what to do and to which record, or None: ("remove", record) or ("move", record). The
main screen does it like any other action, so `u` undoes it.
"""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from relinbox.core.store import TimelineRecord
from relinbox.tui.commands import ENTRIES, bindings
from relinbox.tui.data import ContactView
from relinbox.tui.text import stamp
from relinbox.tui.widgets.timeline import MAX_EVENTS, events

EntryChoice = tuple[str, TimelineRecord]  # ("remove" | "move", the entry)


class EntriesScreen(ModalScreen[EntryChoice | None]):
    CSS_PATH = "forms.tcss"
    BINDINGS = bindings(ENTRIES)

    def __init__(self, view: ContactView, tz: tzinfo) -> None:
        super().__init__()
        self.view = view
        self.entries = events(view.timeline, view.today, tz)[:MAX_EVENTS]
        self.tz = tz

    def compose(self) -> ComposeResult:
        today = self.view.today
        with Vertical(classes="form"):
            yield Static(
                Content.styled(f"Fix an entry · {self.view.contact.display_name}", "bold"),
                classes="form-title",
            )
            options: list[Option | None] = []
            for entry in self.entries:
                if options:
                    options.append(None)  # a separator line between entries
                options.append(Option(Content.assemble(
                    (stamp(entry.when, self.tz, today), "$text-muted"), "\n", entry.body
                )))
            yield OptionList(*options, id="entries")
            yield Static(
                Content.styled(
                    "enter removes · m moves to another contact · u undoes · esc cancels",
                    "$text-muted",
                ),
                classes="form-hint",
            )

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

    def _choose(self, what: str) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss((what, self.entries[index].record))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(("remove", self.entries[event.option_index].record))

    def action_cancel(self) -> None:
        self.dismiss(None)
