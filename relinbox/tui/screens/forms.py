"""Small modal forms: snooze, follow-up, log a touch. Each returns a plain value (or None).

Keys: tab / shift+tab move between fields, ← → change a choice, enter (or ctrl+s) saves,
escape cancels. Mistakes (a WHEN it cannot read) are shown in the form, not raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static

from relinbox.core.models import Channel, Direction, Exchange, Outcome
from relinbox.core.when import WhenError, parse_moment
from relinbox.services.errors import UserError
from relinbox.tui.commands import FORM, bindings
from relinbox.tui.widgets.choices import ChoiceBar
from relinbox.tui.widgets.when_field import (
    FOLLOW_UP_CHOICES,
    NEXT_CHOICES,
    SNOOZE_CHOICES,
    WhenField,
)

T = TypeVar("T")

CHANNELS = tuple((c.value, c.value) for c in Channel)
DIRECTIONS = ((Direction.OUT.value, "we reached out"), (Direction.IN.value, "they did"))
OUTCOMES = tuple((o.value, o.value) for o in Outcome)
EXCHANGES = (("", "neither"), (Exchange.GIVE.value, "give"), (Exchange.ASK.value, "ask"))


def row(label: str, *widgets) -> Horizontal:
    return Horizontal(Label(label, classes="form-label"), *widgets, classes="form-row")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A modal form; subclasses build `fields()` and turn them into a value in `result()`."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [*bindings(FORM), Binding("enter", "submit", show=False)]  # noqa: RUF012
    AUTO_FOCUS = "ChoiceBar, Input, TextArea"
    HINT = "enter save · tab next field · ← → choose · esc cancel"

    def __init__(self, title: str, subtitle: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.form_subtitle = subtitle

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Content.styled(self.form_title, "bold"), classes="form-title")
            if self.form_subtitle:
                yield Static(self.form_subtitle, classes="form-subtitle")
            yield from self.fields()
            problem = Static(classes="form-error")
            problem.display = False
            yield problem
            yield Static(
                Content.styled(self.HINT, "$text-muted"),
                classes="form-hint",
            )
        yield Footer()  # this screen's keys, not those of the dimmed screen below

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def result(self) -> T:
        """The form's value; raise WhenError or UserError to show a problem instead."""
        raise NotImplementedError

    def action_submit(self) -> None:
        try:
            value = self.result()
        except (WhenError, UserError, ValueError) as error:
            problem = self.query_one(".form-error", Static)
            problem.update(Content.styled(str(error), "$error"))
            problem.display = True
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()


class SnoozeScreen(FormScreen[date]):
    """Snooze: returns the new due date."""

    def __init__(self, name: str, today: date, subtitle: str = "") -> None:
        super().__init__(f"Snooze {name} until…", subtitle)
        self.today = today

    def fields(self) -> ComposeResult:
        yield WhenField(self.today, SNOOZE_CHOICES, id="snooze-when")

    def result(self) -> date:
        day = self.query_one(WhenField).value()
        if day is None or day <= self.today:
            raise UserError("snooze to a day after today")
        return day


class FollowUpScreen(FormScreen[tuple[date, str]]):
    """A follow-up: returns (due, reason)."""

    def __init__(self, name: str, today: date) -> None:
        super().__init__(f"Follow up with {name}")
        self.today = today

    def fields(self) -> ComposeResult:
        yield WhenField(self.today, FOLLOW_UP_CHOICES, id="followup-when")
        yield row("Reason", Input(placeholder="call back about the quote", compact=True,
                                  id="followup-reason"))

    def result(self) -> tuple[date, str]:
        day = self.query_one(WhenField).value()
        if day is None:
            raise UserError("choose a day")
        if day < self.today:
            raise UserError("a follow-up cannot be in the past")
        return day, self.query_one("#followup-reason", Input).value.strip()


@dataclass(frozen=True, slots=True)
class TouchForm:
    channel: Channel
    direction: Direction
    outcome: Outcome
    exchange: Exchange | None
    note: str
    when: datetime | None  # None: now
    followup: tuple[date, str] | None


class LogScreen(FormScreen[TouchForm]):
    """Log a touch: channel, direction, outcome, give/ask, note, when, next follow-up."""

    def __init__(self, name: str, today: date, now: datetime, tz: tzinfo,
                 channel: str | None = None) -> None:
        super().__init__(f"Log a touch with {name}")
        self.today = today
        self.now = now
        self.tz = tz
        self.channel = channel or Channel.CALL.value

    def fields(self) -> ComposeResult:
        yield row("Channel", ChoiceBar(CHANNELS, self.channel, id="log-channel"))
        yield row("Who started", ChoiceBar(DIRECTIONS, id="log-direction"))
        yield row("Outcome", ChoiceBar(OUTCOMES, id="log-outcome"))
        yield row("Give / ask", ChoiceBar(EXCHANGES, id="log-exchange"))
        yield row("Note", Input(placeholder="what was said", compact=True, id="log-note"))
        yield row("When", Input(placeholder="now (or yesterday 14:30, mon)", compact=True,
                                id="log-when"))
        yield row("Next follow-up", WhenField(self.today, NEXT_CHOICES, id="log-next"))
        yield row("Reason", Input(placeholder="reason for the follow-up", compact=True,
                                  id="log-reason"))

    def result(self) -> TouchForm:
        when_text = self.query_one("#log-when", Input).value.strip()
        when = parse_moment(when_text, self.now, self.tz) if when_text else None
        if when is not None and when > self.now:
            raise UserError("a touch cannot be in the future; use f to plan a follow-up")
        due = self.query_one("#log-next", WhenField).value()
        if due is not None and due < self.today:
            raise UserError("the next follow-up cannot be in the past")
        exchange = self.query_one("#log-exchange", ChoiceBar).value
        return TouchForm(
            Channel(self.query_one("#log-channel", ChoiceBar).value),
            Direction(self.query_one("#log-direction", ChoiceBar).value),
            Outcome(self.query_one("#log-outcome", ChoiceBar).value),
            Exchange(exchange) if exchange else None,
            self.query_one("#log-note", Input).value.strip(),
            when,
            (due, self.query_one("#log-reason", Input).value.strip()) if due else None,
        )
