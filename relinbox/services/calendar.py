"""Calendar entries from the store: what `relinbox export --format ics` puts in the file.

Every open follow-up becomes an entry, and so does every active contact whose next due comes
from the cadence (a contact with an open follow-up shows that instead, exactly as the inbox
does). Archived and paused contacts get nothing. docs/sync.md describes the result.

Revision rule (RFC 5545 SEQUENCE and LAST-MODIFIED), so calendar apps take each change:

- explicit follow-up: SEQUENCE is `FollowUp.sequence` (raised by every snooze, edit and
  `done`); LAST-MODIFIED is `FollowUp.updated_at`, or `created_at` before any change;
- cadence entry: SEQUENCE is the number of touches (attempts included) plus the number of
  cadence snoozes, so logging anything, `done` and `snooze` each raise it; LAST-MODIFIED is the
  newest of the contact's `updated_at`, any touch's `logged_at`, any cadence snooze and any
  follow-up change (a closed follow-up hands the contact back to the cadence).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from relinbox.core.cadence import (
    BUILDING,
    CADENCE,
    NURTURE,
    ONE_WAY,
    Schedule,
    stage_on,
)
from relinbox.core.models import Contact, Direction, FollowUp, Touch
from relinbox.core.store import Store, Timeline
from relinbox.interop.ics import CalendarEntry, build_calendar, entry_uids
from relinbox.services.planner import Planner

CADENCE_PREFIX = "cadence"
FOLLOWUP_PREFIX = "followup"

# "Call Ada Lovelace — building 4/7": the verb of the suggested channel
VERBS = {
    "call": "Call",
    "email": "E-mail",
    "meeting": "Meet",
    "message": "Message",
    "social": "Reach out to",
    "gift": "Send a gift to",
    "referral": "Refer someone to",
    "intro": "Make an intro for",
}
DEFAULT_VERB = "Contact"
DAY = "%a %d %b %Y"


def calendar_entries(store: Store, planner: Planner, today: date) -> list[CalendarEntry]:
    """One entry per open follow-up and per active contact's cadence due, in a fixed order."""
    tz = planner.clock.tz
    contacts = {contact.uid: contact for contact in store.contacts()}
    entries: list[CalendarEntry] = []
    for plan in sorted(planner.schedules(store), key=lambda p: p.uid):
        contact = contacts.get(plan.uid)
        if contact is None or plan.archived or plan.paused or plan.next_due is None:
            continue
        timeline = store.timeline(plan.uid)
        open_followups = sorted(
            (f for f in timeline.followups if f.is_open), key=lambda f: (f.due, f.uid)
        )
        for followup in open_followups:
            entries.append(followup_entry(contact, plan, timeline, followup, today, tz))
        if plan.kind == CADENCE and plan.cadence_due is not None:
            entries.append(cadence_entry(contact, plan, timeline, today, tz))
    entries.sort(key=lambda e: (e.due, e.summary.casefold(), e.uid))
    return entries


def export_ics(store: Store, planner: Planner, today: date, now: datetime) -> bytes:
    """The `.ics` file of `calendar_entries`, stamped with `now`."""
    return build_calendar(calendar_entries(store, planner, today), now=now)


def cadence_entry(
    contact: Contact, plan: Schedule, timeline: Timeline, today: date, tz: tzinfo
) -> CalendarEntry:
    assert plan.cadence_due is not None
    todo_uid, event_uid = entry_uids(CADENCE_PREFIX, contact.uid)
    verb = VERBS.get(plan.suggested_channel or "", DEFAULT_VERB)
    lines = [
        f"Stage: {stage_text(plan, today)}",
        f"Reason: {plan.reason}",
        f"Last touch: {last_touch_text(timeline.touches, tz)}",
    ]
    if plan.suggested_channel:
        lines.append(f"Suggested channel: {plan.suggested_channel}")
    regular = plan.stage in (NURTURE, ONE_WAY)
    return CalendarEntry(
        uid=todo_uid,
        event_uid=event_uid,
        kind=CADENCE,
        summary=f"{verb} {contact.display_name} — {plan.reason}",
        description="\n".join(lines),
        due=plan.cadence_due,
        sequence=len(timeline.touches) + len(timeline.snoozes),
        last_modified=cadence_last_modified(contact, timeline),
        created=contact.created_at,
        repeat_days=plan.interval_days if regular else None,
    )


def followup_entry(
    contact: Contact,
    plan: Schedule,
    timeline: Timeline,
    followup: FollowUp,
    today: date,
    tz: tzinfo,
) -> CalendarEntry:
    todo_uid, event_uid = entry_uids(FOLLOWUP_PREFIX, followup.uid)
    reason = followup.reason or "follow up"
    lines = [
        f"Follow-up: {reason}",
        f"Stage: {stage_text(plan, today)}",
        f"Last touch: {last_touch_text(timeline.touches, tz)}",
        f"Promised on: {followup.created_at.astimezone(tz):{DAY}}",
    ]
    if followup.snoozes:
        times = len(followup.snoozes)
        lines.append(
            f"Snoozed {times} time{'s' if times != 1 else ''}, "
            f"first due {followup.snoozes[0].from_due:{DAY}}"
        )
    return CalendarEntry(
        uid=todo_uid,
        event_uid=event_uid,
        kind="follow-up",
        summary=f"Follow up with {contact.display_name} — {reason}",
        description="\n".join(lines),
        due=followup.due,
        sequence=followup.sequence,
        last_modified=followup.updated_at or followup.created_at,
        created=followup.created_at,
    )


def cadence_last_modified(contact: Contact, timeline: Timeline) -> datetime:
    """The newest change that can move the contact's cadence due."""
    moments = [contact.updated_at]
    moments += [touch.logged_at for touch in timeline.touches]
    moments += [snooze.snooze.at for snooze in timeline.snoozes]
    for followup in timeline.followups:
        moments.append(followup.updated_at or followup.created_at)
        if followup.done_at is not None:
            moments.append(followup.done_at)
    return max(moments)


def stage_text(plan: Schedule, today: date) -> str:
    """"building 4/7", "nurture (12 touches)", "dormant (1 touch)": the stage as of `today`."""
    stage = stage_on(plan, today)
    if stage == BUILDING and plan.progress:
        return f"{stage} {plan.progress}"
    return f"{stage} ({plan.counted} touch{'es' if plan.counted != 1 else ''})"


def last_touch_text(touches: list[Touch], tz: tzinfo) -> str:
    """"Fri 20 Nov 2026, call" / "…, e-mail from them" / "…, call attempt (voicemail)"."""
    if not touches:
        return "none yet"
    touch = max(touches, key=lambda t: (t.when, t.uid))
    text = f"{touch.when.astimezone(tz):{DAY}}, {touch.channel.value}"
    if touch.direction is Direction.IN:
        text += " from them"
    if not touch.counted:
        text += f" attempt ({touch.outcome.value})"
    return text
