"""Domain records: contacts and their timeline (touches, notes, follow-ups, snoozes).

Records are plain dataclasses that convert to and from JSON-ready dicts ("docs"). `from_doc`
validates and raises `RecordError` naming the field, so the store can point at the file and
line of a bad record instead of failing with a traceback.
"""

from relinbox.core.models.contact import (
    CADENCE_OVERRIDE_KEYS,
    Address,
    Contact,
    ContactPoint,
    ImportantDate,
    Name,
    Org,
    Provenance,
    Related,
    check_cadence_overrides,
)
from relinbox.core.models.enums import (
    Channel,
    Direction,
    Exchange,
    FollowUpStatus,
    Outcome,
    Tier,
)
from relinbox.core.models.fields import (
    RecordError,
    check_personal_date,
    new_uid,
    parse_instant,
    utc_now,
)
from relinbox.core.models.timeline import CadenceSnooze, FollowUp, Note, Snooze, Touch

__all__ = [
    "CADENCE_OVERRIDE_KEYS",
    "Address",
    "CadenceSnooze",
    "Channel",
    "Contact",
    "ContactPoint",
    "Direction",
    "Exchange",
    "FollowUp",
    "FollowUpStatus",
    "ImportantDate",
    "Name",
    "Note",
    "Org",
    "Outcome",
    "Provenance",
    "RecordError",
    "Related",
    "Snooze",
    "Tier",
    "Touch",
    "check_cadence_overrides",
    "check_personal_date",
    "new_uid",
    "parse_instant",
    "utc_now",
]
