"""Service functions the app needs beyond `actions`: logging a touch (a call) together with
several follow-ups, closing the follow-up it answered.

Like `actions`, each writes in one batch (one contact: one atomic write) and returns an
`ActionResult` that `actions.undo` can revert.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime

from relinbox.core.cadence import FOLLOW_UP, Schedule
from relinbox.core.models import (
    Channel,
    Contact,
    Direction,
    Exchange,
    FollowUp,
    FollowUpStatus,
    Outcome,
    Touch,
)
from relinbox.core.store import Store
from relinbox.core.store.store import Record
from relinbox.services.actions import ActionResult
from relinbox.services.errors import UserError


def log_touch_with_followups(
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
    """`actions.log_touch` with any number of new follow-ups (a call note's `[ ]` lines) and,
    optionally, an open follow-up this touch answered (`close`, marked done), all in one
    atomic write and undone together."""
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
    records += [FollowUp(contact.uid, due, reason.strip(), created_at=now)
                for due, reason in followups]
    undo: list[tuple[str, Record]] = [("delete", r) for r in records]
    extra = ""
    if followups:
        extra = f" and {len(followups)} follow-up{'s' if len(followups) != 1 else ''}"
    if close is not None:
        if close.contact != contact.uid:
            raise UserError("that follow-up belongs to another contact")
        records.append(dataclasses.replace(close, status=FollowUpStatus.DONE, done_at=now))
        undo.append(("put", close))
        extra += f"; closed “{close.reason or 'follow-up'}”"
    store.put(*records)
    kind = "touch" if touch.counted else f"attempt ({outcome.value})"
    arrow = "from" if direction is Direction.IN else "with"
    return ActionResult(
        f"logged {channel.value} {kind} {arrow} {contact.display_name}{extra}",
        tuple(undo),
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
