"""`x`: the contact's timeline as a list, to remove an entry logged by mistake.

Returns the chosen record (or None); the main screen removes it like any other action, so
`u` puts it back.
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


class EntriesScreen(ModalScreen[TimelineRecord | None]):
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
                Content.styled(f"Remove an entry · {self.view.contact.display_name}", "bold"),
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
                Content.styled("enter removes · u puts it back · esc cancels", "$text-muted"),
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
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.entries[index].record)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[event.option_index].record)

    def action_cancel(self) -> None:
        self.dismiss(None)
