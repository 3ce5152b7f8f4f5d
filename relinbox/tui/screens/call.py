"""Call capture: the contact's context beside a note editor and a running timer.

The note is saved to a draft (`drafts.py`) at most half a second after each change, so a
killed terminal loses nothing; the next start offers the draft back. `ctrl+s` ends the call:
a short form asks for the outcome, who started it, give/ask and the next follow-up, then one
touch is logged with the duration and the note. Lines of the note starting with `[ ]` become
follow-ups: reason = the rest of the line; due = the next follow-up chosen, or two working
days from today when none is chosen.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static, TextArea

from relinbox.core.cadence import next_working_day
from relinbox.core.models import Direction, Exchange, Outcome
from relinbox.services.actions import ActionResult
from relinbox.services.errors import UserError
from relinbox.tui import drafts, operations
from relinbox.tui.commands import CALL, bindings
from relinbox.tui.data import ContactView
from relinbox.tui.editor import edit_text
from relinbox.tui.messages import StoreChanged
from relinbox.tui.screens.forms import EXCHANGES, OUTCOMES, FormScreen, row
from relinbox.tui.text import clock_face, short_day, stamp
from relinbox.tui.widgets.card import render_card, section
from relinbox.tui.widgets.choices import ChoiceBar
from relinbox.tui.widgets.timeline import events
from relinbox.tui.widgets.when_field import NEXT_CHOICES, WhenField
from relinbox.tui.work import run_in_thread

if TYPE_CHECKING:
    from relinbox.tui.app import RelinboxApp

SAVE_DELAY = 0.5  # seconds from a keystroke to the draft on disk (plus the write itself)
LAST_TOUCHES = 5
CALL_DIRECTIONS = ((Direction.OUT.value, "I called"), (Direction.IN.value, "they called"))
THEN = (("log", "log the call"), ("discard", "discard it (note too)"))


def default_task_due(today: date, settings) -> date:
    """Two working days from today: when a `[ ]` line is due if no follow-up is chosen."""
    return next_working_day(next_working_day(today, settings), settings)


@dataclass(frozen=True, slots=True)
class CallOutcome:
    outcome: Outcome
    direction: Direction
    exchange: Exchange | None
    next_due: date | None
    reason: str
    discard: bool = False


class CallEndScreen(FormScreen[CallOutcome]):
    def __init__(self, name: str, today: date, tasks: list[str], task_due: date) -> None:
        subtitle = ""
        self.none_text = "no follow-up"
        if tasks:
            lines = "1 [ ] line becomes a follow-up" if len(tasks) == 1 else (
                f"{len(tasks)} [ ] lines become follow-ups")
            subtitle = f"{lines}, due on the next follow-up you choose."
            self.none_text = f"[ ] lines due {short_day(task_due)} (two working days)"
        super().__init__(f"End the call with {name}", subtitle)
        self.today = today

    def fields(self) -> ComposeResult:
        yield row("Outcome", ChoiceBar(OUTCOMES, id="end-outcome"))
        yield row("Who called", ChoiceBar(CALL_DIRECTIONS, id="end-direction"))
        yield row("Give / ask", ChoiceBar(EXCHANGES, id="end-exchange"))
        yield row("Next follow-up", WhenField(self.today, NEXT_CHOICES, id="end-next",
                                              none_text=self.none_text))
        yield row("Reason", Input(placeholder="follow up on the call", compact=True,
                                  id="end-reason"))
        yield row("Then", ChoiceBar(THEN, id="end-then"))

    def result(self) -> CallOutcome:
        if self.query_one("#end-then", ChoiceBar).value == "discard":
            return CallOutcome(Outcome.CONNECTED, Direction.OUT, None, None, "", discard=True)
        due = self.query_one("#end-next", WhenField).value()
        if due is not None and due < self.today:
            raise UserError("the next follow-up cannot be in the past")
        exchange = self.query_one("#end-exchange", ChoiceBar).value
        return CallOutcome(
            Outcome(self.query_one("#end-outcome", ChoiceBar).value),
            Direction(self.query_one("#end-direction", ChoiceBar).value),
            Exchange(exchange) if exchange else None,
            due,
            self.query_one("#end-reason", Input).value.strip(),
        )


def render_context(view: ContactView, tz) -> Content:
    parts: list = [render_card(view)]
    latest = events(view.timeline, view.today, tz)[:LAST_TOUCHES]
    if latest:
        parts += ["\n\n", section("Latest")]
        for event in latest:
            parts += [Content.styled(stamp(event.when, tz, view.today), "$text-muted"), "\n",
                      event.body, "\n"]
    return Content.assemble(*parts)


class CallScreen(Screen[ActionResult | None]):
    CSS_PATH = "call.tcss"
    BINDINGS = bindings(CALL)

    def __init__(self, uid: str | None, *, query: str | None = None,
                 draft: drafts.Draft | None = None) -> None:
        """Call `uid`; or, from the shell, whoever `query` names (resolved in a worker while
        the editor already takes keys)."""
        super().__init__()
        self.uid = uid
        self.query_text = query
        self.draft = draft
        self.contact_name = draft.name if draft else (query or "")
        self._base_seconds = draft.seconds if draft else 0.0
        self._started = 0.0
        self._save_pending = False
        self._dirty = False
        self._ending = False
        self._draft_lock = threading.Lock()

    @property
    def rapp(self) -> RelinboxApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="call-top"):
            yield Static(id="call-title")
            yield Static(id="call-timer")
        with Horizontal(id="call-body"):
            yield VerticalScroll(Static(id="call-context-body"), id="call-context")
            with Vertical(id="call-notes"):
                yield TextArea(self.draft.text if self.draft else "", id="call-note",
                               soft_wrap=True)
                yield Static(id="call-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#call-context").border_title = "Context"
        self.query_one("#call-note").border_title = "Notes"
        self._started = self.rapp.monotonic()
        area = self.query_one("#call-note", TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        self._title()
        self._tick()
        self.set_interval(1.0, self._tick)
        self.query_one("#call-status", Static).update(Content.styled(
            "Saved as you type · a line starting [ ] becomes a follow-up", "$text-muted"))
        self.rapp.editor_ready()
        if self.uid is not None:
            self._start(self.uid)
        else:  # after the first frame: the editor first, then the look-up
            self.call_after_refresh(self._resolve)

    def _resolve(self) -> None:
        data = self.rapp.data
        query = self.query_text or ""
        run_in_thread(self, lambda: data.resolve(query).uid, self._resolved,
                      group="call-view", on_error=lambda _: self._choose(query))

    def _resolved(self, uid: str) -> None:
        """The contact is known: pick up a draft left for them, then show their context."""
        found = drafts.find(self.rapp.data.db_path, uid) if self.draft is None else None
        if found is not None:
            area = self.query_one("#call-note", TextArea)
            typed = area.text
            area.text = found.text + (("\n" + typed) if typed else "")
            area.move_cursor(area.document.end)
            self._base_seconds = found.seconds
            self.draft = found
            self._dirty = bool(typed)
            self.notify("Recovered the unsaved notes of your last call.", timeout=6)
        self._start(uid)

    def _choose(self, query: str) -> None:
        """`relinbox call` named nobody (or several): pick the contact by searching."""
        from relinbox.tui.screens.search import SearchScreen

        def chosen(uid: str | None) -> None:
            if uid is None:
                self.dismiss(None)
            else:
                self._resolved(uid)

        self.app.push_screen(SearchScreen(query), chosen)

    def _start(self, uid: str) -> None:
        self.uid = uid
        if self.draft is None:
            now = self.rapp.data.now()
            self.draft = drafts.Draft(
                drafts.store_key(self.rapp.data.db_path), uid, self.contact_name,
                now.isoformat(),
            )
        self.load_context()
        if self._dirty:
            self._changed()

    def load_context(self) -> None:
        if self.uid is None:
            return
        data = self.rapp.data
        uid = self.uid
        run_in_thread(self, lambda: data.contact_view(uid), self._show_context,
                      group="call-view", exclusive=True)

    def _show_context(self, view: ContactView | None) -> None:
        body = self.query_one("#call-context-body", Static)
        if view is None:
            body.update(Content.styled("This contact no longer exists.", "$error"))
            return
        self.contact_name = view.contact.display_name
        if self.draft is not None:
            self.draft.name = self.contact_name
        self._title()
        body.update(render_context(view, self.rapp.data.clock.tz))

    def on_store_changed(self, _: StoreChanged) -> None:
        self.load_context()

    def _title(self) -> None:
        self.query_one("#call-title", Static).update(Content.assemble(
            ("● ", "$error"), "Call with ", (self.contact_name or "…", "bold")))

    def elapsed(self) -> float:
        return self._base_seconds + self.rapp.monotonic() - self._started

    def _tick(self) -> None:
        self.query_one("#call-timer", Static).update(
            Content.styled(clock_face(self.elapsed()), "bold"))

    # --- the draft -----------------------------------------------------------------------

    @on(TextArea.Changed, "#call-note")
    def _changed(self) -> None:
        self._dirty = True
        if not self._save_pending:
            self._save_pending = True
            self.set_timer(SAVE_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        self._save_pending = False
        if self.draft is None and not self._ending:  # the contact is still being looked up
            self._save_pending = True
            self.set_timer(0.2, self._save_draft)
            return
        if not self._dirty or self.draft is None or self._ending:
            return
        self._dirty = False
        self.draft.text = self.query_one("#call-note", TextArea).text
        self.draft.seconds = self.elapsed()
        snapshot = drafts.Draft(**{k: getattr(self.draft, k) for k in (
            "store", "contact", "name", "started_at", "seconds", "text")})

        def saved(path) -> None:
            if path is None:
                return
            if self.draft is not None:
                self.draft.path = path
            self.query_one("#call-status", Static).update(Content.styled(
                f"Saved {self.rapp.data.now():%H:%M:%S} · a line starting [ ] becomes a "
                "follow-up", "$text-muted"))

        def write():
            with self._draft_lock:
                return None if self._ending else drafts.save(snapshot)

        run_in_thread(self, write, saved, group="draft")

    # --- actions -------------------------------------------------------------------------

    def action_editor(self) -> None:
        area = self.query_one("#call-note", TextArea)
        try:
            area.text = edit_text(self.app, area.text)
        except UserError as error:
            self.notify(str(error), severity="warning")
        area.focus()

    def action_end_call(self) -> None:
        if self.uid is None:
            self.notify("still looking up who you are calling…", severity="warning")
            return
        seconds = round(self.elapsed())
        text = self.query_one("#call-note", TextArea).text
        tasks = drafts.task_lines(text)
        data = self.rapp.data
        uid = self.uid
        today = data.today()
        task_due = default_task_due(today, data.planner.settings)

        def chosen(answer: CallOutcome | None) -> None:
            if answer is None:
                self.query_one("#call-note", TextArea).focus()
                return
            if answer.discard:
                self._finish(None, "call discarded")
                return
            due = answer.next_due
            if tasks:
                followups = [(due or task_due, reason) for reason in tasks]
            elif due is not None:
                followups = [(due, answer.reason or "follow up on the call")]
            else:
                followups = []
            self._ending = True
            run_in_thread(
                self,
                lambda: operations.log_call(
                    data, uid, seconds=seconds, note_text=text, outcome=answer.outcome,
                    direction=answer.direction, exchange=answer.exchange, followups=followups,
                ),
                lambda result: self._finish(result, result.message),
                group="write",
                on_error=lambda _: setattr(self, "_ending", False),
            )

        self.app.push_screen(CallEndScreen(self.contact_name, today, tasks, task_due), chosen)

    def _finish(self, result: ActionResult | None, message: str) -> None:
        self._ending = True
        draft = self.draft
        if draft is not None and self.uid is not None:
            if draft.path is None:
                draft.path = drafts.draft_path(self.rapp.data.db_path, self.uid)
            with self._draft_lock:
                drafts.discard(draft)
        self.notify(message, timeout=4)
        self.dismiss(result)
