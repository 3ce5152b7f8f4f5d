"""The contact card (right pane): pinned notes, personal details, stage and reciprocity."""

from __future__ import annotations

from datetime import date, datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from relinbox.core.cadence import BUILDING, contact_status, parse_personal_dates, stage_on
from relinbox.core.clock import user_timezone
from relinbox.core.digest import personal_dates
from relinbox.core.models import Contact
from relinbox.tui.data import ContactView
from relinbox.tui.text import LATE_STYLE, due_phrase, short_day
from relinbox.tui.widgets.progress import bar, stage_bar


def local_time(contact: Contact, now: datetime) -> str | None:
    """"Tue 15:42 in Asia/Tokyo", or None when the contact has no (valid) time zone."""
    if not contact.timezone:
        return None
    try:
        zone = user_timezone(contact.timezone)
    except ValueError:
        return f"unknown time zone {contact.timezone!r}"
    there = now.astimezone(zone)
    return f"{there:%H:%M} {there:%a} in {contact.timezone}"


def date_lines(contact: Contact, today: date) -> list[tuple[str, str]]:
    """(label, "Tue 24 Nov (tomorrow)") for each personal date, soonest first."""
    rows = []
    for personal in parse_personal_dates(personal_dates(contact)):
        upcoming = personal.next_occurrence(today)
        if upcoming is None:
            continue
        rows.append((upcoming, personal.reason(upcoming, upcoming), due_phrase(upcoming, today)))
    rows.sort()
    return [(label, when) for _, label, when in rows]


Part = Content | str | tuple[str, str]


def section(title: str) -> Content:
    return Content.styled(f"{title}\n", "bold $text-primary")


def render_card(view: ContactView) -> Content:
    """The card as blocks separated by blank lines."""
    contact, plan, today = view.contact, view.plan, view.today
    blocks: list[list[Part]] = []
    head: list[Part] = [(contact.display_name, "bold")]
    role = " · ".join(p for p in (contact.org.title, contact.org.name) if p)
    if role:
        head += ["\n", (role, "$text-muted")]
    badges = [f"tier {contact.tier.value}", *contact.tags]
    if contact.starred:
        badges.insert(0, "★")
    head += ["\n", (" · ".join(badges), "$text-secondary")]
    where = local_time(contact, view.now)
    if where:
        head += ["\n", ("local time ", "$text-muted"), where]
    else:
        head += ["\n", ("no time zone set (e to edit)", "$text-muted")]
    blocks.append(head)

    pinned = [n for n in view.timeline.notes if n.pinned]
    if pinned:
        block: list[Part] = [section("Pinned")]
        for note in sorted(pinned, key=lambda n: n.created_at, reverse=True):
            block += [("▌", "$secondary"), note.text, "\n"]
        blocks.append(block)

    if plan is not None:
        stage = stage_on(plan, today)
        block = [section("Stage")]
        if plan.stage == BUILDING and stage == BUILDING:
            block += ["building ", stage_bar(plan.counted, plan.target, 12)]
        else:
            block += [(stage, "bold"), f" · {plan.counted} counted touches"]
        if plan.next_due is not None:
            status, _late = contact_status(plan, today)
            block += ["\nnext ", (due_phrase(plan.next_due, today), LATE_STYLE.get(status, ""))]
            if plan.reason:
                block += ["\n", (plan.reason, "$text-muted")]
        if plan.suggested_channel:
            block += ["\nsuggested ", (plan.suggested_channel, "$text-secondary")]
        blocks.append(block)
        both = plan.inbound + plan.outbound
        block = [section("Reciprocity")]
        block += [f"in {plan.inbound} ", (bar(plan.inbound, both, 8), "$accent"),
                  f" out {plan.outbound}\n", f"give {plan.gives} · ask {plan.asks}"]
        if plan.asks > plan.gives:
            block.append(("\n⚠ asking more than giving", "$warning"))
        blocks.append(block)

    followups = [f for f in view.timeline.followups if f.is_open]
    if followups:
        block = [section("Open follow-ups")]
        for followup in sorted(followups, key=lambda f: f.due):
            style = "$warning" if followup.due <= today else ""
            block += [("☐ ", style), (short_day(followup.due), style),
                      f" {followup.reason or 'follow up'}\n"]
        blocks.append(block)

    personal: list[Part] = []
    for relation in contact.related:
        personal += [(f"{relation.relation or 'related'}: ", "$text-muted"), relation.name, "\n"]
    for label, when in date_lines(contact, today):
        personal += [(f"{label}: ", "$text-muted"), when, "\n"]
    if contact.birthday_text and not contact.birthday:
        personal += [("birthday: ", "$text-muted"), contact.birthday_text, "\n"]
    for label, value in sorted(contact.custom.items()):
        personal += [(f"{label}: ", "$text-muted"), value, "\n"]
    if personal:
        blocks.append([section("Personal"), *personal])

    points = [*contact.phones, *contact.emails]
    if points:
        block = [section("Reach")]
        for point in points:
            label = f" ({point.label})" if point.label else ""
            block += [point.value, (label, "$text-muted"), "\n"]
        blocks.append(block)
    return Content("\n\n").join(Content.assemble(*block).rstrip() for block in blocks)


class CardPane(VerticalScroll):
    """The right pane."""

    BORDER_TITLE = "Card"

    def compose(self) -> ComposeResult:
        yield Static(id="card-body")

    def show(self, view: ContactView | None) -> None:
        body = self.query_one("#card-body", Static)
        body.update(render_card(view) if view is not None else "")
        self.scroll_home(animate=False)
