"""What a user does to a relationship: log, note, follow up, snooze, done, add, edit, and
remove or move an entry logged by mistake.

Each action writes through the store in one batch (one contact: one atomic write) and returns
an `ActionResult` holding a short message for the user and the operations that undo it (or,
for a move, which takes two durable steps, the move that reverts it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from relinbox.core.cadence import FOLLOW_UP, Schedule
from relinbox.core.models import (
    CadenceSnooze,
    Channel,
    Contact,
    ContactPoint,
    Direction,
    Exchange,
    FollowUp,
    FollowUpStatus,
    Note,
    Outcome,
    Provenance,
    RecordError,
    Snooze,
    Tier,
    Touch,
    check_personal_date,
)
from relinbox.core.store import Store, TimelineRecord
from relinbox.core.store.store import Record
from relinbox.services.errors import UserError

Operation = tuple[str, Record]


@dataclass(frozen=True, slots=True)
class ActionResult:
    message: str
    undo: tuple[Operation, ...] = ()
    records: tuple[Record, ...] = field(default=())
    revert: Callable[[Store], object] | None = None  # instead of `undo`, when one batch won't do


def undo(store: Store, result: ActionResult) -> None:
    """Revert an action (the app's `u`)."""
    if result.revert is not None:
        result.revert(store)
    elif result.undo:
        store.apply(result.undo)


def add_contact(
    store: Store,
    name: str,
    *,
    now: datetime,
    emails: Sequence[str] = (),
    phones: Sequence[str] = (),
    tags: Sequence[str] = (),
    tier: str = "B",
    birthday: str | None = None,
    org: str = "",
    title: str = "",
    timezone: str | None = None,
) -> ActionResult:
    name = name.strip()
    if not name:
        raise UserError("a contact needs a name")
    try:
        if birthday:
            check_personal_date(birthday, "birthday")
        contact_tier = Tier(tier.upper())
    except RecordError as error:
        raise UserError(f"{error} (a birthday without a year is written --MM-DD)") from None
    except ValueError:
        raise UserError(f"tier is {tier!r}; expected A, B or C") from None
    contact = Contact(
        display_name=name,
        emails=[ContactPoint(e.strip(), primary=i == 0) for i, e in enumerate(emails)],
        phones=[ContactPoint(p.strip(), primary=i == 0) for i, p in enumerate(phones)],
        tags=_unique(tags),
        tier=contact_tier,
        birthday=birthday or None,
        timezone=timezone,
        provenance=[Provenance("manual", imported_at=now.isoformat())],
        created_at=now,
        updated_at=now,
    )
    contact.org.name, contact.org.title = org, title
    given, _, family = name.rpartition(" ")
    contact.name.given, contact.name.family = (given, family) if given else (family, "")
    store.put(contact)
    return ActionResult(f"added {contact.display_name}", (("delete", contact),), (contact,))


def update_contact(store: Store, before: Contact, after: Contact, *, now: datetime) -> ActionResult:
    after = dataclasses.replace(after, updated_at=now)
    store.put(after)
    return ActionResult(f"saved {after.display_name}", (("put", before),), (after,))


def log_touch(
    store: Store,
    contact: Contact,
    channel: Channel,
    *,
    when: datetime,
    now: datetime,
    direction: Direction = Direction.OUT,
    outcome: Outcome = Outcome.CONNECTED,
    note: str = "",
    seconds: int | None = None,
    exchange: Exchange | None = None,
    followups: Sequence[tuple[date, str]] = (),
    close: FollowUp | None = None,
) -> ActionResult:
    """Record a touch, with any new follow-ups (a call note's `[ ]` lines, the next one) and
    the open follow-up it answered (`close`, marked done): one atomic write, undone together.
    """
    if when > now:
        raise UserError("a touch cannot be in the future; use `follow-up` to plan one")
    touch = Touch(
        contact=contact.uid,
        when=when,
        channel=channel,
        direction=direction,
        outcome=outcome,
        duration_seconds=seconds,
        exchange=exchange,
        note=note.strip(),
        logged_at=now,
    )
    records: list[Record] = [touch]
    records += [
        FollowUp(contact.uid, due, reason.strip(), created_at=now) for due, reason in followups
    ]
    undo_ops: list[Operation] = [("delete", record) for record in records]
    extra = ""
    if followups:
        extra = f" and {len(followups)} follow-up{'s' if len(followups) != 1 else ''}"
    if close is not None:
        if close.contact != contact.uid:
            raise UserError("that follow-up belongs to another contact")
        records.append(close.revised(now, status=FollowUpStatus.DONE, done_at=now))
        undo_ops.append(("put", close))
        extra += f"; closed “{close.reason or 'follow-up'}”"
    store.put(*records)
    kind = "touch" if touch.counted else f"attempt ({outcome.value})"
    arrow = "from" if direction is Direction.IN else "with"
    return ActionResult(
        f"logged {channel.value} {kind} {arrow} {contact.display_name}{extra}",
        tuple(undo_ops),
        tuple(records),
    )


def due_followup(store: Store, plan: Schedule, today: date) -> FollowUp | None:
    """The open follow-up that puts `plan` in today's inbox (due today or earlier), if any."""
    if plan.kind != FOLLOW_UP or not plan.followup_uid or plan.next_due is None:
        return None
    if plan.next_due > today:
        return None
    for followup in store.timeline(plan.uid).followups:
        if followup.uid == plan.followup_uid and followup.is_open:
            return followup
    return None


def add_note(
    store: Store, contact: Contact, text: str, *, now: datetime, pinned: bool = False
) -> ActionResult:
    text = text.strip()
    if not text:
        raise UserError("the note is empty")
    note = Note(contact.uid, text, pinned=pinned, created_at=now)
    store.put(note)
    return ActionResult(f"noted on {contact.display_name}", (("delete", note),), (note,))


def set_followup(
    store: Store, contact: Contact, due: date, reason: str, *, now: datetime
) -> ActionResult:
    followup = FollowUp(contact.uid, due, reason.strip(), created_at=now)
    store.put(followup)
    return ActionResult(
        f"follow-up with {contact.display_name} on {due:%a %d %b %Y}",
        (("delete", followup),),
        (followup,),
    )


def snooze(
    store: Store, plan: Schedule, until: date, *, now: datetime
) -> ActionResult:
    """Move the contact's next due to `until` without counting a touch; recorded."""
    if plan.next_due is None:
        raise UserError(f"{plan.display_name} has nothing due (archived or paused)")
    if plan.kind == FOLLOW_UP and plan.followup_uid:
        followup = _followup(store, plan.uid, plan.followup_uid)
        moved = followup.revised(
            now, due=until, snoozes=[*followup.snoozes, Snooze(now, followup.due, until)]
        )
        store.put(moved)
        undo_ops: tuple[Operation, ...] = (("put", followup),)
        records: tuple[Record, ...] = (moved,)
    else:
        record = CadenceSnooze(plan.uid, Snooze(now, plan.next_due, until))
        store.put(record)
        undo_ops = (("delete", record),)
        records = (record,)
    return ActionResult(
        f"snoozed {plan.display_name} until {until:%a %d %b %Y}", undo_ops, records
    )


def complete(
    store: Store,
    plan: Schedule,
    *,
    today: date,
    now: datetime,
    channel: Channel | None = None,
    note: str = "",
) -> ActionResult:
    """`done`: log the suggested touch and close the follow-up that is due, in one write."""
    chosen = channel or Channel(plan.suggested_channel or Channel.OTHER.value)
    touch = Touch(plan.uid, now, chosen, note=note.strip(), logged_at=now)
    operations: list[Operation] = [("put", touch)]
    undo_ops: list[Operation] = [("delete", touch)]
    closed = ""
    followup = due_followup(store, plan, today)
    if followup is not None:
        operations.append(("put", followup.revised(now, status=FollowUpStatus.DONE, done_at=now)))
        undo_ops.append(("put", followup))
        closed = f"; closed “{followup.reason or 'follow-up'}”"
    store.apply(operations)
    return ActionResult(
        f"done: {chosen.value} with {plan.display_name}{closed}",
        tuple(undo_ops),
        tuple(record for _, record in operations),
    )


def remove_entry(store: Store, entry: TimelineRecord) -> ActionResult:
    """Remove a timeline entry (a touch, note, follow-up or snooze) logged by mistake; the
    cadence and the inbox follow, and undo puts it back as it was."""
    if isinstance(entry, Contact):
        raise UserError("a contact is not a timeline entry")
    store.delete(entry)
    return ActionResult(f"removed {entry_name(entry)}", (("put", entry),), (entry,))


def move_entry(store: Store, entry: TimelineRecord, contact: Contact) -> ActionResult:
    """Give an entry logged on the wrong contact to `contact`, keeping its time and text.
    Undo moves it back (both ways in two durable steps: never lost in between)."""
    if entry.contact == contact.uid:
        raise UserError(f"{entry_name(entry)} is already with {contact.display_name}")
    (moved,) = store.move([entry], contact.uid)
    return ActionResult(
        f"moved {entry_name(entry)} to {contact.display_name}",
        records=(moved,),
        revert=lambda store: store.move([moved], entry.contact),
    )


def entry_name(entry: TimelineRecord) -> str:
    """What the user calls an entry in a message: "the call of 10 Nov 2026"."""
    if isinstance(entry, Touch):
        what = "touch" if entry.channel in (Channel.SOCIAL, Channel.OTHER) else entry.channel.value
        return f"the {what} of {entry.when:%d %b %Y}"
    if isinstance(entry, Note):
        return f"the note of {entry.created_at:%d %b %Y}"
    if isinstance(entry, FollowUp):
        return f"the follow-up for {entry.due:%d %b %Y}"
    return f"the snooze of {entry.snooze.at:%d %b %Y}"


def _followup(store: Store, contact: str, uid: str) -> FollowUp:
    for followup in store.timeline(contact).followups:
        if followup.uid == uid:
            return followup
    raise UserError("that follow-up has just been changed elsewhere; try again")


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)
