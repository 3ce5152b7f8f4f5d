"""A date field: quick choices (1d, 3d, 1w, 2w…) or any WHEN the CLI accepts, with a preview.

Focus starts on the quick choices (← → to change); typing anything else goes into the WHEN
input ("thu", "next fri", "+10d", "2026-12-01"). The preview under it says which day that is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from relinbox.core.when import WhenError, parse_when
from relinbox.tui.text import due_phrase
from relinbox.tui.widgets.choices import ChoiceBar

NONE = ""
SNOOZE_CHOICES = (("1d", "1d"), ("3d", "3d"), ("1w", "1w"), ("2w", "2w"))
FOLLOW_UP_CHOICES = (("tomorrow", "tomorrow"), ("3d", "3d"), ("1w", "1w"), ("2w", "2w"),
                     ("1m", "1m"))
NEXT_CHOICES = ((NONE, "none"), ("3d", "3d"), ("1w", "1w"), ("2w", "2w"), ("1m", "1m"))


class _Quick(ChoiceBar):
    """Quick choices that hand any other typed character to the WHEN input."""

    def on_key(self, event) -> None:
        char = event.character
        if char and char.isprintable() and not char.isspace():
            field = self.parent
            if isinstance(field, WhenField):
                event.stop()
                event.prevent_default()
                field.type_into_input(char)


class WhenField(Vertical):
    DEFAULT_CSS = """
    WhenField { height: auto; }
    WhenField .when-preview { color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self,
        today: date,
        choices: Sequence[tuple[str, str]] = SNOOZE_CHOICES,
        *,
        placeholder: str = "or type a WHEN: thu, next fri, +10d, 2026-12-01",
        none_text: str = "no follow-up",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.today = today
        self.choices = choices
        self.placeholder = placeholder
        self.none_text = none_text

    def compose(self) -> ComposeResult:
        yield _Quick(self.choices, letter_jumps=False, id=f"{self.id}-quick" if self.id else None)
        yield Input(placeholder=self.placeholder, compact=True, select_on_focus=False)
        yield Static(classes="when-preview")

    def on_mount(self) -> None:
        self._preview()

    @property
    def quick(self) -> ChoiceBar:
        return self.query_one(_Quick)

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def type_into_input(self, text: str) -> None:
        self.input.focus()
        self.input.insert_text_at_cursor(text)

    def value(self) -> date | None:
        """The chosen day (None for "none"); raises WhenError for text it cannot read."""
        typed = self.input.value.strip()
        text = typed or self.quick.value
        if not text:
            return None
        return parse_when(text, self.today)

    @on(ChoiceBar.Changed)
    @on(Input.Changed)
    def _preview(self) -> None:
        preview = self.query_one(".when-preview", Static)
        try:
            day = self.value()
        except WhenError as error:
            preview.update(Content.styled(str(error).split(";")[0], "$error"))
            return
        if day is None:
            preview.update(self.none_text)
        else:
            preview.update(Content.assemble("→ ", (due_phrase(day, self.today), "bold")))
