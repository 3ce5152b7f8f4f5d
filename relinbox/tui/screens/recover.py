"""Offered at start when a call's note was left unsaved (the terminal was closed or killed)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from relinbox.tui.drafts import Draft
from relinbox.tui.screens.forms import FormScreen, row
from relinbox.tui.text import clock_face
from relinbox.tui.widgets.choices import ChoiceBar

RESUME, LATER, DISCARD = "resume", "later", "discard"
CHOICES = ((RESUME, "resume the call"), (LATER, "ask me next time"), (DISCARD, "discard it"))


def describe_draft(draft: Draft) -> str:
    try:
        started = datetime.fromisoformat(draft.started_at).strftime("%a %d %b %H:%M")
    except ValueError:
        started = "earlier"
    lines = len(draft.text.splitlines())
    return (f"Started {started}, {clock_face(draft.seconds)} on the clock, "
            f"{lines} line{'s' if lines != 1 else ''} of notes.")


class RecoverScreen(FormScreen[str]):
    """Returns RESUME, LATER or DISCARD."""

    HINT = "← → choose · enter confirms · esc asks again next time"

    def __init__(self, draft: Draft) -> None:
        super().__init__(f"Unsaved call notes with {draft.name or 'a contact'}",
                         describe_draft(draft))
        self.draft = draft

    def fields(self) -> ComposeResult:
        preview = "\n".join(self.draft.text.splitlines()[:6]) or "(no text)"
        yield Static(Content.styled(preview, "$text"), classes="draft-preview")
        yield row("Do what", ChoiceBar(CHOICES, id="recover-choice"))

    def result(self) -> str:
        return self.query_one("#recover-choice", ChoiceBar).value

    def action_cancel(self) -> None:
        self.dismiss(LATER)
