"""The note form: a multi-line note, optionally pinned to the card; ctrl+e opens $EDITOR."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from relinbox.services.errors import UserError
from relinbox.tui.commands import NOTE, bindings
from relinbox.tui.editor import edit_text
from relinbox.tui.screens.forms import row
from relinbox.tui.widgets.choices import ChoiceBar

PIN_CHOICES = (("no", "no"), ("yes", "pin it to the card"))


class NoteScreen(ModalScreen[tuple[str, bool] | None]):
    """Returns (text, pinned)."""

    CSS_PATH = "forms.tcss"
    BINDINGS = bindings(NOTE)

    def __init__(self, name: str, text: str = "") -> None:
        super().__init__()
        self.contact_name = name
        self.initial = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Content.styled(f"Note on {self.contact_name}", "bold"),
                         classes="form-title")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, compact=True)
            yield row("Pin", ChoiceBar(PIN_CHOICES, id="note-pin"))
            problem = Static(classes="form-error")
            problem.display = False
            yield problem
            yield Static(
                Content.styled("ctrl+s save · ctrl+e $EDITOR · tab pin · esc cancel",
                               "$text-muted"),
                classes="form-hint",
            )
        yield Footer()  # this screen's keys, not those of the dimmed screen below

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_submit(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            problem = self.query_one(".form-error", Static)
            problem.update(Content.styled("the note is empty", "$error"))
            problem.display = True
            return
        self.dismiss((text, self.query_one(ChoiceBar).value == "yes"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_editor(self) -> None:
        area = self.query_one(TextArea)
        try:
            area.text = edit_text(self.app, area.text)
        except UserError as error:
            self.notify(str(error), severity="warning")
        area.focus()
