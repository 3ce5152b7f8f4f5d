"""The successor's brief: one readable Markdown page per contact, and the index."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from relinbox import __version__
from relinbox.core.cadence import (
    AT_RISK,
    DORMANT,
    DUE,
    OVERDUE,
    Schedule,
    contact_status,
)
from relinbox.core.models import (
    Contact,
    Direction,
    FollowUp,
    ImportantDate,
    Note,
    Touch,
)
from relinbox.core.store import Timeline
from relinbox.interop.bundle import BUNDLE_FILE
from relinbox.services.calendar import stage_text

LAST_TOUCHES = 10
OTHER_NOTES = 10
DAY = "%a %d %b %Y"



@dataclass(frozen=True, slots=True)
class IndexRow:
    """One line of the handover index."""

    name: str
    stage: str
    next_due: date | None
    file: str


# --- the brief -------------------------------------------------------------------------------


def render_brief(
    contact: Contact,
    plan: Schedule,
    timeline: Timeline,
    *,
    today: date,
    now: datetime,
    tz: tzinfo,
) -> str:
    """The Markdown brief of one contact."""
    lines = [f"# {md(contact.display_name)}", ""]
    lines += _who(contact, plan)
    lines += ["", "## Where things stand", ""]
    lines += _standing(plan, timeline, today, tz)
    lines += ["", "## Open follow-ups and promises", ""]
    lines += _followups(timeline.followups, tz)
    lines += ["", "## Contact points", ""]
    lines += _contact_points(contact) or ["None recorded."]
    lines += ["", "## Pinned notes", ""]
    pinned = sorted((n for n in timeline.notes if n.pinned), key=_note_order, reverse=True)
    lines += [line for note in pinned for line in bullet(note.text)] or ["None."]
    lines += ["", "## Personal details", ""]
    lines += _personal(contact) or ["None recorded."]
    lines += ["", "## Last touches", ""]
    lines += _touches(timeline.touches, tz)
    others = sorted((n for n in timeline.notes if not n.pinned), key=_note_order, reverse=True)
    if others:
        lines += ["", "## Other notes", ""]
        for note in others[:OTHER_NOTES]:
            lines += bullet(note.text, f"{_day(note.created_at, tz)} — ")
        if len(others) > OTHER_NOTES:
            lines.append(f"\n_{len(others) - OTHER_NOTES} older notes are in the bundle._")
    lines += [
        "",
        "---",
        "",
        f"relinbox contact `{contact.uid}` · handed over {_day(now, tz)} · "
        f"relinbox {__version__}",
        "",
    ]
    return "\n".join(lines)


def _who(contact: Contact, plan: Schedule) -> list[str]:
    lines = []
    role = ", ".join(p for p in (contact.org.title, contact.org.department) if p)
    org = " at ".join(p for p in (role, contact.org.name) if p)
    if org:
        lines.append(f"**{md(org)}**")
        lines.append("")
    facts = [f"Tier {contact.tier.value}"]
    if contact.nickname:
        facts.append(f"known as {md(contact.nickname)}")
    if contact.tags:
        facts.append("tags: " + ", ".join(md(t) for t in contact.tags))
    if contact.starred:
        facts.append("starred")
    if contact.archived:
        facts.append("archived")
    if plan.paused:
        facts.append("cadence paused")
    lines.append(" · ".join(facts))
    return lines


def _standing(plan: Schedule, timeline: Timeline, today: date, tz: tzinfo) -> list[str]:
    lines = [f"- **Stage:** {md(stage_text(plan, today))}"]
    if plan.next_due is None:
        why = "archived" if plan.archived else "paused"
        lines.append(f"- **Next due:** none ({why})")
    else:
        what = "follow-up" if plan.kind == "follow-up" else "cadence"
        lines.append(
            f"- **Next due:** {plan.next_due:{DAY}} — {md(plan.reason)} ({what}, "
            f"{_status(plan, today)})"
        )
    if plan.suggested_channel:
        lines.append(f"- **Suggested channel:** {plan.suggested_channel}")
    warning = " — asking more than giving" if plan.asks > plan.gives else ""
    lines.append(
        f"- **Reciprocity:** {plan.inbound} in / {plan.outbound} out · "
        f"{_count(plan.gives, 'give', 'gives')} / {_count(plan.asks, 'ask', 'asks')}{warning}"
    )
    attempts = sum(1 for t in timeline.touches if not t.counted)
    if attempts:
        lines.append(f"- **Attempts without an answer:** {attempts}")
    if plan.last_counted_on is not None:
        lines.append(f"- **Last counted touch:** {plan.last_counted_on:{DAY}}")
    return lines


def _status(plan: Schedule, today: date) -> str:
    status, late = contact_status(plan, today)
    days = _count(late, "day", "days")
    if status == DUE:
        return "due today"
    if status == OVERDUE:
        return f"overdue by {days}"
    if status == AT_RISK:
        return f"at risk, {days} late"
    if status == DORMANT:
        return f"dormant, {days} late"
    return "upcoming"


def _followups(followups: list[FollowUp], tz: tzinfo) -> list[str]:
    open_ones = sorted((f for f in followups if f.is_open), key=lambda f: (f.due, f.uid))
    lines = []
    for followup in open_ones:
        detail = f"promised {_day(followup.created_at, tz)}"
        if followup.snoozes:
            times = len(followup.snoozes)
            detail += f"; snoozed {'once' if times == 1 else f'{times} times'}"
        lines.append(
            f"- [ ] **{followup.due:{DAY}}** — {md(followup.reason or 'follow up')} ({detail})"
        )
    return lines or ["None open."]


def _contact_points(contact: Contact) -> list[str]:
    lines = []
    for label, points in (("E-mail", contact.emails), ("Phone", contact.phones)):
        for point in sorted(points, key=lambda p: not p.primary):
            notes = [n for n in (point.label, "primary" if point.primary else "") if n]
            suffix = f" ({md(', '.join(notes))})" if notes else ""
            lines.append(f"- {label}: {md(point.value)}{suffix}")
    for address in contact.addresses:
        parts = address.formatted or ", ".join(
            p
            for p in (
                address.po_box,
                address.extended,
                address.street,
                address.city,
                address.region,
                address.postcode,
                address.country,
            )
            if p
        )
        if parts:
            suffix = f" ({md(address.label)})" if address.label else ""
            lines.append(f"- Address: {md(' '.join(parts.split()))}{suffix}")
    for url in contact.urls:
        lines.append(f"- Web: {md(url)}")
    if contact.linkedin:
        lines.append(f"- LinkedIn: {md(contact.linkedin)}")
    if contact.timezone:
        lines.append(f"- Time zone: {md(contact.timezone)}")
    return lines


def _personal(contact: Contact) -> list[str]:
    lines = []
    if contact.birthday:
        lines.append(f"- Birthday: {personal_date(contact.birthday)}")
    elif contact.birthday_text:
        lines.append(f"- Birthday: {md(contact.birthday_text)}")
    if contact.anniversary:
        lines.append(f"- Anniversary: {personal_date(contact.anniversary)}")
    for important in contact.important_dates:
        lines.append(f"- {md(_capital(important.label) or 'Date')}: {_important(important)}")
    for person in contact.related:
        relation = f" ({md(person.relation)})" if person.relation else ""
        lines.append(f"- Related: {md(person.name)}{relation}")
    if contact.connected_on:
        lines.append(f"- Connected on LinkedIn: {md(contact.connected_on)}")
    for key, value in sorted(contact.custom.items()):
        lines.append(f"- {md(_capital(key))}: {md(value)}")
    if contact.notes.strip():
        lines += bullet(contact.notes, "Preferences and notes: ")
    return lines


def _important(important: ImportantDate) -> str:
    text = personal_date(important.date)
    if important.date.startswith("--") or important.yearly:
        return f"{text} (every year)"
    return f"{text} (once)"


def personal_date(text: str) -> str:
    """"--12-10" -> "10 December"; "1815-12-10" -> "10 December 1815"."""
    try:
        if text.startswith("--"):
            return f"{date.fromisoformat('2000' + text[1:]):%d %B}".lstrip("0")
        return f"{date.fromisoformat(text):%d %B %Y}".lstrip("0")
    except ValueError:
        return md(text)


def _touches(touches: list[Touch], tz: tzinfo) -> list[str]:
    if not touches:
        return ["None yet."]
    ordered = sorted(touches, key=lambda t: (t.when, t.logged_at, t.uid), reverse=True)
    lines = [
        "| Date | Channel | Direction | Outcome | Give/ask | Note |",
        "|---|---|---|---|---|---|",
    ]
    for touch in ordered[:LAST_TOUCHES]:
        channel = touch.channel.value
        if touch.duration_seconds:
            channel += f", {max(1, round(touch.duration_seconds / 60))} min"
        direction = "they reached out" if touch.direction is Direction.IN else "we reached out"
        outcome = touch.outcome.value if touch.counted else f"{touch.outcome.value} (attempt)"
        exchange = touch.exchange.value if touch.exchange else ""
        cells = [_day(touch.when, tz), channel, direction, outcome, exchange, cell(touch.note)]
        lines.append("| " + " | ".join(cells) + " |")
    if len(ordered) > LAST_TOUCHES:
        lines += ["", f"_The {LAST_TOUCHES} most recent of {len(ordered)} touches; the bundle "
                  "holds them all._"]
    return lines


def render_index(rows: Sequence[IndexRow], *, now: datetime, tz: tzinfo) -> str:
    """README.md: what the folder is, how to import it, and a table of the briefs."""
    people = _count(len(rows), "relationship", "relationships")
    lines = [
        f"# Handover: {people}",
        "",
        f"Handed over on {_day(now, tz)} from relinbox {__version__}. Each file below is a "
        "brief on one person: where the relationship stands, open promises, the personal "
        "details that matter and the last touches.",
        "",
        f"`{BUNDLE_FILE}` holds the same contacts with their whole timelines. To take them "
        "over in your own relinbox, import this folder:",
        "",
        "```sh",
        "relinbox import path/to/this/folder",
        "```",
        "",
        "| Name | Stage | Next due | File |",
        "|---|---|---|---|",
    ]
    for row in rows:
        due = f"{row.next_due:%Y-%m-%d}" if row.next_due else "—"
        lines.append(f"| {cell(row.name)} | {cell(row.stage)} | {due} | [{row.file}]({row.file}) |")
    lines.append("")
    return "\n".join(lines)


# --- Markdown text --------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*\[\]<>|])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_BLOCK_START = re.compile(r"^(\s*)([#>+=~-]|\d+[.)])")


def md(text: str) -> str:
    """One line of user text, safe inside Markdown: markup characters are escaped, line breaks
    become spaces. Underscores inside words (first_last) are left alone."""
    text = " ".join(text.split())
    text = _INLINE.sub(r"\\\1", text)
    return _UNDERSCORE.sub(r"\\_", text)


def cell(text: str) -> str:
    """User text for a table cell (the lines of a multi-line text joined with " / ")."""
    return " / ".join(md(line) for line in text.splitlines() if line.strip())


def bullet(text: str, prefix: str = "") -> list[str]:
    """A list item holding multi-line user text; the lines after the first are indented."""
    lines = text.strip().splitlines() or [""]
    result = [f"- {prefix}{md(lines[0])}"]
    for line in lines[1:]:
        escaped = md(line)
        if escaped:
            escaped = _BLOCK_START.sub(r"\1\\\2", escaped)
        result.append(f"  {escaped}" if escaped else "")
    return result


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _day(moment: datetime, tz: tzinfo) -> str:
    return f"{moment.astimezone(tz):{DAY}}"


def _note_order(note: Note) -> tuple[datetime, str]:
    return note.created_at, note.uid
