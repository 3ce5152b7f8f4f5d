"""The timeline of a contact: touches, notes, follow-ups and snoozes."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Self

from relinbox.core.models.enums import Channel, Direction, Exchange, FollowUpStatus, Outcome
from relinbox.core.models.fields import (
    RecordError,
    _bool,
    _day,
    _enum,
    _instant,
    _list,
    _nested,
    _opt_enum,
    _opt_instant,
    _opt_int,
    _str,
    new_uid,
    utc_now,
)


@dataclass(slots=True)
class Touch:
    """One interaction on the timeline: a call, a meeting, an e-mail, a gift…"""

    contact: str
    when: datetime  # timezone-aware
    channel: Channel
    direction: Direction = Direction.OUT
    outcome: Outcome = Outcome.CONNECTED
    duration_seconds: int | None = None
    exchange: Exchange | None = None  # give / ask
    note: str = ""
    uid: str = field(default_factory=new_uid)
    logged_at: datetime = field(default_factory=utc_now)  # when it was recorded

    @property
    def counted(self) -> bool:
        """Only connected or delivered interactions count towards the cadence."""
        return self.outcome is Outcome.CONNECTED

    def to_doc(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "contact": self.contact,
            "when": self.when.isoformat(),
            "channel": self.channel.value,
            "direction": self.direction.value,
            "outcome": self.outcome.value,
            "duration_seconds": self.duration_seconds,
            "exchange": self.exchange.value if self.exchange else None,
            "note": self.note,
            "logged_at": self.logged_at.isoformat(),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        duration = _opt_int(doc, "duration_seconds")
        if duration is not None and duration < 0:
            raise RecordError("'duration_seconds' is negative")
        return cls(
            uid=_str(doc, "uid") or new_uid(),
            contact=_str(doc, "contact"),
            when=_instant(doc, "when"),
            channel=_enum(Channel, doc, "channel"),
            direction=_enum(Direction, doc, "direction", Direction.OUT),
            outcome=_enum(Outcome, doc, "outcome", Outcome.CONNECTED),
            duration_seconds=duration,
            exchange=_opt_enum(Exchange, doc, "exchange"),
            note=_str(doc, "note"),
            logged_at=_opt_instant(doc, "logged_at") or _instant(doc, "when"),
        )


@dataclass(slots=True)
class Note:
    """A remembered detail. Pinned notes stay on the contact card."""

    contact: str
    text: str
    pinned: bool = False
    uid: str = field(default_factory=new_uid)
    created_at: datetime = field(default_factory=utc_now)
    edited_at: datetime | None = None

    def to_doc(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "contact": self.contact,
            "text": self.text,
            "pinned": self.pinned,
            "created_at": self.created_at.isoformat(),
            "edited_at": self.edited_at.isoformat() if self.edited_at else None,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(
            uid=_str(doc, "uid") or new_uid(),
            contact=_str(doc, "contact"),
            text=_str(doc, "text"),
            pinned=_bool(doc, "pinned"),
            created_at=_instant(doc, "created_at"),
            edited_at=_opt_instant(doc, "edited_at"),
        )


@dataclass(slots=True)
class Snooze:
    """A due date moved without a touch. Recorded on follow-ups and on the cadence."""

    at: datetime
    from_due: date
    to_due: date

    def to_doc(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "from_due": self.from_due.isoformat(),
            "to_due": self.to_due.isoformat(),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_instant(doc, "at"), _day(doc, "from_due"), _day(doc, "to_due"))


@dataclass(slots=True)
class CadenceSnooze:
    """A snooze of the cadence itself (no explicit follow-up open), kept on the timeline."""

    contact: str
    snooze: Snooze
    uid: str = field(default_factory=new_uid)

    def to_doc(self) -> dict[str, Any]:
        return {"uid": self.uid, "contact": self.contact, **self.snooze.to_doc()}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "contact"), Snooze.from_doc(doc), _str(doc, "uid") or new_uid())


@dataclass(slots=True)
class FollowUp:
    """An explicit, dated promise: "call back Thursday about the quote"."""

    contact: str
    due: date
    reason: str = ""
    status: FollowUpStatus = FollowUpStatus.OPEN
    uid: str = field(default_factory=new_uid)
    created_at: datetime = field(default_factory=utc_now)
    done_at: datetime | None = None
    snoozes: list[Snooze] = field(default_factory=list)
    sequence: int = 0  # revision, raised on every change (iCalendar SEQUENCE)
    updated_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status is FollowUpStatus.OPEN

    def revised(self, now: datetime, **changes: Any) -> FollowUp:
        """A changed copy with the revision raised, as calendar clients expect."""
        return dataclasses.replace(self, **changes, sequence=self.sequence + 1, updated_at=now)

    def to_doc(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "contact": self.contact,
            "due": self.due.isoformat(),
            "reason": self.reason,
            "status": self.status.value,
            "created_at": self.created_at.isoformat(),
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "snoozes": [s.to_doc() for s in self.snoozes],
            "sequence": self.sequence,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(
            uid=_str(doc, "uid") or new_uid(),
            contact=_str(doc, "contact"),
            due=_day(doc, "due"),
            reason=_str(doc, "reason"),
            status=_enum(FollowUpStatus, doc, "status", FollowUpStatus.OPEN),
            created_at=_instant(doc, "created_at"),
            done_at=_opt_instant(doc, "done_at"),
            snoozes=_nested(Snooze.from_doc, _list(doc, "snoozes"), "snoozes"),
            sequence=_opt_int(doc, "sequence") or 0,
            updated_at=_opt_instant(doc, "updated_at"),
        )
