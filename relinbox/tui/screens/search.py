"""`/`: find a contact as you type (see tui/search.py for the ranking); enter opens it.

Names are searchable at once (from the digests the inbox already read); organisations,
e-mails and tags join as soon as a worker has loaded the full contacts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from relinbox.tui.search import Hit, SearchIndex
from relinbox.tui.work import run_in_thread

if TYPE_CHECKING:
    from relinbox.tui.app import RelinboxApp

LIMIT = 50


class SearchScreen(ModalScreen[str | None]):
    """Returns the chosen contact's uid."""

    CSS_PATH = "search.tcss"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", key_display="esc"),
        Binding("down,ctrl+n", "move(1)", show=False),
        Binding("up,ctrl+p", "move(-1)", show=False),
    ]

    def __init__(self, query: str = "", *, verb: str = "opens") -> None:
        super().__init__()
        self.initial = query
        self.verb = verb  # what enter does with the chosen contact, for the status line
        self.index = SearchIndex.empty()
        self.hits: list[Hit] = []
        self.full = False

    @property
    def rapp(self) -> RelinboxApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(self.initial, placeholder="name, organisation, e-mail or tag",
                        id="search-input", compact=True)
            yield OptionList(id="search-results")
            yield Static(id="search-status")
        # This screen's keys, not those of the dimmed screen below; ctrl+p moves up here,
        # so the footer must not offer it as the palette.
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._status("loading names…")
        data = self.rapp.data
        run_in_thread(self, lambda: data.search_index(full=False), self._indexed,
                      group="search-names")
        run_in_thread(self, lambda: data.search_index(full=True), self._indexed,
                      group="search-full")

    def _indexed(self, index: SearchIndex) -> None:
        if self.full:
            return
        self.index = index
        self.full = index is self.rapp.data.search_index_if_full()
        self.update_results()

    def _status(self, text: str) -> None:
        self.query_one("#search-status", Static).update(Content.styled(text, "$text-muted"))

    @on(Input.Changed, "#search-input")
    def update_results(self) -> None:
        query = self.query_one(Input).value
        results = self.query_one(OptionList)
        self.hits = self.index.find(query, LIMIT)
        results.set_options(
            Option(Content.assemble((hit.name, "bold"), (f"  {hit.detail}", "$text-muted")))
            for hit in self.hits
        )
        if self.hits:
            results.highlighted = 0
        count = len(self.index)
        if not query.strip():
            self._status(f"type to search {count} contacts · enter {self.verb} · esc closes")
        elif not self.hits:
            self._status("no contact matches · a adds one from the inbox")
        else:
            more = "+" if len(self.hits) >= LIMIT else ""
            scope = "" if self.full else " (names only, loading the rest…)"
            self._status(f"{len(self.hits)}{more} found{scope} · ↑↓ choose · enter {self.verb}")
        self.rapp.search_answered()

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and index < len(self.hits):
            self.dismiss(self.hits[index].uid)

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index].uid)

    def action_cancel(self) -> None:
        self.dismiss(None)
