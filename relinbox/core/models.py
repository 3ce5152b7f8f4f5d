"""Domain records: contacts and their timeline (touches, notes, follow-ups, snoozes).

Records are plain dataclasses that convert to and from JSON-ready dicts ("docs"). `from_doc`
validates and raises `RecordError` naming the field, so the store can point at the file and
line of a bad record instead of failing with a traceback.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Self, TypeVar

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")


class RecordError(ValueError):
    """A stored or supplied record does not have the expected shape."""


class Channel(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    EMAIL = "email"
    MESSAGE = "message"
    SOCIAL = "social"
    GIFT = "gift"
    REFERRAL = "referral"
    INTRO = "intro"
    OTHER = "other"


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


class Outcome(StrEnum):
    CONNECTED = "connected"
    NO_ANSWER = "no-answer"
    VOICEMAIL = "voicemail"
    BOUNCED = "bounced"


class Exchange(StrEnum):
    """Reciprocity tag of a touch: did we give something or ask for something?"""

    GIVE = "give"
    ASK = "ask"


class Tier(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"


def new_uid() -> str:
    return str(uuid.uuid4())


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- value checks shared by every record -------------------------------------------------


def _str(doc: Mapping[str, Any], key: str, default: str = "") -> str:
    value = doc.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be text, not {type(value).__name__}")
    return value


def _opt_str(doc: Mapping[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be text or null, not {type(value).__name__}")
    return value


def _bool(doc: Mapping[str, Any], key: str, default: bool = False) -> bool:
    value = doc.get(key, default)
    if not isinstance(value, bool):
        raise RecordError(f"{key!r} must be true or false")
    return value


def _opt_int(doc: Mapping[str, Any], key: str) -> int | None:
    value = doc.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"{key!r} must be a whole number")
    return value


def _list(doc: Mapping[str, Any], key: str) -> list[Any]:
    value = doc.get(key) or []
    if not isinstance(value, list):
        raise RecordError(f"{key!r} must be a list")
    return value


def _enum(kind: type[E], doc: Mapping[str, Any], key: str, default: E | None = None) -> E:
    value = doc.get(key)
    if value is None and default is not None:
        return default
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise RecordError(f"{key!r} is {value!r}; expected one of {choices}") from None


def _opt_enum(kind: type[E], doc: Mapping[str, Any], key: str) -> E | None:
    return None if doc.get(key) is None else _enum(kind, doc, key)


def parse_instant(text: str, key: str = "time") -> datetime:
    """Parse a stored ISO 8601 instant; it must carry a UTC offset."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(f"{key!r} is {text!r}, not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        raise RecordError(f"{key!r} is {text!r}, which has no UTC offset")
    return value


def _instant(doc: Mapping[str, Any], key: str) -> datetime:
    return parse_instant(_str(doc, key), key)


def _opt_instant(doc: Mapping[str, Any], key: str) -> datetime | None:
    text = _opt_str(doc, key)
    return None if text is None else parse_instant(text, key)


def _day(doc: Mapping[str, Any], key: str) -> date:
    text = _str(doc, key)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RecordError(f"{key!r} is {text!r}, not a YYYY-MM-DD date") from None


def check_personal_date(text: str, key: str = "date") -> str:
    """Validate a personal date: `YYYY-MM-DD`, or `--MM-DD` when the year is unknown."""
    probe = "2000" + text[1:] if text.startswith("--") else text  # 2000 is a leap year
    try:
        date.fromisoformat(probe)
    except ValueError:
        raise RecordError(f"{key!r} is {text!r}; expected YYYY-MM-DD or --MM-DD") from None
    if len(probe) != 10:
        raise RecordError(f"{key!r} is {text!r}; expected YYYY-MM-DD or --MM-DD")
    return text


def _opt_personal_date(doc: Mapping[str, Any], key: str) -> str | None:
    text = _opt_str(doc, key)
    return None if text is None else check_personal_date(text, key)


def _nested(kind: Callable[[Mapping[str, Any]], T], items: Iterable[Any], key: str) -> list[T]:
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise RecordError(f"{key}[{index}] must be an object")
        try:
            result.append(kind(item))
        except RecordError as error:
            raise RecordError(f"{key}[{index}]: {error}") from None
    return result


# --- contact parts --------------------------------------------------------------------


