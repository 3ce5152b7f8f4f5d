"""A contact's history, newest first: touches, attempts, notes, follow-ups and snoozes."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import NamedTuple

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from relinbox.core.models import Direction, Touch
from relinbox.core.store import Timeline, TimelineRecord
from relinbox.tui.data import ContactView
from relinbox.tui.text import duration, short_day, stamp
from relinbox.tui.widgets.sparkline import Sparkline, monthly_counts

MAX_EVENTS = 150


def _touch_line(touch: Touch) -> Content:
    inbound = touch.direction is Direction.IN
    arrow = "← " if inbound else "→ "
    parts: list[str | tuple[str, str]] = [
        (arrow, "$accent" if inbound else "$primary"),
        (touch.channel.value, "bold"),
        " from them" if inbound else "",
    ]
    if not touch.counted:
        parts.append((f" · {touch.outcome.value}", "$warning"))
    if touch.duration_seconds:
        parts.append(f" · {duration(touch.duration_seconds)}")
    if touch.exchange is not None:
        parts.append((f" · {touch.exchange.value}", "$secondary"))
    return Content.assemble(*parts)


class Event(NamedTuple):
    """One entry of a timeline as shown, with the record it shows."""

    when: datetime
    body: Content
    record: TimelineRecord


def events(timeline: Timeline, today: date, tz: tzinfo) -> list[Event]:
    """The timeline's entries, newest first."""
    rows: list[Event] = []
    for touch in timeline.touches:
        head = _touch_line(touch)
        if touch.note:
            head = Content.assemble(head, "\n", (touch.note, "italic"))
        rows.append(Event(touch.when, head, touch))
    for note in timeline.notes:
        pin = "◆ pinned · " if note.pinned else "✎ "
        rows.append(Event(note.created_at, Content.assemble((pin, "$secondary"), note.text), note))
    for followup in timeline.followups:
        if followup.is_open:
            mark, style = "☐ follow-up", "$warning" if followup.due <= today else "$accent"
        else:
            mark, style = "☑ follow-up", "$text-muted"
        reason = f": {followup.reason}" if followup.reason else ""
        rows.append(Event(followup.created_at, Content.assemble(
            (mark, style), f" for {short_day(followup.due)}{reason}"
        ), followup))
    for snooze in timeline.snoozes:
        record = snooze.snooze
        rows.append(Event(record.at, Content.assemble(
            ("⏸ snoozed", "$text-muted"),
            f" {short_day(record.from_due)} → {short_day(record.to_due)}",
        ), snooze))
    rows.sort(key=lambda row: row.when, reverse=True)
    return rows


def render_events(view: ContactView, tz: tzinfo) -> Content:
    rows = events(view.timeline, view.today, tz)
    if not rows:
        return Content.styled("Nothing logged yet. l logs a touch, n adds a note.",
                              "$text-muted")
    parts: list[Content | str] = []
    for event in rows[:MAX_EVENTS]:
        parts += [
            Content.styled(stamp(event.when, tz, view.today), "$text-muted"), "\n", event.body,
            "\n\n",
        ]
    if len(rows) > MAX_EVENTS:
        parts.append(Content.styled(f"… {len(rows) - MAX_EVENTS} older events", "$text-muted"))
    return Content.assemble(*parts).rstrip()


class TimelinePane(VerticalScroll):
    """The centre pane."""

    BORDER_TITLE = "Timeline"

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-name")
        yield Sparkline(id="timeline-spark")
        yield Static(id="timeline-events")

    def show(self, view: ContactView | None, tz: tzinfo) -> None:
        name = self.query_one("#timeline-name", Static)
        spark = self.query_one("#timeline-spark", Sparkline)
        body = self.query_one("#timeline-events", Static)
        if view is None:
            name.update("")
            spark.display = False
            body.update(Content.styled("Nothing selected. / searches your contacts.",
                                       "$text-muted"))
            return
        name.update(Content.styled(view.contact.display_name, "bold"))
        spark.display = True
        spark.show(monthly_counts((t.when for t in view.timeline.touches if t.counted),
                                  view.today, tz), view.today)
        body.update(render_events(view, tz))
        self.scroll_home(animate=False)
