"""`?`: every key, from the command list, with the keys the config file set."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from relinbox.tui.commands import CALL, ENTRIES, FORM, MAIN, NOTE, SCOPES, in_scope, keys_of

TITLES = {
    MAIN: "Inbox", CALL: "Call capture", FORM: "Forms", NOTE: "Note",
    ENTRIES: "Fixing an entry",
}


def rows(scope: str, keymap: dict[str, str]) -> list[tuple[str, str, str]]:
    """(keys, description, id) for the commands of `scope`."""
    return [(", ".join(keys_of(c, keymap)), c.description, c.id) for c in in_scope(scope)]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [  # noqa: RUF012
        Binding("escape,q,question_mark", "dismiss", "Close", key_display="esc"),
        Binding("j,down", "scroll(1)", show=False),
        Binding("k,up", "scroll(-1)", show=False),
    ]

    def compose(self) -> ComposeResult:
        keymap = dict(getattr(self.app, "key_overrides", {}) or {})
        with VerticalScroll(id="help-box"):
            yield Static(Content.assemble(
                ("Keys", "bold"),
                ("  ctrl+p command palette · ctrl+q quit from anywhere · esc closes this",
                 "$text-muted"),
            ))
            for scope in SCOPES:
                yield Static(Content.styled(TITLES[scope], "bold $text-primary"),
                             classes="help-title")
                with Grid(classes="help-grid"):
                    for keys, description, binding_id in rows(scope, keymap):
                        yield Static(Content.styled(keys, "bold $accent"))
                        yield Static(description)
                        yield Static(Content.styled(binding_id, "$text-muted"))
            yield Static(Content.styled(
                'Rebind a key in the config file\'s [keys] table by its id, e.g. done = "d,space".',
                "$text-muted"), classes="help-title")
        yield Footer()  # this screen's keys, not those of the dimmed screen below

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-box").scroll_relative(y=step * 2, animate=False)
