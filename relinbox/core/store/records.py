"""What the store holds: the record types, their tables, and a batch of changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from relinbox.core.models import (
    CadenceSnooze,
    Contact,
    FollowUp,
    Note,
    Touch,
)

TimelineRecord = Touch | Note | FollowUp | CadenceSnooze
Record = Contact | TimelineRecord

TABLE_OF: dict[type, str] = {
    Contact: "contacts",
    Touch: "touches",
    Note: "notes",
    FollowUp: "followups",
    CadenceSnooze: "snoozes",
}
TIMELINE_TABLES = ("touches", "notes", "followups", "snoozes")
DIGESTS = "digests"
DIGESTS_ONLY = frozenset({DIGESTS})


def contact_of(record: Record) -> str:
    return record.uid if isinstance(record, Contact) else record.contact


@dataclass(slots=True)
class Timeline:
    """Everything recorded about one contact."""

    touches: list[Touch] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)
    snoozes: list[CadenceSnooze] = field(default_factory=list)


@dataclass(slots=True)
class Batch:
    """Changes collected inside `with store.batch()`, applied together on exit."""

    operations: list[tuple[str, Record]] = field(default_factory=list)

    def put(self, record: Record) -> None:
        """Insert the record, or replace the stored one with the same uid."""
        self.operations.append(("put", record))

    def delete(self, record: Record) -> None:
        """Delete the record; deleting a contact deletes its whole timeline too."""
        self.operations.append(("delete", record))