@dataclass(slots=True)
class ContactPoint:
    """An e-mail address or phone number, as written by the source."""

    value: str
    label: str = ""
    primary: bool = False

    def to_doc(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "primary": self.primary}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        value = _str(doc, "value")
        if not value:
            raise RecordError("'value' is empty")
        return cls(value, _str(doc, "label"), _bool(doc, "primary"))


@dataclass(slots=True)
class Name:
    prefix: str = ""
    given: str = ""
    additional: str = ""
    family: str = ""
    suffix: str = ""

    def parts(self) -> list[str]:
        return [self.prefix, self.given, self.additional, self.family, self.suffix]

    def joined(self) -> str:
        return " ".join(part.strip() for part in self.parts() if part.strip())

    def to_doc(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(*(_str(doc, f.name) for f in fields(cls)))


@dataclass(slots=True)
class Org:
    name: str = ""
    title: str = ""
    department: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "department": self.department}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "name"), _str(doc, "title"), _str(doc, "department"))


@dataclass(slots=True)
class Address:
    label: str = ""
    street: str = ""
    city: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    formatted: str = ""
    po_box: str = ""
    extended: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(*(_str(doc, f.name) for f in fields(cls)))


@dataclass(slots=True)
class ImportantDate:
    """A date worth remembering: "daughter's wedding", "joined the firm"."""

    label: str
    date: str  # YYYY-MM-DD or --MM-DD
    yearly: bool = True  # False: a one-off event, shown only in its own year

    def to_doc(self) -> dict[str, Any]:
        return {"label": self.label, "date": self.date, "yearly": self.yearly}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        when = check_personal_date(_str(doc, "date"))
        return cls(_str(doc, "label"), when, _bool(doc, "yearly", True))


@dataclass(slots=True)
class Related:
    """A related person: spouse, assistant, daughter…"""

    name: str
    relation: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"name": self.name, "relation": self.relation}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "name"), _str(doc, "relation"))


@dataclass(slots=True)
class Provenance:
    """Where a contact came from; `key` identifies it again on the next import."""

    source: str  # "manual", "vcard", "google", "outlook", "outlook-com", "linkedin", "demo", …
    key: str = ""
    imported_at: str = ""

    def to_doc(self) -> dict[str, Any]:
        return {"source": self.source, "key": self.key, "imported_at": self.imported_at}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        return cls(_str(doc, "source"), _str(doc, "key"), _str(doc, "imported_at"))


# Per-contact cadence overrides: any of these CadenceSettings fields (docs/cadence.md).
CADENCE_OVERRIDE_KEYS = frozenset(
    {
        "interval_days",
        "building_gaps",
        "building_target",
        "building_max",
        "reciprocity_inbound",
        "one_way_checkin_days",
        "dormant_intervals",
        "date_lead_days",
        "paused",
    }
)


