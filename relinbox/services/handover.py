"""Succession handover: briefs a successor can read, and a bundle their relinbox imports.

`relinbox handover -o DIR` writes, for the chosen contacts:

- `DIR/<slug>.md`: one readable brief per contact (who they are, where the relationship
  stands, promises, the details that build trust, the last touches);
- `DIR/README.md`: an index of the briefs;
- `DIR/relinbox-bundle.json`: the contacts with their whole timelines (`interop.bundle`).

`import_bundle` applies a bundle to a store, keeping every uid, so importing the same bundle
again changes nothing. docs/handover.md describes both sides.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

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
from relinbox.core.store import Store, Timeline
from relinbox.core.store.files import atomic_write, make_private_dir
from relinbox.core.text import fold
from relinbox.interop.bundle import BUNDLE_FILE, TIMELINE_TABLES, Bundle, make_bundle
from relinbox.interop.problems import NOTICE, WARNING, Problem
from relinbox.services.calendar import stage_text
from relinbox.services.contacts import resolve_contact
from relinbox.services.errors import UserError
from relinbox.services.planner import Planner

INDEX_FILE = "README.md"
LAST_TOUCHES = 10
OTHER_NOTES = 10
SLUG_LENGTH = 60
DAY = "%a %d %b %Y"
_RESERVED_SLUGS = frozenset({"readme", "relinbox-bundle"})


# --- choosing contacts ----------------------------------------------------------------------


def select_contacts(
    store: Store, *, tags: Sequence[str] = (), queries: Sequence[str] = ()
) -> list[Contact]:
    """The contacts to hand over, by name.

    `queries` are CONTACT queries (uid, name, e-mail, prefix), each resolved to exactly one
    contact, archived ones included; else `tags` pick the non-archived contacts carrying any
    of them (case-insensitive); with neither, every non-archived contact.
    """
    if queries:
        chosen = {c.uid: c for c in (resolve_contact(store, q) for q in queries)}
        contacts = list(chosen.values())
    else:
        contacts = [c for c in store.contacts() if not c.archived]
        if tags:
            wanted = {tag.strip().casefold() for tag in tags}
            contacts = [c for c in contacts if wanted & {t.casefold() for t in c.tags}]
            if not contacts:
                named = ", ".join(repr(t) for t in tags)
                raise UserError(f"no active contact is tagged {named} (try `relinbox list`)")
    if not contacts:
        raise UserError("there is no contact to hand over")
    return sorted(contacts, key=lambda c: (fold(c.display_name), c.uid))


# --- writing a handover --------------------------------------------------------------------


@dataclass(slots=True)
class HandoverResult:
    folder: Path
    briefs: list[Path]
    index: Path
    bundle: Path
    contacts: int

    def summary(self) -> str:
        people = f"{self.contacts} contact{'s' if self.contacts != 1 else ''}"
        return (
            f"handed over {people} to {self.folder}: {len(self.briefs)} briefs, "
            f"{INDEX_FILE}, {BUNDLE_FILE}"
        )


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    stage: str
    next_due: date | None
    file: str


def write_handover(
    store: Store,
    planner: Planner,
    contacts: Sequence[Contact],
    folder: Path,
    *,
    today: date,
    now: datetime,
) -> HandoverResult:
    """Write the briefs, the index and the bundle of `contacts` into `folder`.

    `folder` must be new or empty, so a handover never mixes with older files. Each file is
    written atomically and readable by the owner only, like the store; the bundle comes last.
    """
    folder = Path(folder).expanduser()
    if folder.exists():
        if not folder.is_dir():
            raise UserError(f"{folder} is a file; give a new or empty folder")
        if any(folder.iterdir()):
            raise UserError(f"{folder} is not empty; give a new or empty folder")
    make_private_dir(folder)
    tz = planner.clock.tz
    timelines: dict[str, Timeline] = {}
    rows: list[_Row] = []
    briefs: list[Path] = []
    for contact, stem in zip(contacts, unique_slugs(contacts), strict=True):
        plan = planner.schedule_for(store, contact.uid)
        if plan is None:
            raise UserError(
                f"{contact.display_name} has no digest; run `relinbox doctor --repair`"
            )
        timeline = store.timeline(contact.uid)
        timelines[contact.uid] = timeline
        path = folder / f"{stem}.md"
        text = render_brief(contact, plan, timeline, today=today, now=now, tz=tz)
        atomic_write(path, text.encode("utf-8"))
        briefs.append(path)
        rows.append(_Row(contact.display_name, stage_text(plan, today), plan.next_due, path.name))
    index = folder / INDEX_FILE
    atomic_write(index, render_index(rows, now=now, tz=tz).encode("utf-8"))
    bundle = make_bundle(contacts, timelines, exported_at=now)
    bundle_path = folder / BUNDLE_FILE
    atomic_write(bundle_path, bundle.to_bytes())
    return HandoverResult(folder, briefs, index, bundle_path, len(contacts))


def slug(name: str) -> str:
    """A file name stem for a person: "Zoë Ålund" -> "zoe-alund"; letters of any script stay."""
    text = re.sub(r"[\W_]+", "-", fold(name)).strip("-")
    return text[:SLUG_LENGTH].rstrip("-") or "contact"


def unique_slugs(contacts: Sequence[Contact]) -> list[str]:
    """One slug per contact, distinct even on case-insensitive file systems: a repeated name
    gets the start of the uid appended."""
    taken = set(_RESERVED_SLUGS)
    result = []
    for contact in contacts:
        base = slug(contact.display_name)
        safe_uid = re.sub(r"[\W_]+", "-", contact.uid.casefold()).strip("-") or "x"
        for candidate in (base, f"{base}-{safe_uid[:8]}", f"{base}-{safe_uid}"):
            if candidate.casefold() not in taken:
                break
        else:
            number = 2
            while f"{base}-{safe_uid}-{number}" in taken:
                number += 1
            candidate = f"{base}-{safe_uid}-{number}"
        taken.add(candidate.casefold())
        result.append(candidate)
    return result


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


def render_index(rows: Sequence[_Row], *, now: datetime, tz: tzinfo) -> str:
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


# --- importing a bundle ----------------------------------------------------------------------


@dataclass(slots=True)
class BundleResult:
    """What `import_bundle` did (or would do, in a dry run), counted in contacts."""

    imported: int = 0  # new contacts
    updated: int = 0  # contacts whose record or timeline changed
    unchanged: int = 0
    skipped: int = 0
    added_records: int = 0  # timeline records added
    updated_records: int = 0  # timeline records replaced by a newer revision
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} imported, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {len(self.problems)} problems "
            f"({self.added_records} timeline records added, {self.updated_records} updated)"
        )

    def to_doc(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "added_records": self.added_records,
            "updated_records": self.updated_records,
            "problems": [p.to_doc() for p in self.problems],
        }


_KIND = {"touches": "touch", "notes": "note", "followups": "follow-up", "snoozes": "snooze"}


def import_bundle(store: Store, bundle: Bundle, *, dry_run: bool = False) -> BundleResult:
    """Apply a bundle to the store, keeping every uid; written in one batch.

    - A new contact is added with its whole timeline.
    - A contact already here is updated only when the bundle's copy is newer (`updated_at`):
      each field that differs takes the bundle's value (provenance is joined). Otherwise the
      stored copy is kept (a notice says so when they differ).
    - Timeline records are added by uid and never duplicated. A record already here is
      replaced only by a newer revision: a follow-up with a higher `sequence` (or a later
      change), a note edited later. Touches and snoozes never change once written.
    - A record whose uid is on another contact's timeline here (after a merge) is left there.
      A bundle contact that is missing here but whose records are all found on one contact
      was merged into it: its new records go to that contact, and it is not re-created.
    """
    importer = _Importer(store, bundle)
    importer.run()
    if importer.writes and not dry_run:
        with store.batch() as batch:
            for record in importer.writes:
                batch.put(record)
    return importer.result


@dataclass
class _Importer:
    store: Store
    bundle: Bundle
    result: BundleResult = field(default_factory=BundleResult)
    writes: list[Any] = field(default_factory=list)
    _owners: dict[tuple[str, str], str] | None = None  # (table, uid) -> contact, whole store

    @property
    def file(self) -> str:
        return str(self.bundle.path) if self.bundle.path else BUNDLE_FILE

    def problem(self, severity: str, message: str) -> None:
        self.result.problems.append(Problem(self.file, 1, severity, message))

    def owners(self) -> dict[tuple[str, str], str]:
        """Which contact holds each timeline record of the store (read once, when needed)."""
        if self._owners is None:
            owners: dict[tuple[str, str], str] = {}
            for contact in self.store.contacts():
                timeline = self.store.timeline(contact.uid)
                for table in TIMELINE_TABLES:
                    for record in getattr(timeline, table):
                        owners[(table, record.uid)] = contact.uid
            self._owners = owners
        return self._owners

    def run(self) -> None:
        timelines = self.bundle.timelines()
        for contact in self.bundle.contacts:
            self.contact(contact, timelines.get(contact.uid) or Timeline())

    def contact(self, incoming: Contact, timeline: Timeline) -> None:
        stored = self.store.contact(incoming.uid)
        if stored is None:
            target = self.merged_into(incoming, timeline)
            if target is None:
                self.writes.append(incoming)
                for table in TIMELINE_TABLES:
                    self.writes += getattr(timeline, table)
                    self.result.added_records += len(getattr(timeline, table))
                self.result.imported += 1
                return
            owner = self.store.contact(target)
            assert owner is not None
            self.problem(
                NOTICE,
                f"{incoming.display_name} ({incoming.uid}) is not in this store, but its "
                f"timeline is on {owner.display_name} ({owner.uid}), merged here: new records "
                "go to that contact",
            )
            timeline = _moved(timeline, owner.uid)
            changed = self.timeline(owner, timeline)
        else:
            changed = self.contact_fields(stored, incoming)
            changed = self.timeline(stored, timeline) or changed
        if changed:
            self.result.updated += 1
        else:
            self.result.unchanged += 1

    def merged_into(self, incoming: Contact, timeline: Timeline) -> str | None:
        """The contact of this store that holds the records of a missing contact, if any."""
        keys = [(t, r.uid) for t in TIMELINE_TABLES for r in getattr(timeline, t)]
        if not keys:
            return None
        owners = self.owners()
        found = Counter(owners[key] for key in keys if key in owners)
        if not found:
            return None
        return min(found, key=lambda uid: (-found[uid], uid))

    def contact_fields(self, stored: Contact, incoming: Contact) -> bool:
        if _comparable(stored) == _comparable(incoming):
            return False
        if incoming.updated_at <= stored.updated_at:
            if incoming.updated_at < stored.updated_at:
                self.problem(
                    NOTICE,
                    f"kept this store's copy of {stored.display_name} ({stored.uid}): it was "
                    "changed here after the bundle's copy",
                )
            return False
        changes: dict[str, Any] = {}
        for item in dataclasses.fields(Contact):
            name = item.name
            mine, theirs = getattr(stored, name), getattr(incoming, name)
            if mine != theirs:
                changes[name] = theirs
        changes["provenance"] = _union_provenance(stored, incoming)
        changes["created_at"] = min(stored.created_at, incoming.created_at)
        self.writes.append(dataclasses.replace(stored, **changes))
        return True

    def timeline(self, owner: Contact, incoming: Timeline) -> bool:
        mine = self.store.timeline(owner.uid)
        changed = False
        for table in TIMELINE_TABLES:
            stored_by_uid = {record.uid: record for record in getattr(mine, table)}
            for record in getattr(incoming, table):
                kept = stored_by_uid.get(record.uid)
                if kept is None:
                    elsewhere = self.owners().get((table, record.uid))
                    if elsewhere is not None and elsewhere != owner.uid:
                        self.problem(
                            WARNING,
                            f"{_KIND[table]} {record.uid} of {owner.display_name} is already "
                            f"on another contact's timeline here ({elsewhere}); left there",
                        )
                        continue
                    self.writes.append(record)
                    self.result.added_records += 1
                    changed = True
                elif kept.to_doc() == record.to_doc():
                    continue
                elif _newer(table, record, kept):
                    self.writes.append(record)
                    self.result.updated_records += 1
                    changed = True
                elif table in ("touches", "snoozes") or not _newer(table, kept, record):
                    self.problem(
                        NOTICE,
                        f"{_KIND[table]} {record.uid} of {owner.display_name} differs from "
                        "the one here; kept this store's",
                    )
        return changed


def _newer(table: str, candidate: Any, than: Any) -> bool:
    """Is `candidate` a later revision of the same record than `than`?"""
    revision: Callable[[Any], tuple[Any, ...]]
    if table == "followups":
        def revision(f: FollowUp) -> tuple[Any, ...]:
            return (f.sequence, f.updated_at or f.created_at)
    elif table == "notes":
        def revision(n: Note) -> tuple[Any, ...]:
            return (n.edited_at or n.created_at,)
    else:
        return False  # touches and snoozes are never revised
    return revision(candidate) > revision(than)


def _moved(timeline: Timeline, contact_uid: str) -> Timeline:
    return Timeline(
        **{
            table: [dataclasses.replace(r, contact=contact_uid) for r in getattr(timeline, table)]
            for table in TIMELINE_TABLES
        }
    )


def _comparable(contact: Contact) -> dict[str, Any]:
    doc = contact.to_doc()
    del doc["updated_at"]
    return doc


def _union_provenance(stored: Contact, incoming: Contact) -> list[Any]:
    seen = {(p.source, p.key) for p in incoming.provenance}
    return list(incoming.provenance) + [
        p for p in stored.provenance if (p.source, p.key) not in seen
    ]

