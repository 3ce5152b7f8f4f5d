"""Everything the cadence engine needs about one contact, in one small record.

The store keeps a digest per contact beside the contact's records and rewrites it in the same
atomic write, so the inbox can be computed from 10,000 small digests instead of 10,000 full
contacts and 100,000 touches. Digests are derived data: `relinbox doctor` rebuilds them and
reports any that disagree.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self

from relinbox.core.models import (
    CadenceSnooze,
    Contact,
    Direction,
    Exchange,
    FollowUp,
    RecordError,
    Touch,
)
from relinbox.core.models.fields import iso

RECENT_CHANNELS = 2  # the channel suggestion avoids the channels of the last two touches


@dataclass(slots=True)
class Digest:
    uid: str
    display_name: str
    tier: str = "B"
    archived: bool = False
    cadence: dict[str, Any] = field(default_factory=dict)  # per-contact overrides
    created_at: str = ""  # ISO instant: a contact never touched is due from here
    has_email: bool = False
    has_phone: bool = False
    # personal dates: [kind, label, date, yearly]; kind is birthday / anniversary / date
    dates: list[list[Any]] = field(default_factory=list)
    # timeline statistics
    counted: int = 0  # connected touches, either direction
    inbound: int = 0  # counted touches they started
    outbound: int = 0  # counted touches we started
    attempts: int = 0  # no-answer, voicemail, bounced
    gives: int = 0
    asks: int = 0
    last_counted_at: str | None = None  # ISO instant
    last_counted_logged_at: str | None = None  # when that touch was recorded
    last_touch_at: str | None = None  # any touch, attempts included
    recent_channels: list[str] = field(default_factory=list)  # newest first
    snoozed_until: str | None = None  # YYYY-MM-DD: a cadence snooze newer than the last count
    # open explicit follow-ups: [uid, due YYYY-MM-DD, reason], earliest first
    followups: list[list[str]] = field(default_factory=list)

    def to_doc(self) -> dict[str, Any]:
        # not dataclasses.asdict: its deep copy is most of the cost of a bulk import
        return {name: getattr(self, name) for name in FIELDS}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        try:
            digest = cls(**doc)
        except TypeError as error:
            raise RecordError(f"digest does not fit: {error}") from None
        if not isinstance(digest.uid, str) or not digest.uid:
            raise RecordError("digest has no 'uid'")
        return digest


FIELDS = tuple(f.name for f in fields(Digest))


def build_digest(
    contact: Contact,
    touches: Collection[Touch],
    snoozes: Collection[CadenceSnooze],
    followups: Collection[FollowUp],
) -> Digest:
    """Fold a contact and its timeline into a `Digest`."""
    digest = Digest(
        uid=contact.uid,
        display_name=contact.display_name,
        tier=contact.tier.value,
        archived=contact.archived,
        cadence=dict(contact.cadence),
        created_at=iso(contact.created_at),
        has_email=bool(contact.emails),
        has_phone=bool(contact.phones),
        dates=personal_dates(contact),
    )
    # A new contact (every one of a first import) has no timeline: nothing more to fold.
    last_counted = _fold_touches(digest, touches) if touches else None
    if snoozes:
        # A snooze holds until the next counted touch is recorded.
        latest = max(snoozes, key=lambda s: s.snooze.at)
        if last_counted is None or latest.snooze.at > last_counted.logged_at:
            digest.snoozed_until = latest.snooze.to_due.isoformat()
    if followups:
        open_followups = sorted((f for f in followups if f.is_open), key=lambda f: (f.due, f.uid))
        digest.followups = [[f.uid, f.due.isoformat(), f.reason] for f in open_followups]
    return digest


def _fold_touches(digest: Digest, touches: Collection[Touch]) -> Touch | None:
    """Count the touches into `digest`; returns the last counted one."""
    ordered = sorted(touches, key=lambda touch: touch.when)
    last_counted: Touch | None = None
    for touch in ordered:
        if touch.exchange is Exchange.GIVE:
            digest.gives += 1
        elif touch.exchange is Exchange.ASK:
            digest.asks += 1
        if not touch.counted:
            digest.attempts += 1
            continue
        digest.counted += 1
        if touch.direction is Direction.IN:
            digest.inbound += 1
        else:
            digest.outbound += 1
        last_counted = touch
    digest.last_touch_at = ordered[-1].when.isoformat()
    digest.recent_channels = [t.channel.value for t in reversed(ordered[-RECENT_CHANNELS:])]
    if last_counted is not None:
        digest.last_counted_at = last_counted.when.isoformat()
        digest.last_counted_logged_at = last_counted.logged_at.isoformat()
    return last_counted


def personal_dates(contact: Contact) -> list[list[Any]]:
    dates: list[list[Any]] = []
    if contact.birthday:
        dates.append(["birthday", "birthday", contact.birthday, True])
    if contact.anniversary:
        dates.append(["anniversary", "anniversary", contact.anniversary, True])
    for important in contact.important_dates:
        dates.append(["date", important.label, important.date, important.yearly])
    return dates