def check_cadence_overrides(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RecordError("'cadence' must be an object")
    unknown = set(value) - CADENCE_OVERRIDE_KEYS
    if unknown:
        raise RecordError(f"'cadence' has unknown setting(s): {', '.join(sorted(unknown))}")
    for key, item in value.items():
        if key == "paused":
            if not isinstance(item, bool):
                raise RecordError("'cadence.paused' must be true or false")
        elif key == "building_gaps":
            if not (isinstance(item, list) and item and all(_positive_int(g) for g in item)):
                raise RecordError("'cadence.building_gaps' must list positive whole numbers")
        elif not _positive_int(item):
            raise RecordError(f"'cadence.{key}' must be a positive whole number")
    return dict(value)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# --- records ----------------------------------------------------------------------------


@dataclass(slots=True)
class Contact:
    display_name: str
    uid: str = field(default_factory=new_uid)
    name: Name = field(default_factory=Name)
    nickname: str = ""
    kind: str = "individual"  # or "org" (vCard KIND)
    emails: list[ContactPoint] = field(default_factory=list)
    phones: list[ContactPoint] = field(default_factory=list)
    org: Org = field(default_factory=Org)
    tags: list[str] = field(default_factory=list)
    starred: bool = False
    birthday: str | None = None  # YYYY-MM-DD or --MM-DD
    birthday_text: str | None = None  # a birthday the source gave as free text
    anniversary: str | None = None
    important_dates: list[ImportantDate] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    notes: str = ""  # free text carried by the source (vCard NOTE, CSV Notes)
    urls: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    linkedin: str | None = None
    connected_on: str | None = None  # LinkedIn "Connected On": a fact, not a touch
    tier: Tier = Tier.B
    timezone: str | None = None  # IANA name, e.g. "Europe/London"
    cadence: dict[str, Any] = field(default_factory=dict)
    archived: bool = False
    custom: dict[str, str] = field(default_factory=dict)  # labelled fields with no home
    extra: list[str] = field(default_factory=list)  # unknown vCard lines, verbatim
    provenance: list[Provenance] = field(default_factory=list)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)

    @property
    def primary_email(self) -> str | None:
        return _primary(self.emails)

    @property
    def primary_phone(self) -> str | None:
        return _primary(self.phones)

    def to_doc(self) -> dict[str, Any]:
        return {
            "uid": self.uid,
            "display_name": self.display_name,
            "name": self.name.to_doc(),
            "nickname": self.nickname,
            "kind": self.kind,
            "emails": [p.to_doc() for p in self.emails],
            "phones": [p.to_doc() for p in self.phones],
            "org": self.org.to_doc(),
            "tags": list(self.tags),
            "starred": self.starred,
            "birthday": self.birthday,
            "birthday_text": self.birthday_text,
            "anniversary": self.anniversary,
            "important_dates": [d.to_doc() for d in self.important_dates],
            "related": [r.to_doc() for r in self.related],
            "notes": self.notes,
            "urls": list(self.urls),
            "addresses": [a.to_doc() for a in self.addresses],
            "linkedin": self.linkedin,
            "connected_on": self.connected_on,
            "tier": self.tier.value,
            "timezone": self.timezone,
            "cadence": dict(self.cadence),
            "archived": self.archived,
            "custom": dict(self.custom),
            "extra": list(self.extra),
            "provenance": [p.to_doc() for p in self.provenance],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        uid = _str(doc, "uid")
        if not uid:
            raise RecordError("'uid' is empty")
        tags = _list(doc, "tags")
        urls = _list(doc, "urls")
        extra = _list(doc, "extra")
        custom = doc.get("custom") or {}
        for key, items in (("tags", tags), ("urls", urls), ("extra", extra)):
            if not all(isinstance(item, str) for item in items):
                raise RecordError(f"{key!r} must be a list of text")
        if not isinstance(custom, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in custom.items()
        ):
            raise RecordError("'custom' must map text to text")
        return cls(
            uid=uid,
            display_name=_str(doc, "display_name"),
            name=Name.from_doc(doc.get("name") or {}),
            nickname=_str(doc, "nickname"),
            kind=_str(doc, "kind", "individual") or "individual",
            emails=_nested(ContactPoint.from_doc, _list(doc, "emails"), "emails"),
            phones=_nested(ContactPoint.from_doc, _list(doc, "phones"), "phones"),
            org=Org.from_doc(doc.get("org") or {}),
            tags=tags,
            starred=_bool(doc, "starred"),
            birthday=_opt_personal_date(doc, "birthday"),
            birthday_text=_opt_str(doc, "birthday_text"),
            anniversary=_opt_personal_date(doc, "anniversary"),
            important_dates=_nested(
                ImportantDate.from_doc, _list(doc, "important_dates"), "important_dates"
            ),
            related=_nested(Related.from_doc, _list(doc, "related"), "related"),
            notes=_str(doc, "notes"),
            urls=urls,
            addresses=_nested(Address.from_doc, _list(doc, "addresses"), "addresses"),
            linkedin=_opt_str(doc, "linkedin"),
            connected_on=_opt_str(doc, "connected_on"),
            tier=_enum(Tier, doc, "tier", Tier.B),
            timezone=_opt_str(doc, "timezone"),
            cadence=check_cadence_overrides(doc.get("cadence")),
            archived=_bool(doc, "archived"),
            custom=dict(custom),
            extra=extra,
            provenance=_nested(Provenance.from_doc, _list(doc, "provenance"), "provenance"),
            created_at=_instant(doc, "created_at"),
            updated_at=_instant(doc, "updated_at"),
        )


def _primary(points: list[ContactPoint]) -> str | None:
    for point in points:
        if point.primary:
            return point.value
    return points[0].value if points else None


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
